import { createStore, type StoreApi } from 'zustand/vanilla';
import type { StudioApi } from '../../../shared/api/transport.js';
import type { RunRecord } from '../../../shared/runs/run.js';
import { LogBuffer } from '../logs/log-buffer.js';
import { errorMessage } from '../ui/errors.js';

export interface HistoryState {
  runs: RunRecord[];
  loaded: boolean;
  error: string | null;
  selectedId: string | null;
  selected: RunRecord | null;
  log: LogBuffer | null;
  logVersion: number;
  logTotal: number;
  logLoading: boolean;
  logError: string | null;
  load(): Promise<void>;
  select(runId: string | null): Promise<void>;
}

export type HistoryStore = StoreApi<HistoryState>;

const HISTORY_LIMIT = 200;
const PAGE = 10_000;

export function createHistoryStore(api: StudioApi): HistoryStore {
  return createStore<HistoryState>((set, get) => ({
    runs: [],
    loaded: false,
    error: null,
    selectedId: null,
    selected: null,
    log: null,
    logVersion: 0,
    logTotal: 0,
    logLoading: false,
    logError: null,
    async load() {
      try {
        const runs = await api.call('runs.history', { limit: HISTORY_LIMIT });
        const selectedId = get().selectedId;
        const selected = selectedId ? (runs.find((r) => r.id === selectedId) ?? get().selected) : null;
        set({ runs, loaded: true, error: null, selected });
      } catch (e) {
        set({ error: errorMessage(e) });
      }
    },
    async select(runId) {
      if (runId === null) {
        set({ selectedId: null, selected: null, log: null, logTotal: 0, logError: null });
        return;
      }
      const log = new LogBuffer();
      set({
        selectedId: runId,
        selected: get().runs.find((r) => r.id === runId) ?? null,
        log,
        logVersion: 0,
        logTotal: 0,
        logLoading: true,
        logError: null,
      });
      const stillSelected = (): boolean => get().selectedId === runId && get().log === log;
      try {
        const record = await api.call('runs.get', { runId });
        if (!stillSelected()) return;
        set({ selected: record });
        // Page by page, so the first lines show at once and a huge log never arrives as one message.
        let offset = 0;
        for (;;) {
          const page = await api.call('runs.logs', { runId, offset, limit: PAGE });
          if (!stillSelected()) return;
          log.append(page.lines);
          offset += page.lines.length;
          set({ logVersion: get().logVersion + 1, logTotal: page.total });
          if (page.lines.length === 0 || offset >= page.total) break;
        }
      } catch (e) {
        if (stillSelected()) set({ logError: errorMessage(e) });
      } finally {
        if (stillSelected()) set({ logLoading: false });
      }
    },
  }));
}
