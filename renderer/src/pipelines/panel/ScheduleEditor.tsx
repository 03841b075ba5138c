import { useEffect, useId, useState } from 'react';
import type { ScheduleEntry } from '../../../../shared/api/pipeline-contract.js';
import { useStores } from '../../state/app-stores.js';
import { errorMessage } from '../../ui/errors.js';
import { formatDateTime } from '../../ui/format.js';
import { isDirty } from '../editor/editor-store.js';
import { useEditor, usePipelineStores } from '../pipeline-stores.js';

/**
 * The pipeline's schedule: a cron expression checked by the engine as it is typed (the
 * next five times, or what is wrong), and applied to the saved file with schedules.set.
 */
export function ScheduleEditor() {
  const { api } = useStores();
  const { editor } = usePipelineStores();
  const schedule = useEditor((s) => s.doc.meta.schedule);
  const path = useEditor((s) => s.path);
  const dirty = useEditor(isDirty);
  const id = useId();
  const cron = schedule?.cron ?? '';
  const timezone = schedule?.timezone ?? '';
  const enabled = schedule?.enabled ?? true;
  const [preview, setPreview] = useState<{ next: string[] } | { error: string } | null>(null);
  const [entry, setEntry] = useState<ScheduleEntry | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!cron.trim()) {
      setPreview(null);
      return;
    }
    let live = true;
    const t = setTimeout(() => {
      api.call('schedules.preview', { cron, ...(timezone.trim() ? { timezone: timezone.trim() } : {}), count: 5 })
        .then((r) => live && setPreview({ next: r.next }))
        .catch((e: unknown) => live && setPreview({ error: errorMessage(e) }));
    }, 250);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [api, cron, timezone]);

  useEffect(() => {
    setEntry(null);
    if (!path) return;
    let live = true;
    api.call('schedules.list', {}).then((all) => live && setEntry(all.find((e) => e.path === path) ?? null)).catch(() => undefined);
    return () => {
      live = false;
    };
  }, [api, path]);

  const update = (change: { cron?: string; timezone?: string; enabled?: boolean }, key: string) => {
    const next = { cron, timezone, enabled, ...change };
    editor.getState().updateMeta({
      schedule: next.cron.trim() === '' && !next.timezone ? undefined : { cron: next.cron, enabled: next.enabled, ...(next.timezone ? { timezone: next.timezone } : {}) },
    }, `schedule:${key}`);
    setStatus(null);
  };

  async function apply(): Promise<void> {
    if (!path) return;
    setSaving(true);
    setStatus(null);
    try {
      const saved = await api.call('schedules.set', { path, cron, enabled, ...(timezone.trim() ? { timezone: timezone.trim() } : {}) });
      setEntry(saved);
      setStatus(saved.enabled ? 'Schedule applied: it runs while the app is open.' : 'Schedule saved, switched off.');
    } catch (e) {
      setStatus(errorMessage(e));
    } finally {
      setSaving(false);
    }
  }

  const cronError = preview && 'error' in preview ? preview.error : null;
  return (
    <div className="schedule" data-testid="schedule-editor">
      <div className="form-row">
        <div className={`field grow${cronError ? ' field--invalid' : ''}`}>
          <label htmlFor={`${id}-cron`}>Cron expression</label>
          <input id={`${id}-cron`} type="text" className="mono" placeholder="0 2 * * *" value={cron} spellCheck={false} aria-invalid={cronError ? true : undefined} aria-describedby={`${id}-preview`} onChange={(e) => update({ cron: e.target.value }, 'cron')} data-testid="schedule-cron" />
        </div>
        <div className="field narrow">
          <label htmlFor={`${id}-tz`}>Time zone</label>
          <input id={`${id}-tz`} type="text" placeholder="Local" value={timezone} spellCheck={false} onChange={(e) => update({ timezone: e.target.value }, 'tz')} />
        </div>
      </div>
      <div id={`${id}-preview`} aria-live="polite" data-testid="schedule-preview">
        {cronError ? <div className="field__error" role="alert">{cronError}</div> : null}
        {preview && 'next' in preview ? (
          <div className="schedule__next">
            <div className="field__hint">Next runs</div>
            <ol>{preview.next.map((t) => <li key={t}>{formatDateTime(t)}</li>)}</ol>
          </div>
        ) : null}
      </div>
      <label className="schedule__enabled"><input type="checkbox" checked={enabled} onChange={(e) => update({ enabled: e.target.checked }, 'enabled')} data-testid="schedule-enabled" /> Enabled</label>
      <div className="schedule__actions">
        <button type="button" className="btn btn--small" disabled={!path || !cron.trim() || Boolean(cronError) || saving} onClick={() => void apply()} data-testid="schedule-apply" title={!path ? 'Save the pipeline to a file first: a schedule runs a file.' : undefined}>
          {saving ? 'Applying…' : 'Apply schedule'}
        </button>
        {!path ? <span className="muted small">Save the pipeline first: a schedule runs a file.</span> : dirty ? <span className="muted small">Unsaved changes are not scheduled until saved.</span> : null}
      </div>
      {status ? <div className="small" role="status">{status}</div> : null}
      {entry ? (
        <div className="schedule__entry small muted" data-testid="schedule-entry">
          {entry.enabled ? `Scheduled: ${entry.cron}${entry.timezone ? ` (${entry.timezone})` : ''}` : 'Schedule off'}
          {entry.lastRunAt ? ` · last run ${formatDateTime(entry.lastRunAt)}` : ''}
          {entry.lastProblem ? ` · ${entry.lastProblem}` : ''}
        </div>
      ) : null}
    </div>
  );
}
