import { memo, type ReactNode } from 'react';
import { isDirty } from '../editor/editor-store.js';
import { useEditor, useSession } from '../pipeline-stores.js';

export interface ToolbarActions {
  newPipeline(): void;
  templates(): void;
  open(): void;
  save(): void;
  saveAs(): void;
  undo(): void;
  redo(): void;
  copy(): void;
  paste(): void;
  remove(): void;
  layout(): void;
  fit(): void;
  validate(): void;
  run(): void;
  cancel(): void;
  rerun(): void;
}

function Btn({ label, title, onClick, disabled, children, tone, testId }: { label: string; title: string; onClick(): void; disabled?: boolean; children: ReactNode; tone?: 'primary' | 'danger'; testId?: string }) {
  return (
    <button type="button" className={`tool${tone ? ` tool--${tone}` : ''}`} aria-label={label} title={title} onClick={onClick} disabled={disabled} data-testid={testId}>
      {children}
    </button>
  );
}

const Icon = ({ d }: { d: string }) => (
  <svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.9} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false"><path d={d} /></svg>
);

/** File, edit, view and run commands; every button names its shortcut in its tooltip. */
export const Toolbar = memo(function Toolbar({ actions, running, canRerun }: { actions: ToolbarActions; running: boolean; canRerun: boolean }) {
  const name = useEditor((s) => s.doc.meta.name);
  const path = useEditor((s) => s.path);
  const dirty = useEditor(isDirty);
  const canUndo = useEditor((s) => s.history.past.length > 0);
  const canRedo = useEditor((s) => s.history.future.length > 0);
  const hasSelection = useEditor((s) => s.selectedIds.length > 0 || s.edges.some((e) => e.selected));
  const hasClip = useEditor((s) => s.clip !== null);
  const empty = useEditor((s) => s.doc.tasks.length === 0);
  const layingOut = useEditor((s) => s.layingOut);
  const busy = useSession((s) => s.busy);

  return (
    <div className="pipeline-toolbar" role="toolbar" aria-label="Pipeline commands" data-testid="pipeline-toolbar">
      <div className="pipeline-toolbar__title" data-testid="pipeline-title" data-dirty={dirty}>
        <h1 className="pipeline-toolbar__name">{name || 'Untitled pipeline'}</h1>
        {dirty ? <span className="dirty-dot" title="Unsaved changes" aria-label="Unsaved changes" data-testid="dirty-dot">●</span> : null}
        <span className="pipeline-toolbar__path mono" title={path ?? undefined}>{path ?? 'Not saved yet'}</span>
      </div>
      <div className="pipeline-toolbar__groups">
        <div className="tool-group" role="group" aria-label="File">
          <Btn label="New pipeline" title="New pipeline" onClick={actions.newPipeline}><Icon d="M6 2h8l4 4v16H6z M14 2v4h4 M12 11v7 M8.5 14.5h7" /><span>New</span></Btn>
          <Btn label="New from template" title="New from a template" onClick={actions.templates} testId="open-templates"><Icon d="M4 4h7v7H4z M13 4h7v7h-7z M4 13h7v7H4z M16.5 13v7 M13 16.5h7" /><span>Templates</span></Btn>
          <Btn label="Open pipeline" title="Open a pipeline file (Ctrl+O)" onClick={actions.open} testId="open-file"><Icon d="M3 7h6l2 2h10v10H3z" /><span>Open</span></Btn>
          <Btn label="Save" title="Save (Ctrl+S)" onClick={actions.save} disabled={busy === 'saving'} testId="save"><Icon d="M5 3h11l3 3v15H5z M8 3v5h7V3 M8 21v-7h8v7" /><span>Save</span></Btn>
          <Btn label="Save as" title="Save as (Ctrl+Shift+S)" onClick={actions.saveAs} testId="save-as"><Icon d="M5 3h11l3 3v6 M5 3v18h7 M8 3v5h7V3 M15 19l2 2 4-4" /></Btn>
        </div>
        <div className="tool-group" role="group" aria-label="Edit">
          <Btn label="Undo" title="Undo (Ctrl+Z)" onClick={actions.undo} disabled={!canUndo} testId="undo"><Icon d="M9 14L4 9l5-5 M4 9h11a5 5 0 0 1 0 10h-3" /></Btn>
          <Btn label="Redo" title="Redo (Ctrl+Shift+Z or Ctrl+Y)" onClick={actions.redo} disabled={!canRedo} testId="redo"><Icon d="M15 14l5-5-5-5 M20 9H9a5 5 0 0 0 0 10h3" /></Btn>
          <Btn label="Copy" title="Copy the selected tasks (Ctrl+C)" onClick={actions.copy} disabled={!hasSelection}><Icon d="M8 8h12v12H8z M16 8V4H4v12h4" /></Btn>
          <Btn label="Paste" title="Paste tasks with new ids (Ctrl+V)" onClick={actions.paste} disabled={!hasClip}><Icon d="M9 4h6v3H9z M7 5H5v16h14V5h-2" /></Btn>
          <Btn label="Delete" title="Delete the selection (Delete or Backspace)" onClick={actions.remove} disabled={!hasSelection} testId="delete"><Icon d="M4 7h16 M10 11v6 M14 11v6 M6 7l1 13h10l1-13 M9 7V4h6v3" /></Btn>
        </div>
        <div className="tool-group" role="group" aria-label="View">
          <Btn label="Auto-layout" title="Auto-layout, left to right (Ctrl+Shift+L)" onClick={actions.layout} disabled={empty || layingOut} testId="auto-layout"><Icon d="M3 5h5v4H3z M16 3h5v4h-5z M16 15h5v4h-5z M8 7h4v10h4 M12 5h4" /></Btn>
          <Btn label="Fit view" title="Fit the whole pipeline in view (Ctrl+Shift+F)" onClick={actions.fit} disabled={empty}><Icon d="M4 9V4h5 M20 9V4h-5 M4 15v5h5 M20 15v5h-5" /></Btn>
          <Btn label="Validate" title="Check the whole pipeline with the engine" onClick={actions.validate} disabled={busy === 'validating'} testId="validate"><Icon d="M12 3l8 3v6c0 4.5-3.4 8.2-8 9-4.6-.8-8-4.5-8-9V6z M8.5 12l2.5 2.5 4.5-5" /><span>Validate</span></Btn>
        </div>
        <div className="tool-group" role="group" aria-label="Run">
          {running ? (
            <Btn label="Cancel run" title="Cancel the run" onClick={actions.cancel} tone="danger" disabled={busy === 'cancelling'} testId="cancel-run"><Icon d="M6 6h12v12H6z" /><span>{busy === 'cancelling' ? 'Cancelling…' : 'Cancel'}</span></Btn>
          ) : null}
          {canRerun && !running ? (
            <Btn label="Re-run from failed" title="Run again from the failed tasks, reusing what succeeded" onClick={actions.rerun} disabled={busy === 'starting'} testId="rerun-failed"><Icon d="M20 12a8 8 0 1 1-2.3-5.7 M20 4v5h-5" /><span>Re-run failed</span></Btn>
          ) : null}
          <Btn label="Run" title="Run the pipeline (Ctrl+Enter)" onClick={actions.run} tone="primary" disabled={running || busy === 'starting' || empty} testId="run"><Icon d="M7 4l13 8-13 8z" /><span>{running ? 'Running…' : 'Run'}</span></Btn>
        </div>
      </div>
    </div>
  );
});
