import { createStore, type StoreApi } from 'zustand/vanilla';
import type { StudioApi } from '../../../shared/api/transport.js';
import type { Workspace, WorkspaceUpdate } from '../../../shared/workspace/workspace.js';
import { errorMessage } from '../ui/errors.js';

export interface WorkspaceState {
  workspace: Workspace | null;
  error: string | null;
  /** Set while the embedded demo databases are being created and seeded. */
  creatingDemo: boolean;
  load(): Promise<void>;
  update(patch: WorkspaceUpdate): Promise<Workspace>;
  createDemo(): Promise<Workspace>;
  dismissDemo(): Promise<void>;
}

export type WorkspaceStore = StoreApi<WorkspaceState>;

export function createWorkspaceStore(api: StudioApi): WorkspaceStore {
  return createStore<WorkspaceState>((set) => ({
    workspace: null,
    error: null,
    creatingDemo: false,
    async load() {
      try {
        set({ workspace: await api.call('workspace.get', {}), error: null });
      } catch (e) {
        set({ error: errorMessage(e) });
      }
    },
    async update(patch) {
      const workspace = await api.call('workspace.update', patch);
      set({ workspace });
      return workspace;
    },
    async createDemo() {
      set({ creatingDemo: true });
      try {
        const workspace = await api.call('workspace.createDemo', {});
        set({ workspace });
        return workspace;
      } finally {
        set({ creatingDemo: false });
      }
    },
    async dismissDemo() {
      set({ workspace: await api.call('workspace.update', { demoOffered: true }) });
    },
  }));
}
