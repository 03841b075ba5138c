import { createStore, type StoreApi } from 'zustand/vanilla';
import type { StudioApi } from '../../../shared/api/transport.js';
import type { Workspace } from '../../../shared/workspace/workspace.js';
import type { LiveRunsStore } from '../runs/live-runs-store.js';
import { errorMessage, fieldIssues } from '../ui/errors.js';
import type { WorkspaceStore } from '../workspace/workspace-store.js';
import { draftFromWorkspace, draftToUpdate, type SyncDraft } from './sync-draft.js';

export type SyncRunKind = 'sync' | 'sample';

export interface SyncState {
  draft: SyncDraft | null;
  dirty: boolean;
  fieldErrors: Record<string, string>;
  currentRunId: string | null;
  currentKind: SyncRunKind | null;
  busy: null | 'saving' | 'starting' | 'cancelling';
  error: string | null;
  notice: string | null;
  /** Takes the workspace's settings into the form unless the user has unsaved edits. */
  adoptWorkspace(ws: Workspace, force?: boolean): void;
  edit(change: Partial<SyncDraft>): void;
  saveSettings(): Promise<boolean>;
  syncNow(): Promise<void>;
  loadSample(): Promise<void>;
  cancel(): Promise<void>;
  /** Shows a run started elsewhere or before a reload as the current one. */
  adoptRun(runId: string, kind: SyncRunKind): void;
}

export type SyncStore = StoreApi<SyncState>;

export function createSyncStore(api: StudioApi, workspace: WorkspaceStore, live: LiveRunsStore): SyncStore {
  return createStore<SyncState>((set, get) => {
    async function saveIfDirty(): Promise<boolean> {
      const { draft, dirty } = get();
      if (!draft) return false;
      const checked = draftToUpdate(draft);
      if (!checked.ok) {
        set({ fieldErrors: checked.errors, error: 'Some settings need fixing before the sync can run.' });
        return false;
      }
      if (!dirty) return true;
      set({ busy: 'saving' });
      try {
        const ws = await workspace.getState().update(checked.update);
        set({ dirty: false, fieldErrors: {}, draft: draftFromWorkspace(ws) });
        return true;
      } catch (e) {
        set({ fieldErrors: fieldIssues(e), error: errorMessage(e) });
        return false;
      } finally {
        set({ busy: null });
      }
    }

    async function start(kind: SyncRunKind, run: () => Promise<{ runId: string }>): Promise<void> {
      set({ error: null, notice: null });
      if (!(await saveIfDirty())) return;
      set({ busy: 'starting' });
      try {
        const { runId } = await run();
        // Events may already have created the live entry; this only makes sure it exists.
        live.getState().onLog({ runId, lines: [] });
        set({ currentRunId: runId, currentKind: kind });
      } catch (e) {
        set({ error: errorMessage(e), fieldErrors: { ...get().fieldErrors, ...fieldIssues(e) } });
      } finally {
        set({ busy: null });
      }
    }

    return {
      draft: null,
      dirty: false,
      fieldErrors: {},
      currentRunId: null,
      currentKind: null,
      busy: null,
      error: null,
      notice: null,
      adoptWorkspace(ws, force = false) {
        if (get().dirty && !force) return;
        set({ draft: draftFromWorkspace(ws), dirty: false, fieldErrors: {} });
      },
      edit(change) {
        const draft = get().draft;
        if (!draft) return;
        const fieldErrors = { ...get().fieldErrors };
        for (const key of Object.keys(change)) delete fieldErrors[key];
        set({ draft: { ...draft, ...change }, dirty: true, fieldErrors });
      },
      async saveSettings() {
        set({ error: null, notice: null });
        const ok = await saveIfDirty();
        if (ok) set({ notice: 'Settings saved.' });
        return ok;
      },
      syncNow() {
        // The one-click path: the engine runs the workspace's saved default.
        return start('sync', () => api.call('sync.start', {}));
      },
      loadSample() {
        const draft = get().draft;
        if (!draft || !draft.sourceProfileId || !draft.warehouseProfileId) {
          set({ error: 'Choose a source and a warehouse first; the sample data is loaded into both.' });
          return Promise.resolve();
        }
        return start('sample', () =>
          api.call('sample.loadSoftcart', {
            sourceProfileId: draft.sourceProfileId,
            warehouseProfileId: draft.warehouseProfileId,
          }),
        );
      },
      adoptRun(runId, kind) {
        if (get().currentRunId) return;
        set({ currentRunId: runId, currentKind: kind });
      },
      async cancel() {
        const runId = get().currentRunId;
        if (!runId) return;
        set({ busy: 'cancelling' });
        try {
          await api.call('runs.cancel', { runId });
        } catch (e) {
          set({ error: errorMessage(e) });
        } finally {
          set({ busy: null });
        }
      },
    };
  });
}
