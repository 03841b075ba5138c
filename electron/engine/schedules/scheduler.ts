import { createHash } from 'node:crypto';
import { mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Cron } from 'croner';
import { parseCron } from './cron.js';
import { readSchedules, writeSchedules, type KeyValueStore, type StoredSchedule } from './schedule-store.js';

/**
 * Fires the enabled schedules while the engine runs. A schedule whose previous run is
 * still going skips its turn (like Airflow's max_active_runs = 1), and a due time is
 * claimed with a lock file, so the desktop app and a headless host on the same data
 * folder never both start it.
 */

export interface SchedulerOptions {
  store: KeyValueStore;
  /** Where due times are claimed (shared by every process on the data folder). */
  lockDir: string;
  /** Starts a run of the schedule's pipeline; resolves with its id and its end, or throws why it could not start. */
  trigger(schedule: StoredSchedule): Promise<{ runId: string; done: Promise<unknown> }>;
  log?(message: string): void;
}

export interface Scheduler {
  /** (Re)reads the schedules and arms the enabled ones. */
  start(): void;
  reload(): void;
  stop(): void;
  /** Paths of schedules whose run is going on now. */
  active(): string[];
}

function keyOf(p: string): string {
  return createHash('sha256').update(p).digest('hex').slice(0, 16);
}

/** Old claims are only clutter: one day is far longer than any clock skew between two processes. */
async function pruneLocks(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const cutoff = Date.now() - 24 * 3_600_000;
  for (const n of names) {
    const f = path.join(dir, n);
    const s = await stat(f).catch(() => null);
    if (s && s.mtimeMs < cutoff) await rm(f, { force: true });
  }
}

async function claim(dir: string, schedulePath: string, due: Date): Promise<boolean> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${keyOf(schedulePath)}-${due.getTime()}.lock`);
  try {
    const h = await open(file, 'wx');
    await h.close();
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

export function createScheduler(opts: SchedulerOptions): Scheduler {
  const jobs = new Map<string, Cron>();
  const running = new Map<string, string>();
  let started = false;

  const update = (schedulePath: string, patch: Partial<StoredSchedule>) => {
    const all = readSchedules(opts.store);
    const i = all.findIndex((s) => s.path === schedulePath);
    if (i < 0) return;
    all[i] = { ...all[i]!, ...patch };
    writeSchedules(opts.store, all);
  };

  const fire = async (schedule: StoredSchedule, due: Date) => {
    if (!(await claim(opts.lockDir, schedule.path, due))) return;
    if (running.has(schedule.path)) {
      const problem = `Skipped the run due at ${due.toISOString()}: the previous run (${running.get(schedule.path)}) is still going`;
      opts.log?.(problem);
      update(schedule.path, { lastProblem: problem });
      return;
    }
    try {
      const { runId, done } = await opts.trigger(schedule);
      running.set(schedule.path, runId);
      update(schedule.path, { lastRunId: runId, lastRunAt: new Date().toISOString(), lastProblem: null });
      void done.catch(() => undefined).finally(() => {
        if (running.get(schedule.path) === runId) running.delete(schedule.path);
      });
    } catch (e) {
      const problem = `The run due at ${due.toISOString()} did not start: ${e instanceof Error ? e.message : String(e)}`;
      opts.log?.(problem);
      update(schedule.path, { lastRunAt: new Date().toISOString(), lastProblem: problem });
    }
  };

  const disarm = () => {
    for (const job of jobs.values()) job.stop();
    jobs.clear();
  };

  const arm = () => {
    disarm();
    for (const schedule of readSchedules(opts.store)) {
      if (!schedule.enabled) continue;
      let job: Cron;
      try {
        job = parseCron(schedule.cron, schedule.timezone ?? undefined);
        job.stop();
      } catch (e) {
        opts.log?.(`Schedule of ${schedule.path} not armed: ${e instanceof Error ? e.message : String(e)}`);
        continue;
      }
      const armed = new Cron(schedule.cron, {
        unref: true,
        ...(schedule.timezone ? { timezone: schedule.timezone } : {}),
        catch: (e) => opts.log?.(`Schedule of ${schedule.path} failed: ${e instanceof Error ? e.message : String(e)}`),
      }, (self: Cron) => {
        // The due time, not "now": two processes firing a few ms apart claim the same lock.
        const due = self.currentRun() ?? new Date();
        due.setMilliseconds(0);
        return fire(schedule, due);
      });
      jobs.set(schedule.path, armed);
    }
  };

  return {
    start() {
      started = true;
      void pruneLocks(opts.lockDir);
      arm();
    },
    reload() {
      if (started) arm();
    },
    stop() {
      started = false;
      disarm();
    },
    active: () => [...running.keys()],
  };
}
