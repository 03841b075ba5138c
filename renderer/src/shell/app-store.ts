import { createStore, type StoreApi } from 'zustand/vanilla';
import type { MethodOutput } from '../../../shared/api/contract.js';
import type { StudioApi } from '../../../shared/api/transport.js';
import { errorMessage } from '../ui/errors.js';

export type AppInfo = MethodOutput<'app.info'>;

export interface AppState {
  info: AppInfo | null;
  error: string | null;
  load(): Promise<void>;
}

export type AppStore = StoreApi<AppState>;

export function createAppStore(api: StudioApi): AppStore {
  return createStore<AppState>((set) => ({
    info: null,
    error: null,
    async load() {
      try {
        set({ info: await api.call('app.info', {}), error: null });
      } catch (e) {
        set({ error: errorMessage(e) });
      }
    },
  }));
}
