import type { EventName, EventPayload } from '../../shared/api/contract.js';
import type { Progress, RunRecord } from '../../shared/runs/run.js';
import type { EngineSession } from './engine-session.js';

const FINAL = new Set(['success', 'failed', 'cancelled']);

export type WatchOptions = {
  onProgress?: (progress: Progress) => void;
  /** Lets Ctrl-C cancel the run instead of killing the process mid-transaction. */
  cancelOnSigint?: boolean;
  onCancelRequested?: () => void;
};

/**
 * Starts a run and resolves with its final record. Events are buffered from before
 * the start so none is missed; a slow poll of runs.get backs them up, so a run whose
 * last event was lost still ends the wait.
 */
export async function startAndWatch(
  session: EngineSession,
  start: () => Promise<{ runId: string }>,
  opts: WatchOptions = {},
): Promise<RunRecord> {
  let runId: string | null = null;
  const early: Array<{ name: EventName; payload: EventPayload<EventName> }> = [];
  let finish: ((record: RunRecord) => void) | null = null;
  const done = new Promise<RunRecord>((resolve) => (finish = resolve));

  const handle = (name: EventName, payload: EventPayload<EventName>) => {
    if (name === 'run.progress') {
      const progress = payload as Progress;
      if (progress.runId === runId) opts.onProgress?.(progress);
    } else if (name === 'run.state') {
      const state = payload as EventPayload<'run.state'>;
      if (state.runId === runId && FINAL.has(state.status)) finish?.(state.record);
    }
  };
  const unsubscribe = session.engine.subscribe((name, payload) => {
    if (runId === null) early.push({ name, payload });
    else handle(name, payload);
  });

  let poll: NodeJS.Timeout | undefined;
  let sigint: (() => void) | undefined;
  try {
    runId = (await start()).runId;
    for (const event of early.splice(0)) handle(event.name, event.payload);
    const id = runId;
    poll = setInterval(() => {
      session.call('runs.get', { runId: id }).then(
        (record) => {
          if (FINAL.has(record.status)) finish?.(record);
        },
        () => undefined,
      );
    }, 2000);
    if (opts.cancelOnSigint) {
      sigint = () => {
        opts.onCancelRequested?.();
        void session.call('runs.cancel', { runId: id }).catch(() => undefined);
      };
      process.once('SIGINT', sigint);
    }
    return await done;
  } finally {
    unsubscribe();
    if (poll) clearInterval(poll);
    if (sigint) process.off('SIGINT', sigint);
  }
}
