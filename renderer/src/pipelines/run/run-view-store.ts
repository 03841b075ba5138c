import { createStore, type StoreApi } from 'zustand/vanilla';
import type { TaskMetrics, TaskRunRecord, TaskState, TaskStateEvent, SkipReason } from '../../../../shared/pipeline/task-state.js';

/** One task's live state in the run on screen: what colours its node and fills its row. */
export interface TaskLive {
  state: TaskState;
  attempt: number;
  error: string | null;
  reason: SkipReason | null;
  metrics: TaskMetrics;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface RunViewState {
  runId: string | null;
  /** Per task; an entry object changes only when that task's state does, so one node re-renders. */
  tasks: Readonly<Record<string, TaskLive>>;
  /** The task whose lines the log panel shows; null for all. */
  logTaskId: string | null;
  setLogTask(taskId: string | null): void;
  /** Shows the run of `runId` from now on, with what already arrived for it. */
  show(runId: string, initial?: Readonly<Record<string, TaskLive>>): void;
  clear(): void;
  onTaskState(e: TaskStateEvent): void;
  /** The run's own record (after a reconnect or at the end) replaces what the events said. */
  adoptRecords(runId: string, records: readonly TaskRunRecord[]): void;
}

export type RunViewStore = StoreApi<RunViewState>;

const KEEP_RUNS = 8;

export function liveFromEvent(e: TaskStateEvent): TaskLive {
  return {
    state: e.state, attempt: e.attempt, error: e.error ?? null, reason: e.reason ?? null, metrics: e.metrics,
    startedAt: e.startedAt ?? null, finishedAt: e.finishedAt ?? null,
  };
}

export function liveFromRecord(r: TaskRunRecord): TaskLive {
  return {
    state: r.state, attempt: r.attempts, error: r.error, reason: r.reason, metrics: r.metrics,
    startedAt: r.startedAt, finishedAt: r.finishedAt,
  };
}

export function createRunViewStore(): RunViewStore {
  // Events can arrive before the call that started the run has returned its id.
  const early = new Map<string, Record<string, TaskLive>>();

  return createStore<RunViewState>((set, get) => ({
    runId: null,
    tasks: {},
    logTaskId: null,
    setLogTask(logTaskId) {
      set({ logTaskId });
    },
    show(runId, initial) {
      const seen = early.get(runId) ?? {};
      early.delete(runId);
      set({ runId, tasks: { ...(initial ?? {}), ...seen } });
    },
    clear() {
      set({ runId: null, tasks: {} });
    },
    onTaskState(e) {
      const s = get();
      if (e.runId === s.runId) {
        set({ tasks: { ...s.tasks, [e.taskId]: liveFromEvent(e) } });
        return;
      }
      let bucket = early.get(e.runId);
      if (!bucket) {
        if (early.size >= KEEP_RUNS) early.delete(early.keys().next().value!);
        early.set(e.runId, (bucket = {}));
      }
      bucket[e.taskId] = liveFromEvent(e);
    },
    adoptRecords(runId, records) {
      if (get().runId !== runId) return;
      const tasks: Record<string, TaskLive> = { ...get().tasks };
      for (const r of records) tasks[r.taskId] = liveFromRecord(r);
      set({ tasks });
    },
  }));
}
