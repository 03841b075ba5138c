import { useEffect, useId, useState } from 'react';
import { Dialog } from '../../ui/Dialog.js';
import { Notice } from '../../ui/feedback.js';
import { formatDateTime } from '../../ui/format.js';
import { useSession } from '../pipeline-stores.js';

/** The renderer has no file system: a path typed (or picked from the recent list) is opened by the engine. */
export function OpenDialog({ onOpen, onCancel }: { onOpen(path: string): void; onCancel(): void }) {
  const recent = useSession((s) => s.recent);
  const loadRecent = useSession((s) => s.loadRecent);
  const busy = useSession((s) => s.busy);
  const error = useSession((s) => s.error);
  const [path, setPath] = useState('');
  const id = useId();
  useEffect(() => void loadRecent(), [loadRecent]);
  return (
    <Dialog
      title="Open pipeline"
      onCancel={onCancel}
      testId="open-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onCancel}>Cancel</button>
          <button type="submit" form={`${id}-form`} className="btn btn--primary" disabled={!path.trim() || busy === 'opening'}>{busy === 'opening' ? 'Opening…' : 'Open'}</button>
        </>
      }
    >
      <form id={`${id}-form`} onSubmit={(e) => { e.preventDefault(); if (path.trim()) onOpen(path.trim()); }} className="form-grid">
        {error ? <Notice tone="bad" testId="dialog-error">{error}</Notice> : null}
        <div className="field">
          <label htmlFor={`${id}-path`}>Pipeline file</label>
          <input id={`${id}-path`} type="text" className="mono" value={path} onChange={(e) => setPath(e.target.value)} placeholder="/home/me/pipelines/web-log.pipeline.json" data-autofocus spellCheck={false} data-testid="open-path" />
          <div className="field__hint">The full path of a pipeline file on the machine that runs the engine.</div>
        </div>
        {recent.length > 0 ? (
          <div>
            <div className="section-title">Recent</div>
            <ul className="recent-list">
              {recent.map((r) => (
                <li key={r.path}>
                  <button type="button" className="recent-list__item" onClick={() => onOpen(r.path)} data-testid="recent-item">
                    <span className="recent-list__name">{r.name}</span>
                    <span className="recent-list__path mono">{r.path}</span>
                    <span className="recent-list__when muted small">{formatDateTime(r.openedAt)}</span>
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </form>
    </Dialog>
  );
}

export function SaveAsDialog({ initial, onSave, onCancel }: { initial: string; onSave(path: string): void; onCancel(): void }) {
  const busy = useSession((s) => s.busy);
  const error = useSession((s) => s.error);
  const [path, setPath] = useState(initial);
  const id = useId();
  const bad = path.trim() !== '' && !path.trim().endsWith('.json');
  return (
    <Dialog
      title="Save pipeline as"
      onCancel={onCancel}
      testId="save-as-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onCancel}>Cancel</button>
          <button type="submit" form={`${id}-form`} className="btn btn--primary" disabled={!path.trim() || busy === 'saving'}>{busy === 'saving' ? 'Saving…' : 'Save'}</button>
        </>
      }
    >
      <form id={`${id}-form`} onSubmit={(e) => { e.preventDefault(); if (path.trim()) onSave(path.trim()); }} className="form-grid">
        {error ? <Notice tone="bad" testId="dialog-error">{error}</Notice> : null}
        <div className="field">
          <label htmlFor={`${id}-path`}>File path</label>
          <input id={`${id}-path`} type="text" className="mono" value={path} onChange={(e) => setPath(e.target.value)} data-autofocus spellCheck={false} data-testid="save-path" />
          <div className="field__hint">{bad ? 'Pipeline files usually end in .json.' : 'The folder must exist. The file is written whole or not at all.'}</div>
        </div>
      </form>
    </Dialog>
  );
}

export function TemplatesDialog({ onPick, onCancel }: { onPick(id: string): void; onCancel(): void }) {
  const templates = useSession((s) => s.templates);
  const loadTemplates = useSession((s) => s.loadTemplates);
  useEffect(() => void loadTemplates(), [loadTemplates]);
  return (
    <Dialog title="New from a template" onCancel={onCancel} testId="templates-dialog" footer={<button type="button" className="btn" onClick={onCancel}>Cancel</button>}>
      {templates === null ? <p className="muted">Loading templates…</p> : templates.length === 0 ? <p className="muted">No templates are installed.</p> : (
        <ul className="template-list">
          {templates.map((t) => (
            <li key={t.id}>
              <button type="button" className="template-list__item" onClick={() => onPick(t.id)} data-testid="template-item" data-template-id={t.id}>
                <span className="template-list__name">{t.name}</span>
                <span className="template-list__meta muted small">{t.taskCount} tasks</span>
                <span className="template-list__description small">{t.description}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </Dialog>
  );
}
