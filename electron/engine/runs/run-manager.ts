import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { ApiError, type EventName, type EventPayload } from '../../../shared/api/contract.js';
import type { LogLevel, LogLine, Progress, RunRecord } from '../../../shared/runs/run.js';
import { scrubSecrets } from '../secrets/scrub.js';
import { buildLogIndex, readLogSlice, type LogIndex } from './log-index.js';
import { LogWriter } from './log-writer.js';
import { createProgressThrottle, type ProgressThrottle } from './progress-throttle.js';
import type { RunContext } from './run-context.js';
import { isProcessAlive } from '../support/process-alive.js';
import {
  LOG_FILE, createRunFolderSync, isRunId, liveDir, markLiveSync, newRunId, readRecord, runsDir, unmarkLive, writeRecord, type RunOwner,
} from './run-folder.js';

export type RunKind = RunRecord['kind'];
export type Emit = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

export const INTERRUPTED = 'Interrupted: ETL Studio stopped during this run.';
const CANCELLED = 'Cancelled by the user.';
const CLOSING = 'Cancelled: ETL Studio was closing.';

/** How often buffered log lines go to disk and to listeners. */
const LOG_FLUSH_MS = 100;
/** At most this many lines per 'run.log' event: a flood keeps the newest; the rest stays readable through logs(). */
export const MAX_LINES_PER_EVENT = 5000;
/** How often a running record's figures (progress, line count) are saved, so history shows a dead run's last state. */
const PERSIST_MS = 2000;

export interface StartOptions {
  /** Exact secrets in play in this run (its connections' passwords): blanked from its log and error. */
  secrets?: readonly string[];
}

export interface RunManager {
  /**
   * Starts a job as a run: folder, run.json, log.ndjson, events. `onResult` may add the
   * result to the record (and may turn it into a failure, e.g. when checks fail).
   */
  start<T>(
    kind: RunKind,
    title: string,
    job: (ctx: RunContext) => Promise<T>,
    onResult?: (record: RunRecord, result: T) => void,
    options?: StartOptions,
  ): { runId: string; done: Promise<RunRecord> };
  /** Aborts the run's signal; false when the run is not running (finished or unknown). */
  cancel(runId: string): boolean;
  /** Newest first, live runs included. */
  history(limit: number): Promise<RunRecord[]>;
  /** Throws ApiError 'not_found'. */
  get(runId: string): Promise<RunRecord>;
  logs(runId: string, offset: number, limit: number): Promise<{ lines: LogLine[]; total: number }>;
  /** Cancels live runs (waiting a little for them to stop) and flushes every log. */
  close(): Promise<void>;
}

interface LiveRun {
  record: RunRecord;
  controller: AbortController;
  cancelReason: string | null;
  writer: LogWriter;
  throttle: ProgressThrottle;
  secrets: readonly string[];
  outgoing: LogLine[];
  flushTimer: NodeJS.Timeout | null;
  persistTimer: NodeJS.Timeout;
  dirty: boolean;
  writing: Promise<void>;
  done: Promise<RunRecord>;
  /** Set once the log is closed: a job's stray late calls are dropped, not counted. */
  ended: boolean;
}

/** Managers alive in this process, so a sibling manager's running records are not taken for crashed ones. */
const liveInstances = new Set<string>();


// A chatty job logs many lines per millisecond; format each millisecond once.
let lastMs = -1;
let lastIso = '';
function isoNow(): string {
  const ms = Date.now();
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}

function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}

