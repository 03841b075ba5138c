import { mkdir, rm } from 'node:fs/promises';
import type { TaskCatalog } from '../../../shared/pipeline/catalog.js';
import { defaultCatalog } from '../../../shared/pipeline/catalog.js';
import { inactiveTasks } from '../../../shared/pipeline/conditions.js';
import { directUpstream, downstream, downstreamOfAll, topologicalOrder } from '../../../shared/pipeline/dag.js';
import { hasErrors, type PipelineIssue } from '../../../shared/pipeline/issues.js';
import { resolveParams } from '../../../shared/pipeline/params.js';
import { taskPolicy, type ParamValue, type Pipeline, type PipelineTask } from '../../../shared/pipeline/pipeline.js';
import {
  emptyMetrics, type SkipReason, type TaskMetrics, type TaskRunRecord, type TaskState, type TaskStateEvent,
} from '../../../shared/pipeline/task-state.js';
import { checkTaskConfig, validatePipeline } from '../../../shared/pipeline/validate.js';
import type { ResolvedConnection } from '../connections/resolved.js';
import type { RunContext } from '../runs/run-context.js';
import { errorText, raceWithAbort, RunCancelledError, sleep, TaskDidNotStopError, TaskTimeoutError } from './abort.js';
import { retryDelay } from './backoff.js';
import { MetricsMeter } from './metrics-meter.js';
import { getTaskKind } from './registry.js';
import { reuseTaskOutput, taskFolderOf, writeTaskOutput } from './task-output.js';
import type { TaskContext, TaskOutput } from './task-kind.js';

export interface RunPipelineOptions {
  /** Parameter values as given (CLI text or form values); coerced and defaulted here. */
  params: Readonly<Record<string, unknown>>;
  runContext: RunContext;
  resolveConnection(ref: string): Promise<ResolvedConnection>;
  /** Tasks running at once; independent branches share this bound. Default 2. */
  maxParallel?: number;
  /**
   * Re-run from these tasks: they and everything downstream run again, every other
   * task reuses its output from `previousRunFolder` (and runs if it left none there).
   */
  fromTaskIds?: readonly string[];
  previousRunFolder?: string;
  /** Every state change and throttled metrics update; `record` is the task's full line for history. */
  onTaskState?(event: TaskStateEvent, record: TaskRunRecord): void;
  catalog?: TaskCatalog;
  /** Minimum gap between two metrics events of one task. Default 250 ms. */
  metricsIntervalMs?: number;
  /** Longest wait between retries. Default 5 min. */
  maxRetryDelayMs?: number;
  /** Time a task gets to stop after its signal aborts, before the run moves on. Default 15 s. */
  stopGraceMs?: number;
  random?: () => number;
}

export interface PipelineRunResult {
  status: 'success' | 'failed' | 'cancelled';
  tasks: TaskRunRecord[];
  /** Outputs of the tasks that succeeded (or were reused), by task id. */
  outputs: Record<string, TaskOutput>;
  params: Record<string, ParamValue>;
}

export class PipelineInvalidError extends Error {
  constructor(readonly issues: PipelineIssue[]) {
    const errors = issues.filter((i) => i.severity === 'error');
    super(`The pipeline cannot run: ${errors.map((i) => i.message).join('; ')}`);
    this.name = 'PipelineInvalidError';
  }
}

/** Failures no retry can fix: the same input would fail the same way. */
class PermanentTaskError extends Error {}

/** A kind marks such failures as TaskConfigError (a bad config field) or with `retryable: false`. */
function isPermanent(e: unknown): boolean {
  if (e instanceof PermanentTaskError) return true;
  if (!(e instanceof Error)) return false;
  return e.name === 'TaskConfigError' || (e as { retryable?: unknown }).retryable === false;
}

/**
 * Runs a pipeline's tasks in dependency order, independent branches in parallel up to
 * maxParallel. A failed task skips its downstream tasks while the other branches go
 * on; cancel aborts the running tasks' signals and leaves the queued ones cancelled.
 * Throws PipelineInvalidError before anything runs if the pipeline or the parameters
 * are invalid; otherwise resolves with the state of every task.
 */
