import type { Progress } from '../../../shared/runs/run.js';

/**
 * Jobs report progress as often as they like; listeners get at most one event per
 * interval per task (the run itself counts as one task), and always the last one.
 */
export interface ProgressThrottle {
  push(p: Progress): void;
  /** Sends every held-back update now (at the end of a run). */
  flush(): void;
}

export function createProgressThrottle(emit: (p: Progress) => void, intervalMs = 250): ProgressThrottle {
  const lanes = new Map<string, { last: number; pending: Progress | null; timer: NodeJS.Timeout | null }>();

  function send(key: string): void {
    const lane = lanes.get(key);
    if (!lane?.pending) return;
    const p = lane.pending;
    lane.pending = null;
    lane.last = Date.now();
    emit(p);
  }

  return {
    push(p) {
      const key = p.taskId ?? '';
      let lane = lanes.get(key);
      if (!lane) lanes.set(key, (lane = { last: 0, pending: null, timer: null }));
      lane.pending = p;
      const wait = lane.last + intervalMs - Date.now();
      if (wait <= 0 && !lane.timer) {
        send(key);
        return;
      }
      if (!lane.timer) {
        const l = lane;
        l.timer = setTimeout(() => {
          l.timer = null;
          send(key);
        }, Math.max(wait, 0));
        l.timer.unref?.();
      }
    },
    flush() {
      for (const [key, lane] of lanes) {
        if (lane.timer) clearTimeout(lane.timer);
        lane.timer = null;
        send(key);
      }
    },
  };
}
