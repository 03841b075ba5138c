import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ConnectionStatus, StatusTransport } from '../api/ws-transport.js';

export interface ConnectionState {
  status: ConnectionStatus;
  /** True once the engine answered at least once; the banner only makes sense after that or after a failed first try. */
  everOpen: boolean;
}

export type ConnectionStore = StoreApi<ConnectionState>;

export function createConnectionStore(transport: Pick<StatusTransport, 'status' | 'onStatus'>): ConnectionStore {
  const store = createStore<ConnectionState>(() => ({
    status: transport.status(),
    everOpen: transport.status() === 'open',
  }));
  transport.onStatus((status) => {
    store.setState((s) => ({ status, everOpen: s.everOpen || status === 'open' }));
  });
  return store;
}