export async function runPipeline(pipeline: Pipeline, opts: RunPipelineOptions): Promise<PipelineRunResult> {
  const catalog = opts.catalog ?? defaultCatalog;
  const ctx = opts.runContext;
  const maxParallel = Math.max(1, Math.floor(opts.maxParallel ?? 2));
  const graceMs = opts.stopGraceMs ?? 15_000;

  const issues = validatePipeline(pipeline, { catalog, params: opts.params });
  if (hasErrors(issues)) throw new PipelineInvalidError(issues);
  const params = resolveParams(pipeline, opts.params).values;
  const order = topologicalOrder(pipeline);
  const tasks = new Map(pipeline.tasks.map((t) => [t.id, t]));
  const inactive = inactiveTasks(pipeline, params);
  for (const t of pipeline.tasks) {
    if (!inactive.has(t.id) && !getTaskKind(t.kind)) throw new PipelineInvalidError([{
      code: 'unknown_kind', severity: 'error', taskId: t.id, field: 'kind',
      message: `Task '${t.id}' (${t.kind}): this build has no runner for kind '${t.kind}'`,
    }]);
  }

  const records = new Map<string, TaskRunRecord>(order.map((id) => {
    const t = tasks.get(id)!;
    return [id, {
      taskId: id, kind: t.kind, name: t.name || id, state: 'queued' as TaskState, attempts: 0, error: null, reason: null,
      startedAt: null, finishedAt: null, durationMs: null, metrics: emptyMetrics(),
    }];
  }));
  const outputs: Record<string, TaskOutput> = {};

  const emit = (id: string) => {
    const r = records.get(id)!;
    opts.onTaskState?.({
      runId: ctx.runId, taskId: id, state: r.state, attempt: Math.max(0, r.attempts - 1), metrics: r.metrics,
      ...(r.error ? { error: r.error } : {}),
      ...(r.reason ? { reason: r.reason } : {}),
      ...(r.startedAt ? { startedAt: r.startedAt } : {}),
      ...(r.finishedAt ? { finishedAt: r.finishedAt } : {}),
    }, { ...r, metrics: { ...r.metrics } });
  };
  const set = (id: string, patch: Partial<TaskRunRecord>) => {
    Object.assign(records.get(id)!, patch);
    emit(id);
  };
  const end = (id: string, state: TaskState, extra: { error?: string | null; reason?: SkipReason | null } = {}) => {
    const r = records.get(id)!;
    const finishedAt = new Date().toISOString();
    const durationMs = r.startedAt ? Date.parse(finishedAt) - Date.parse(r.startedAt) : null;
    set(id, { state, finishedAt, durationMs, error: extra.error !== undefined ? extra.error : r.error, reason: extra.reason ?? null });
  };

  for (const id of order) emit(id);

  for (const id of order.filter((x) => inactive.has(x))) {
    const t = tasks.get(id)!;
    const why = t.runIf !== undefined ? `parameter '${t.runIf}' has no value` : 'an upstream task was left out';
    ctx.log('info', `Skipping '${id}': ${why}`, id);
    end(id, 'skipped', { reason: 'condition' });
  }

  // Re-run: reuse what earlier tasks left, where they left it.
  if (opts.fromTaskIds && opts.fromTaskIds.length > 0) {
    if (!opts.previousRunFolder) throw new Error('A re-run needs the folder of the previous run');
    for (const id of opts.fromTaskIds) if (!tasks.has(id)) throw new Error(`Task '${id}' is not in this pipeline`);
    const rerun = downstreamOfAll(pipeline, opts.fromTaskIds);
    for (const id of order) {
      if (rerun.has(id)) continue;
      const reused = await reuseTaskOutput(opts.previousRunFolder, ctx.folder, id);
      if (!reused) {
        for (const d of downstreamOfAll(pipeline, [id])) rerun.add(d);
        continue;
      }
      outputs[id] = reused;
      ctx.log('info', `Reusing the output of '${id}' from the previous run`, id);
      const now = new Date().toISOString();
      set(id, { state: 'success', reason: 'reused', metrics: reused.metrics, startedAt: now, finishedAt: now, durationMs: 0 });
    }
  }

  const running = new Map<string, Promise<void>>();
  const state = (id: string) => records.get(id)!.state;

  const skipDownstream = (id: string) => {
    const below = downstream(pipeline, id);
    for (const d of order) {
      if (below.has(d) && state(d) === 'queued') {
        ctx.log('warn', `Skipping '${d}': upstream task '${id}' failed`, d);
        end(d, 'skipped', { reason: 'upstream_failed' });
      }
    }
  };

  const runOne = async (task: PipelineTask): Promise<void> => {
    const id = task.id;
    const policy = taskPolicy(pipeline, task);
    const meter = new MetricsMeter(opts.metricsIntervalMs ?? 250, (m) => {
      if (state(id) !== 'running') return;
      records.get(id)!.metrics = m;
      emit(id);
      ctx.progress({ taskId: id, phase: id, rowsRead: m.rowsRead, rowsWritten: m.rowsWritten, rowsRejected: m.rowsRejected, totalRows: null, rowsPerSecond: m.rowsPerSecond, batch: 0, etaMs: null });
    });

    for (let attempt = 0; ; attempt++) {
      if (ctx.signal.aborted) {
        end(id, 'cancelled', { error: 'Cancelled', reason: 'cancelled' });
        return;
      }
      meter.start();
      set(id, { state: 'running', attempts: attempt + 1, metrics: emptyMetrics(), ...(attempt === 0 ? { startedAt: new Date().toISOString() } : {}) });
      ctx.log('info', attempt === 0 ? `Task '${id}' (${task.kind}) started` : `Task '${id}' retry ${attempt} of ${policy.retries}`, id);
      try {
        const output = await attemptTask(task, attempt, policy.timeoutMs, meter);
        const metrics = meter.finish(output.metrics);
        const finalOutput: TaskOutput = { ...output, metrics };
        await writeTaskOutput(ctx.folder, { taskId: id, kind: task.kind, attempt, finishedAt: new Date().toISOString(), output: finalOutput });
        outputs[id] = finalOutput;
        records.get(id)!.metrics = metrics;
        end(id, 'success', { error: null });
        ctx.log('info', `Task '${id}' succeeded in ${metrics.durationMs} ms (${metrics.rowsRead} read, ${metrics.rowsWritten} written, ${metrics.rowsRejected} rejected)`, id);
        return;
      } catch (e) {
        const metrics = meter.finish();
        records.get(id)!.metrics = metrics;
        const cancelled = ctx.signal.aborted;
        const message = errorText(e);
        if (e instanceof TaskDidNotStopError) ctx.log('warn', `Task '${id}' ignored its abort signal and may still be running`, id);
        if (cancelled) {
          ctx.log('warn', `Task '${id}' cancelled`, id);
          end(id, 'cancelled', { error: 'Cancelled', reason: 'cancelled' });
          return;
        }
        ctx.log('error', `Task '${id}' failed (attempt ${attempt + 1}): ${message}`, id);
        if (isPermanent(e) || attempt >= policy.retries) {
          end(id, 'failed', { error: message });
          skipDownstream(id);
          return;
        }
        const delay = retryDelay(policy.retryDelayMs, attempt, { capMs: opts.maxRetryDelayMs, random: opts.random });
        set(id, { state: 'retrying', error: message });
        ctx.log('info', `Task '${id}' will retry in ${delay} ms`, id);
        await sleep(delay, ctx.signal);
      }
    }
  };

  const attemptTask = async (task: PipelineTask, attempt: number, timeoutMs: number, meter: MetricsMeter): Promise<TaskOutput> => {
    const checked = checkTaskConfig(task, params, catalog);
    if (!checked.ok) throw new PermanentTaskError(checked.issues.map((i) => i.message).join('; '));
    const impl = getTaskKind(task.kind)!;
    const taskFolder = taskFolderOf(ctx.folder, task.id);
    // A retry starts clean: half-written files of the failed attempt must not leak in.
    await rm(taskFolder, { recursive: true, force: true });
    await mkdir(taskFolder, { recursive: true });

    const controller = new AbortController();
    const onRunAbort = () => controller.abort(new RunCancelledError());
    if (ctx.signal.aborted) onRunAbort();
    else ctx.signal.addEventListener('abort', onRunAbort, { once: true });
    const timer = timeoutMs > 0 ? setTimeout(() => controller.abort(new TaskTimeoutError(timeoutMs)), timeoutMs) : undefined;
    let live = true;
    const inputs: Record<string, TaskOutput> = {};
    for (const up of directUpstream(pipeline, task.id)) if (outputs[up]) inputs[up] = outputs[up];
    const taskCtx: TaskContext = {
      runId: ctx.runId, taskId: task.id, attempt, signal: controller.signal, runFolder: ctx.folder, taskFolder,
      params: { ...params }, inputs,
      log: (level, message) => { if (live) ctx.log(level, message, task.id); },
      metrics: (m) => { if (live) meter.update(m); },
      resolveConnection: opts.resolveConnection,
    };
    try {
      const work = Promise.resolve().then(() => impl.run(checked.config, taskCtx));
      return await raceWithAbort(work, controller.signal, graceMs);
    } finally {
      live = false;
      if (timer) clearTimeout(timer);
      ctx.signal.removeEventListener('abort', onRunAbort);
    }
  };

  // Scheduler: start every ready task while under the bound, then wait for one to end.
  while (true) {
    if (!ctx.signal.aborted) {
      for (const id of order) {
        if (running.size >= maxParallel) break;
        if (state(id) !== 'queued' || running.has(id)) continue;
        if (!directUpstream(pipeline, id).every((u) => state(u) === 'success')) continue;
        const p = runOne(tasks.get(id)!).catch((e: unknown) => {
          // A bug in the runner itself (e.g. a full disk writing output.json): the task fails, the run goes on.
          ctx.log('error', `Task '${id}' failed: ${errorText(e)}`, id);
          end(id, 'failed', { error: errorText(e) });
          skipDownstream(id);
        }).finally(() => running.delete(id));
        running.set(id, p);
      }
    }
    if (running.size === 0) break;
    await Promise.race(running.values());
  }

  for (const id of order) {
    if (state(id) === 'queued') end(id, 'cancelled', { reason: 'cancelled' });
  }

  const all = order.map((id) => ({ ...records.get(id)! }));
  const status: PipelineRunResult['status'] = ctx.signal.aborted && all.some((t) => t.state === 'cancelled')
    ? 'cancelled'
    : all.some((t) => t.state === 'failed' || t.state === 'cancelled' || (t.state === 'skipped' && t.reason !== 'condition')) ? 'failed' : 'success';
  return { status, tasks: all, outputs, params };
}

export type { TaskMetrics };
