import { ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useEffect, useMemo, useState } from 'react';
import { isFinished } from '../runs/live-runs-store.js';
import { useApp, useLiveRuns } from '../state/app-stores.js';
import { ConfirmDialog } from '../ui/Dialog.js';
import { Notice } from '../ui/feedback.js';
import { Canvas, type CanvasProps } from './canvas/Canvas.js';
import { isDirty } from './editor/editor-store.js';
import { OpenDialog, SaveAsDialog, TemplatesDialog } from './files/FileDialogs.js';
import { Outline } from './outline/Outline.js';
import { Palette } from './palette/Palette.js';
import { SidePanel } from './panel/SidePanel.js';
import { useEditor, usePipelineStores, useRunView, useSession } from './pipeline-stores.js';
import { RunPanel } from './run/RunPanel.js';
import { RunParamsDialog } from './run/RunParamsDialog.js';
import { useEditorShortcuts } from './toolbar/shortcuts.js';
import { Toolbar, type ToolbarActions } from './toolbar/Toolbar.js';
import './pipelines.css';

type DialogState =
  | { kind: 'open' }
  | { kind: 'save-as' }
  | { kind: 'templates' }
  | { kind: 'run' }
  | { kind: 'confirm'; what: string; proceed(): void }
  | null;

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'pipeline';
}

/** The visual DAG editor: palette and outline, canvas, side panel, and the run below. */
export function PipelinesScreen(props: CanvasProps = {}) {
  const stores = usePipelineStores();
  const { editor, session } = stores;
  const dataDir = useApp((s) => s.info?.dataDir ?? null);
  const runId = useRunView((s) => s.runId);
  const runStatus = useLiveRuns((s) => (runId ? s.runs[runId]?.status : undefined));
  const anyFailed = useRunView((s) => Object.values(s.tasks).some((t) => t.state === 'failed' || t.state === 'cancelled'));
  const busy = useSession((s) => s.busy);
  const [dialog, setDialog] = useState<DialogState>(null);
  const running = Boolean(runId && (!runStatus || !isFinished(runStatus)));
  const canRerun = Boolean(runId && runStatus && isFinished(runStatus) && runStatus !== 'success' && anyFailed);

  // Closing the tab or window with unsaved edits asks first (in Electron the main
  // process shows the question when the unload is prevented).
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (!isDirty(editor.getState())) return;
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [editor]);

  const actions = useMemo<ToolbarActions>(() => {
    const guard = (what: string, proceed: () => void) => {
      if (isDirty(editor.getState())) setDialog({ kind: 'confirm', what, proceed });
      else proceed();
    };
    return {
      newPipeline: () => guard('start a new pipeline', () => session.getState().newPipeline()),
      templates: () => guard('open a template', () => setDialog({ kind: 'templates' })),
      open: () => guard('open another pipeline', () => setDialog({ kind: 'open' })),
      save: () => {
        void session.getState().save().then((saved) => {
          if (!saved && !editor.getState().path) setDialog({ kind: 'save-as' });
        });
      },
      saveAs: () => setDialog({ kind: 'save-as' }),
      undo: () => editor.getState().undo(),
      redo: () => editor.getState().redo(),
      copy: () => void editor.getState().copySelection(),
      paste: () => void editor.getState().paste(),
      remove: () => editor.getState().removeSelected(),
      layout: () => void editor.getState().layout(),
      fit: () => editor.getState().requestFit(),
      validate: () => void session.getState().validate(),
      run: () => setDialog({ kind: 'run' }),
      cancel: () => void session.getState().cancel(),
      rerun: () => void session.getState().rerunFailed(),
    };
  }, [editor, session]);

  useEditorShortcuts({ ...actions, run: () => !running && editor.getState().doc.tasks.length > 0 && actions.run() });

  const close = () => setDialog(null);
  const suggestedPath = () => editor.getState().path ?? `${dataDir ?? '/tmp'}/${slug(editor.getState().doc.meta.name)}.pipeline.json`;

  return (
    <ReactFlowProvider>
      <section className="pipelines" aria-labelledby="pipelines-title" data-testid="pipelines-screen">
        <span id="pipelines-title" className="visually-hidden">Pipelines</span>
        <Toolbar actions={actions} running={running} canRerun={canRerun} />
        <Messages />
        <div className="pipelines__body">
          <div className="pipelines__left">
            <Palette />
            <Outline />
          </div>
          <div className="pipelines__centre">
            <Canvas {...props} />
            <RunPanel />
          </div>
          <SidePanel />
        </div>
      </section>
      {dialog?.kind === 'open' ? <OpenDialog onCancel={close} onOpen={(p) => void session.getState().open(p).then((ok) => ok && close())} /> : null}
      {dialog?.kind === 'save-as' ? <SaveAsDialog initial={suggestedPath()} onCancel={close} onSave={(p) => void session.getState().saveAs(p).then((ok) => ok && close())} /> : null}
      {dialog?.kind === 'templates' ? <TemplatesDialog onCancel={close} onPick={(id) => void session.getState().openTemplate(id).then((ok) => ok && close())} /> : null}
      {dialog?.kind === 'run' ? (
        <RunParamsDialog
          parameters={editor.getState().doc.meta.parameters}
          busy={busy === 'starting'}
          onCancel={close}
          onRun={(values) => void session.getState().run(values).then(close)}
        />
      ) : null}
      {dialog?.kind === 'confirm' ? (
        <ConfirmDialog
          title="Discard unsaved changes?"
          message={<p>This pipeline has changes that are not saved. Discard them and {dialog.what}?</p>}
          confirmLabel="Discard changes"
          danger
          onCancel={close}
          onConfirm={() => {
            const next = dialog.proceed;
            close();
            next();
          }}
        />
      ) : null}
    </ReactFlowProvider>
  );
}

/** What the last file or engine action said, and the engine's validation while it still fits the doc. */
function Messages() {
  const error = useSession((s) => s.error);
  const info = useSession((s) => s.info);
  const validation = useSession((s) => s.validation);
  const clearMessages = useSession((s) => s.clearMessages);
  const doc = useEditor((s) => s.doc);
  const current = validation && validation.doc === doc ? validation : null;
  if (!error && !info && !current) return null;
  return (
    <div className="pipelines__messages">
      {error ? <Notice tone="bad" testId="pipeline-error">{error}</Notice> : null}
      {info ? <Notice tone="ok" testId="pipeline-info">{info}</Notice> : null}
      {current ? (
        current.issues.length === 0
          ? <Notice tone="ok" testId="validation-result">No problems found: the pipeline is ready to run.</Notice>
          : (
            <Notice tone="warn" title={`${current.issues.length} problem${current.issues.length === 1 ? '' : 's'}`} testId="validation-result">
              <ul className="issue-list">{current.issues.map((i, n) => <li key={n}>{i.message}</li>)}</ul>
            </Notice>
          )
      ) : null}
      {error || info ? <button type="button" className="btn btn--small pipelines__dismiss" onClick={clearMessages}>Dismiss</button> : null}
    </div>
  );
}
