import { ApiError } from '../../../shared/api/contract.js';
import { syncSettingsSchema } from '../../../shared/sync/sync.js';
import { workspaceSchema, type Workspace, type WorkspaceUpdate } from '../../../shared/workspace/workspace.js';
import type { SettingsStore } from './settings-store.js';

const KEY = 'workspace';
export const DEFAULT_WORKSPACE_NAME = 'My workspace';

export function defaultWorkspace(): Workspace {
  return {
    name: DEFAULT_WORKSPACE_NAME,
    sourceProfileId: null,
    warehouseProfileId: null,
    sync: syncSettingsSchema.parse({}),
    isDemo: false,
    demoOffered: false,
  };
}

export interface WorkspaceService {
  get(): Workspace;
  /** Partial update; `sync` merges into the saved settings. Profile ids are checked by the caller's `profileExists`. */
  update(change: WorkspaceUpdate): Workspace;
  /** Replaces the whole workspace (the demo uses it). */
  replace(next: Workspace): Workspace;
  /** A deleted profile no longer backs the workspace. */
  forgetProfile(id: string): void;
  problems(): string[];
}

export function createWorkspaceService(opts: { store: SettingsStore; profileExists: (id: string) => boolean }): WorkspaceService {
  const { store, profileExists } = opts;
  let problem: string | null = null;

  function read(): Workspace {
    const raw = store.read(KEY);
    if (raw === undefined) return defaultWorkspace();
    const parsed = workspaceSchema.safeParse(raw);
    if (parsed.success) {
      problem = null;
      return parsed.data;
    }
    // A damaged workspace must not stop the app; the defaults stand in until the next save.
    const first = parsed.error.issues[0];
    problem = `The saved workspace in ${store.path} is invalid (${first ? `${first.path.join('.')}: ${first.message}` : 'invalid'}); the default workspace is used.`;
    return defaultWorkspace();
  }

  function write(next: Workspace): Workspace {
    const checked = workspaceSchema.parse(next);
    store.write(KEY, checked);
    problem = null;
    return checked;
  }

  return {
    get: read,

    update(change) {
      const current = read();
      const issues: { path: string; message: string }[] = [];
      for (const field of ['sourceProfileId', 'warehouseProfileId'] as const) {
        const id = change[field];
        if (id && !profileExists(id)) issues.push({ path: field, message: 'No connection profile with this id' });
      }
      if (issues.length) throw new ApiError('validation', 'The workspace refers to a profile that does not exist.', issues);
      const next: Workspace = {
        name: change.name ?? current.name,
        sourceProfileId: change.sourceProfileId === undefined ? current.sourceProfileId : change.sourceProfileId,
        warehouseProfileId: change.warehouseProfileId === undefined ? current.warehouseProfileId : change.warehouseProfileId,
        sync: syncSettingsSchema.parse({ ...current.sync, ...stripUndefined(change.sync ?? {}) }),
        isDemo: current.isDemo,
        demoOffered: change.demoOffered ?? current.demoOffered,
      };
      // Pointing the workspace at other databases ends the demo.
      if (next.sourceProfileId !== current.sourceProfileId || next.warehouseProfileId !== current.warehouseProfileId) next.isDemo = false;
      return write(next);
    },

    replace: write,

    forgetProfile(id) {
      const current = read();
      if (current.sourceProfileId !== id && current.warehouseProfileId !== id) return;
      write({
        ...current,
        sourceProfileId: current.sourceProfileId === id ? null : current.sourceProfileId,
        warehouseProfileId: current.warehouseProfileId === id ? null : current.warehouseProfileId,
        isDemo: false,
      });
    },

    problems() {
      read();
      return problem ? [problem] : [];
    },
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
