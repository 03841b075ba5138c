/** Why a task's signal was aborted; the runner turns these into task states. */
export class TaskTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`Timed out after ${timeoutMs} ms`);
    this.name = 'TaskTimeoutError';
  }
}

export class RunCancelledError extends Error {
  constructor() {
    super('Cancelled');
    this.name = 'RunCancelledError';
  }
}

/** A task that ignored its signal; the run goes on without waiting for it. */
export class TaskDidNotStopError extends Error {
  constructor(readonly reason: unknown, graceMs: number) {
    super(`${reason instanceof Error ? reason.message : String(reason)}; the task did not stop within ${graceMs} ms of being told to`);
    this.name = 'TaskDidNotStopError';
  }
}

/**
 * Settles with `work`, except once `signal` aborts: then the task gets `graceMs` to
 * stop (roll back, leave staging), after which the abort reason wins either way, so
 * a timed-out task never counts as a success and a stuck one cannot hold the run.
 */
export function raceWithAbort<T>(work: Promise<T>, signal: AbortSignal, graceMs: number): Promise<T> {
  // The work may reject after we stopped listening; that must not crash the process.
  work.catch(() => undefined);
  return new Promise<T>((resolve, reject) => {
    let done = false;
    let graceTimer: NodeJS.Timeout | undefined;
    const finish = (fn: () => void) => {
      if (done) return;
      done = true;
      signal.removeEventListener('abort', onAbort);
      if (graceTimer) clearTimeout(graceTimer);
      fn();
    };
    const onAbort = () => {
      const reason: unknown = signal.reason;
      const settle = () => finish(() => reject(reason));
      work.then(settle, settle);
      graceTimer = setTimeout(() => finish(() => reject(new TaskDidNotStopError(reason, graceMs))), graceMs);
    };
    work.then(
      (v) => { if (!signal.aborted) finish(() => resolve(v)); },
      (e) => { if (!signal.aborted) finish(() => reject(e)); },
    );
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Resolves after `ms`, or false at once when the signal aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const timer = setTimeout(() => { signal.removeEventListener('abort', onAbort); resolve(true); }, ms);
    const onAbort = () => { clearTimeout(timer); resolve(false); };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message || e.name;
  return String(e);
}
