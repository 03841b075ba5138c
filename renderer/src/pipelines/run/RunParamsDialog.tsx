import { useId, useState } from 'react';
import { coerceParam } from '../../../../shared/pipeline/params.js';
import type { ParamValue, PipelineParameter } from '../../../../shared/pipeline/pipeline.js';
import { useProfiles } from '../../state/app-stores.js';
import { Dialog } from '../../ui/Dialog.js';
import { ConnectionPicker } from '../panel/ConnectionPicker.js';

/** Asks for the run's parameter values, prefilled with the defaults; empty optional ones stay unset. */
export function RunParamsDialog({ parameters, onRun, onCancel, busy }: { parameters: readonly PipelineParameter[]; onRun(values: Record<string, ParamValue>): void; onCancel(): void; busy: boolean }) {
  const profiles = useProfiles((s) => s.profiles);
  const [text, setText] = useState<Record<string, string>>(() => Object.fromEntries(parameters.map((p) => [p.name, p.default === undefined ? '' : String(p.default)])));
  const [tried, setTried] = useState(false);
  const id = useId();

  const results = parameters.map((p) => {
    const raw = text[p.name] ?? '';
    if (raw.trim() === '') return { p, value: undefined, error: p.required ? 'Required' : null };
    const c = coerceParam(p, raw);
    return { p, value: c.ok ? c.value : undefined, error: c.ok ? null : c.error };
  });
  const hasErrors = results.some((r) => r.error);

  function submit(): void {
    setTried(true);
    if (hasErrors) return;
    const values: Record<string, ParamValue> = {};
    for (const r of results) if (r.value !== undefined) values[r.p.name] = r.value;
    onRun(values);
  }

  return (
    <Dialog
      title="Run pipeline"
      onCancel={onCancel}
      testId="run-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onCancel}>Cancel</button>
          <button type="submit" form={`${id}-form`} className="btn btn--primary" disabled={busy} data-testid="run-confirm">{busy ? 'Starting…' : 'Run'}</button>
        </>
      }
    >
      <form id={`${id}-form`} className="form-grid" onSubmit={(e) => { e.preventDefault(); submit(); }}>
        {parameters.length === 0 ? <p className="muted">This pipeline has no parameters.</p> : null}
        {results.map(({ p, error }) => {
          const fid = `${id}-${p.name}`;
          const shownError = tried || (text[p.name] ?? '') !== '' ? error : null;
          return (
            <div key={p.name} className={`field${shownError ? ' field--invalid' : ''}`}>
              <label htmlFor={fid}>{p.name}{p.required ? ' *' : ''} <span className="muted small">({p.kind})</span></label>
              {p.kind === 'boolean' ? (
                <select id={fid} value={text[p.name] ?? ''} onChange={(e) => setText({ ...text, [p.name]: e.target.value })}>
                  <option value="">Not set</option><option value="true">true</option><option value="false">false</option>
                </select>
              ) : p.kind === 'connection' ? (
                <ConnectionPicker id={fid} value={text[p.name] ?? ''} onChange={(v) => setText({ ...text, [p.name]: v })} profiles={profiles} parameters={[]} invalid={Boolean(shownError)} />
              ) : (
                <input id={fid} type="text" className={p.kind === 'path' ? 'mono' : undefined} value={text[p.name] ?? ''} spellCheck={false} onChange={(e) => setText({ ...text, [p.name]: e.target.value })} data-testid={`run-param-${p.name}`} />
              )}
              {p.description ? <div className="field__hint">{p.description}</div> : null}
              {shownError ? <div className="field__error" role="alert">{shownError}</div> : null}
            </div>
          );
        })}
      </form>
    </Dialog>
  );
}
