import { createContext, useContext, type ReactNode } from 'react';
import { useStore, type StoreApi } from 'zustand';
import type { StudioApi } from '../../../shared/api/transport.js';
import type { StatusTransport } from '../api/ws-transport.js';
import { createProfilesStore, type ProfilesState, type ProfilesStore } from '../connections/profiles-store.js';
import { createHistoryStore, type HistoryState, type HistoryStore } from '../runs/history-store.js';
import { createLiveRunsStore, isFinished, type LiveRunsState, type LiveRunsStore } from '../runs/live-runs-store.js';
import { createAppStore, type AppState, type AppStore } from '../shell/app-store.js';
import { createConnectionStore, type ConnectionState, type ConnectionStore } from '../shell/connection-store.js';
import { createNavigationStore, type NavigationState, type NavigationStore, type ScreenId } from '../shell/navigation-store.js';
import { createSyncStore, type SyncState, type SyncStore } from '../sync/sync-store.js';
import { createWorkspaceStore, type WorkspaceState, type WorkspaceStore } from '../workspace/workspace-store.js';

/** Every store of the UI, one per concern, built around one API client. */
export interface AppStores {
  api: StudioApi;
  connection: ConnectionStore;
  app: AppStore;
  navigation: NavigationStore;
  profiles: ProfilesStore;
  workspace: WorkspaceStore;
  live: LiveRunsStore;
  sync: SyncStore;
  history: HistoryStore;
  /** Reloads everything the engine owns; called on start and after every reconnect. */
  refresh(): Promise<void>;
  dispose(): void;
}

export function createAppStores(
  api: StudioApi,
  transport: Pick<StatusTransport, 'status' | 'onStatus'>,
  options: { initialScreen?: ScreenId } = {},
): AppStores {
  const connection = createConnectionStore(transport);
  const app = createAppStore(api);
  const navigation = createNavigationStore(options.initialScreen);
  const profiles = createProfilesStore(api);
  const workspace = createWorkspaceStore(api);
  const live = createLiveRunsStore(api);
  const sync = createSyncStore(api, workspace, live);
  const history = createHistoryStore(api);

  let historyTimer: ReturnType<typeof setTimeout> | null = null;
  const refreshHistorySoon = (): void => {
    if (historyTimer) return;
    historyTimer = setTimeout(() => {
      historyTimer = null;
      if (history.getState().loaded) void history.getState().load();
    }, 250);
  };

  const unsubscribers = [
    api.on('run.log', (p) => live.getState().onLog(p)),
    api.on('run.progress', (p) => live.getState().onProgress(p)),
    api.on('run.state', (p) => {
      live.getState().onState(p);
      refreshHistorySoon();
      // A finished sample load or sync may have created tables or moved the watermark.
      if (isFinished(p.status)) void workspace.getState().load();
    }),
    workspace.subscribe((s, prev) => {
      if (s.workspace && s.workspace !== prev.workspace) sync.getState().adoptWorkspace(s.workspace);
    }),
  ];

  async function refresh(): Promise<void> {
    await Promise.all([app.getState().load(), profiles.getState().load(), workspace.getState().load(), adoptLatestRun()]);
    if (history.getState().loaded) await history.getState().load();
  }

  /** After a reload the sync screen still shows the latest sync (live if it is running). */
  async function adoptLatestRun(): Promise<void> {
    if (sync.getState().currentRunId) return;
    try {
      const [latest] = (await api.call('runs.history', { limit: 20 })).filter((r) => r.kind === 'sync' || r.kind === 'sample');
      if (!latest || sync.getState().currentRunId) return;
      live.getState().onState({ runId: latest.id, status: latest.status, record: latest });
      sync.getState().adoptRun(latest.id, latest.kind === 'sample' ? 'sample' : 'sync');
      await live.getState().resync(latest.id);
    } catch {
      // History is a convenience here; the Runs screen reports its own errors.
    }
  }

  // The first open is covered by the caller's initial refresh(); later opens are reconnects.
  let openedBefore = transport.status() === 'open';
  unsubscribers.push(
    transport.onStatus((status) => {
      if (status !== 'open') return;
      const reconnect = openedBefore;
      openedBefore = true;
      if (!reconnect) return;
      void refresh();
      const runId = sync.getState().currentRunId;
      const run = runId ? live.getState().runs[runId] : undefined;
      if (runId && (!run || !isFinished(run.status))) void live.getState().resync(runId);
    }),
  );

  return {
    api, connection, app, navigation, profiles, workspace, live, sync, history, refresh,
    dispose() {
      for (const off of unsubscribers) off();
      if (historyTimer) clearTimeout(historyTimer);
    },
  };
}

const StoresContext = createContext<AppStores | null>(null);

export function StoresProvider({ stores, children }: { stores: AppStores; children: ReactNode }) {
  return <StoresContext.Provider value={stores}>{children}</StoresContext.Provider>;
}

export function useStores(): AppStores {
  const stores = useContext(StoresContext);
  if (!stores) throw new Error('useStores needs a StoresProvider above it');
  return stores;
}

function useFrom<S, T>(pick: (s: AppStores) => StoreApi<S>, selector: (state: S) => T): T {
  return useStore(pick(useStores()), selector);
}

export const useConnection = <T,>(sel: (s: ConnectionState) => T): T => useFrom((s) => s.connection, sel);
export const useApp = <T,>(sel: (s: AppState) => T): T => useFrom((s) => s.app, sel);
export const useNavigation = <T,>(sel: (s: NavigationState) => T): T => useFrom((s) => s.navigation, sel);
export const useProfiles = <T,>(sel: (s: ProfilesState) => T): T => useFrom((s) => s.profiles, sel);
export const useWorkspace = <T,>(sel: (s: WorkspaceState) => T): T => useFrom((s) => s.workspace, sel);
export const useLiveRuns = <T,>(sel: (s: LiveRunsState) => T): T => useFrom((s) => s.live, sel);
export const useSync = <T,>(sel: (s: SyncState) => T): T => useFrom((s) => s.sync, sel);
export const useHistory = <T,>(sel: (s: HistoryState) => T): T => useFrom((s) => s.history, sel);
