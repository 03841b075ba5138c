import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { StudioApi } from '../../../shared/api/transport.js';
import { isFinished } from '../runs/live-runs-store.js';
import { useStores } from '../state/app-stores.js';
import { createEditorStore, type EditorOptions, type EditorState, type EditorStore } from './editor/editor-store.js';
import { createSessionStore, type SessionState, type SessionStore } from './files/session-store.js';
import { createRunViewStore, type RunViewState, type RunViewStore } from './run/run-view-store.js';

/** The pipeline screen's stores: the editor (pure), the run on screen, and the engine session. */
export interface PipelineStores {
  editor: EditorStore;
  runView: RunViewStore;
  session: SessionStore;
  dispose(): void;
}

export function createPipelineStores(api: StudioApi, options: EditorOptions = {}): PipelineStores {
  const editor = createEditorStore(options);
  const runView = createRunViewStore();
  const session = createSessionStore(api, editor, runView);
  const offs = [
    api.on('task.state', (e) => runView.getState().onTaskState(e)),
    api.on('run.state', (e) => {
      // The run's own record settles the final figures (and states missed while offline).
      if (e.runId !== runView.getState().runId || !isFinished(e.status)) return;
      if (e.record.tasks) runView.getState().adoptRecords(e.runId, e.record.tasks);
      else void api.call('runs.tasks', { runId: e.runId }).then((r) => runView.getState().adoptRecords(r.runId, r.tasks)).catch(() => undefined);
    }),
  ];
  return { editor, runView, session, dispose: () => offs.forEach((off) => off()) };
}

// Kept per API client, so leaving the screen and coming back finds the pipeline as it was.
const perApi = new WeakMap<StudioApi, PipelineStores>();

export function pipelineStoresFor(api: StudioApi): PipelineStores {
  let stores = perApi.get(api);
  if (!stores) perApi.set(api, (stores = createPipelineStores(api)));
  return stores;
}

const Ctx = createContext<PipelineStores | null>(null);

/** Tests pass their own stores; the app uses the ones kept for its API client. */
export function PipelineStoresProvider({ stores, children }: { stores: PipelineStores; children: ReactNode }) {
  return <Ctx.Provider value={stores}>{children}</Ctx.Provider>;
}

export function usePipelineStores(): PipelineStores {
  const given = useContext(Ctx);
  const { api } = useStores();
  return given ?? pipelineStoresFor(api);
}

export const useEditor = <T,>(sel: (s: EditorState) => T): T => useStore(usePipelineStores().editor, sel);
export const useRunView = <T,>(sel: (s: RunViewState) => T): T => useStore(usePipelineStores().runView, sel);
export const useSession = <T,>(sel: (s: SessionState) => T): T => useStore(usePipelineStores().session, sel);
