import { createStore, type StoreApi } from 'zustand/vanilla';

/** Screen ids; a new screen (e.g. pipelines) adds its id here and one entry in screens.tsx. */
export type ScreenId = 'connections' | 'sync' | 'runs' | 'pipelines';

export interface NavigationState {
  screen: ScreenId;
  go(screen: ScreenId): void;
}

export type NavigationStore = StoreApi<NavigationState>;

export function createNavigationStore(initial: ScreenId = 'sync'): NavigationStore {
  return createStore<NavigationState>((set) => ({
    screen: initial,
    go: (screen) => set({ screen }),
  }));
}