export function createRunManager(opts: { dataDir: string; emit: Emit }): RunManager {
  const { emit } = opts;
  const dir = runsDir(opts.dataDir);
  const instance = randomUUID();
  const owner: RunOwner = { pid: process.pid, instance };
  const live = new Map<string, LiveRun>();
  const indexCache = new Map<string, { index: LogIndex; size: number; mtimeMs: number }>();
  let closed = false;
  liveInstances.add(instance);

  const snapshot = (r: RunRecord): RunRecord => structuredClone(r);

  function persist(run: LiveRun): Promise<void> {
    run.dirty = false;
    const copy = snapshot(run.record);
    run.writing = run.writing
      .then(() => writeRecord(copy.folder, copy, owner))
      .catch(() => undefined); // a failed save is retried by the next state change
    return run.writing;
  }

  function flushLines(run: LiveRun): void {
    if (run.flushTimer) clearTimeout(run.flushTimer);
    run.flushTimer = null;
    run.writer.writePending();
    if (run.outgoing.length === 0) return;
    const lines = run.outgoing.length > MAX_LINES_PER_EVENT ? run.outgoing.slice(-MAX_LINES_PER_EVENT) : run.outgoing;
    run.outgoing = [];
    emit('run.log', { runId: run.record.id, lines });
  }

  function makeContext(run: LiveRun): RunContext {
    const record = run.record;
    return {
      runId: record.id,
      signal: run.controller.signal,
      folder: record.folder,
      log(level: LogLevel, message: string, taskId?: string) {
        if (run.ended) return;
        const line: LogLine = {
          runId: record.id,
          ...(taskId === undefined ? {} : { taskId }),
          seq: record.logLines,
          time: isoNow(),
          level,
          message: scrubSecrets(String(message), run.secrets),
        };
        record.logLines++;
        run.dirty = true;
        run.writer.append(line);
        run.outgoing.push(line);
        // Only the newest lines can go out live; keep the buffer bounded during a flood.
        if (run.outgoing.length > 2 * MAX_LINES_PER_EVENT) run.outgoing.splice(0, run.outgoing.length - MAX_LINES_PER_EVENT);
        if (!run.flushTimer) {
          run.flushTimer = setTimeout(() => flushLines(run), LOG_FLUSH_MS);
          run.flushTimer.unref?.();
        }
      },
      progress(p: Omit<Progress, 'runId'>) {
        if (run.ended) return;
        const full: Progress = { ...p, runId: record.id };
        record.lastProgress = full;
        run.dirty = true;
        run.throttle.push(full);
      },
    };
  }

  async function finish<T>(run: LiveRun, ctx: RunContext, outcome: { ok: true; result: T } | { ok: false; error: unknown },
    onResult?: (record: RunRecord, result: T) => void): Promise<RunRecord> {
    const record = run.record;
    if (outcome.ok) {
      record.status = 'success';
      try {
        onResult?.(record, outcome.result);
      } catch (err) {
        record.status = 'failed';
        record.error = scrubSecrets(messageOf(err), run.secrets);
        ctx.log('error', `Failed: ${record.error}`);
      }
    } else if (run.controller.signal.aborted) {
      record.status = 'cancelled';
      // A job may say what a cancel left behind (batches committed, where the next run resumes).
      const said = outcome.error instanceof ApiError && outcome.error.code === 'cancelled' ? outcome.error.message : '';
      record.error = said ? scrubSecrets(said, run.secrets) : run.cancelReason ?? CANCELLED;
      ctx.log('warn', record.error);
    } else {
      record.status = 'failed';
      record.error = scrubSecrets(messageOf(outcome.error), run.secrets);
      ctx.log('error', `Failed: ${record.error}`);
    }
    const finishedAt = new Date();
    record.finishedAt = finishedAt.toISOString();
    record.durationMs = finishedAt.getTime() - Date.parse(record.startedAt);
    run.throttle.flush();
    flushLines(run);
    clearInterval(run.persistTimer);
    run.ended = true;
    await run.writer.close();
    const diskError = run.writer.error();
    if (diskError && !record.error) record.error = `The run's log could not be written completely: ${diskError.message}`;
    await persist(run);
    await unmarkLive(dir, record.id).catch(() => undefined);
    live.delete(record.id);
    const final = snapshot(record);
    emit('run.state', { runId: record.id, status: final.status, record: final });
    return final;
  }

  // Runs left 'running' by a process that died are closed once, before history is answered.
  // Only the runs listed as live are read; a data folder from before that list is read whole, once.
  const listed = existsSync(liveDir(dir));
  const recovered = (async () => {
    let names: string[];
    try {
      names = await readdir(listed ? liveDir(dir) : dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (!isRunId(name) || live.has(name)) continue;
      const folder = path.join(dir, name);
      const stored = await readRecord(folder);
      if (!stored || (stored.record.status !== 'running' && stored.record.status !== 'queued')) {
        if (listed) await unmarkLive(dir, name).catch(() => undefined);
        continue;
      }
      const o = stored.owner;
      if (o && o.pid === process.pid && liveInstances.has(o.instance)) continue;
      if (o && o.pid !== process.pid && isProcessAlive(o.pid)) continue; // another ETL Studio process is running it
      const logFile = path.join(folder, LOG_FILE);
      const lastWrite = await stat(logFile).then((s) => s.mtime, () => new Date(Date.parse(stored.record.startedAt)));
      const index = await buildLogIndex(logFile);
      const record: RunRecord = {
        ...stored.record,
        status: 'failed',
        error: INTERRUPTED,
        finishedAt: lastWrite.toISOString(),
        durationMs: Math.max(0, lastWrite.getTime() - Date.parse(stored.record.startedAt)),
        logLines: index.lines,
      };
      await writeRecord(folder, record, null).catch(() => undefined);
      await unmarkLive(dir, name).catch(() => undefined);
    }
  })();

  async function finishedIndex(runId: string, file: string): Promise<LogIndex> {
    const info = await stat(file).catch(() => null);
    if (!info) return { offsets: [], lines: 0, bytes: 0 };
    const cached = indexCache.get(runId);
    if (cached && cached.size === info.size && cached.mtimeMs === info.mtimeMs) {
      indexCache.delete(runId); // re-insert: most recently used last
      indexCache.set(runId, cached);
      return cached.index;
    }
    const index = await buildLogIndex(file);
    indexCache.set(runId, { index, size: info.size, mtimeMs: info.mtimeMs });
    if (indexCache.size > 16) indexCache.delete(indexCache.keys().next().value as string);
    return index;
  }

  async function getRecord(runId: string): Promise<RunRecord> {
    const running = live.get(runId);
    if (running) return snapshot(running.record);
    if (isRunId(runId)) {
      await recovered;
      const stored = await readRecord(path.join(dir, runId));
      if (stored) return stored.record;
    }
    throw new ApiError('not_found', `No run with id ${runId}.`);
  }

  return {
    start<T>(kind: RunKind, title: string, job: (ctx: RunContext) => Promise<T>,
      onResult?: (record: RunRecord, result: T) => void, options?: StartOptions) {
      if (closed) throw new ApiError('internal', 'ETL Studio is shutting down; the run was not started.');
      const now = new Date();
      const runId = newRunId(now);
      const folder = path.join(dir, runId);
      const record: RunRecord = {
        id: runId, kind, title, status: 'running', startedAt: now.toISOString(), finishedAt: null, durationMs: null,
        error: null, sync: null, sample: null, lastProgress: null, folder, logLines: 0,
      };
      createRunFolderSync(folder, record, owner);
      markLiveSync(dir, runId);
      const run: LiveRun = {
        record,
        controller: new AbortController(),
        cancelReason: null,
        writer: new LogWriter(path.join(folder, LOG_FILE)),
        throttle: createProgressThrottle((p) => emit('run.progress', p)),
        secrets: (options?.secrets ?? []).filter((s) => s.length > 0),
        outgoing: [],
        flushTimer: null,
        persistTimer: setInterval(() => {
          if (run.dirty) void persist(run);
        }, PERSIST_MS),
        dirty: false,
        writing: Promise.resolve(),
        done: Promise.resolve(record),
        ended: false,
      };
      run.persistTimer.unref?.();
      live.set(runId, run);
      emit('run.state', { runId, status: 'running', record: snapshot(record) });
      const ctx = makeContext(run);
      run.done = Promise.resolve()
        .then(() => job(ctx))
        .then(
          (result) => finish(run, ctx, { ok: true, result }, onResult),
          (error: unknown) => finish(run, ctx, { ok: false, error }, onResult),
        );
      return { runId, done: run.done };
    },

    cancel(runId) {
      const run = live.get(runId);
      if (!run || run.controller.signal.aborted) return false;
      run.cancelReason = CANCELLED;
      run.controller.abort(new ApiError('cancelled', CANCELLED));
      return true;
    },

    async history(limit) {
      await recovered;
      let names: string[];
      try {
        names = (await readdir(dir)).filter(isRunId);
      } catch {
        names = [];
      }
      const ids = new Set([...names, ...live.keys()]);
      const newest = [...ids].sort().reverse().slice(0, limit);
      const records: (RunRecord | null)[] = [];
      // A few files at a time: a long history must not open a thousand files at once.
      for (let i = 0; i < newest.length; i += 32) {
        records.push(...(await Promise.all(
          newest.slice(i, i + 32).map(async (id) => {
            const running = live.get(id);
            if (running) return snapshot(running.record);
            return (await readRecord(path.join(dir, id)))?.record ?? null;
          }),
        )));
      }
      return records
        .filter((r): r is RunRecord => r !== null)
        .sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0));
    },

    get: getRecord,

    async logs(runId, offset, limit) {
      const running = live.get(runId);
      if (running) {
        await running.writer.flush();
        const index = running.writer.index();
        const lines = await readLogSlice(path.join(running.record.folder, LOG_FILE), index, runId, offset, limit);
        return { lines, total: index.lines };
      }
      const record = await getRecord(runId);
      const file = path.join(record.folder, LOG_FILE);
      const index = await finishedIndex(runId, file);
      return { lines: await readLogSlice(file, index, runId, offset, limit), total: index.lines };
    },

    async close() {
      if (closed) return;
      closed = true;
      const runs = [...live.values()];
      for (const run of runs) {
        if (!run.controller.signal.aborted) {
          run.cancelReason = CLOSING;
          run.controller.abort(new ApiError('cancelled', CLOSING));
        }
      }
      // A job that ignores its signal is left behind; its record is closed as interrupted on the next start.
      await Promise.race([
        Promise.allSettled(runs.map((r) => r.done)),
        new Promise((resolve) => setTimeout(resolve, 5000).unref?.()),
      ]);
      for (const run of live.values()) {
        clearInterval(run.persistTimer);
        flushLines(run);
        await run.writer.flush();
        await persist(run);
      }
      await recovered;
      liveInstances.delete(instance);
    },
  };
}
