import { createStore, type StoreApi } from 'zustand/vanilla';
import type { EventPayload } from '../../../shared/api/contract.js';
import type { StudioApi } from '../../../shared/api/transport.js';
import type { LogLine, Progress, RunRecord, RunStatus } from '../../../shared/runs/run.js';
import { LogBuffer } from '../logs/log-buffer.js';

export interface LiveRun {
  runId: string;
  status: RunStatus;
  progress: Progress | null;
  record: RunRecord | null;
  log: LogBuffer;
  /** Bumped on every appended batch; the buffer itself is mutated in place. */
  logVersion: number;
}

export interface LiveRunsState {
  runs: Record<string, LiveRun>;
  onLog(payload: EventPayload<'run.log'>): void;
  onProgress(payload: EventPayload<'run.progress'>): void;
  onState(payload: EventPayload<'run.state'>): void;
  /** Reads the run's whole log and record again (after a reconnect), then resumes live appends. */
  resync(runId: string): Promise<void>;
}

export type LiveRunsStore = StoreApi<LiveRunsState>;

const PAGE = 10_000;

export function isFinished(status: RunStatus): boolean {
  return status === 'success' || status === 'failed' || status === 'cancelled';
}

export function createLiveRunsStore(api: StudioApi): LiveRunsStore {
  // Lines that arrive while a resync fetches the gap wait here, so order is kept.
  const held = new Map<string, LogLine[]>();

  const store = createStore<LiveRunsState>((set, get) => {
    function ensure(runId: string): LiveRun {
      const existing = get().runs[runId];
      if (existing) return existing;
      const run: LiveRun = { runId, status: 'running', progress: null, record: null, log: new LogBuffer(), logVersion: 0 };
      set({ runs: { ...get().runs, [runId]: run } });
      return run;
    }
    function patch(runId: string, change: Partial<LiveRun>): void {
      const run = ensure(runId);
      set({ runs: { ...get().runs, [runId]: { ...run, ...change } } });
    }
    function appendLines(runId: string, lines: readonly LogLine[]): void {
      const run = ensure(runId);
      if (run.log.append(lines) > 0) patch(runId, { logVersion: run.logVersion + 1 });
    }

    return {
      runs: {},
      onLog({ runId, lines }) {
        const waiting = held.get(runId);
        if (waiting) waiting.push(...lines);
        else appendLines(runId, lines);
      },
      onProgress(progress) {
        patch(progress.runId, { progress });
      },
      onState({ runId, status, record }) {
        patch(runId, { status, record });
      },
      async resync(runId) {
        if (held.has(runId)) return;
        held.set(runId, []);
        // Lines seen live may start mid-run, so the whole log is read again into a fresh buffer.
        const fresh = new LogBuffer();
        try {
          let offset = 0;
          for (;;) {
            const page = await api.call('runs.logs', { runId, offset, limit: PAGE });
            fresh.append(page.lines);
            offset += page.lines.length;
            if (page.lines.length === 0 || offset >= page.total) break;
          }
          const record = await api.call('runs.get', { runId });
          const run = ensure(runId);
          patch(runId, { record, status: record.status, log: fresh, logVersion: run.logVersion + 1 });
        } finally {
          const waiting = held.get(runId) ?? [];
          held.delete(runId);
          if (waiting.length > 0) appendLines(runId, waiting);
        }
      },
    };
  });
  return store;
}
