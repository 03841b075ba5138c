import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ApiError } from '../../../shared/api/contract.js';
import type { TaskCatalog } from '../../../shared/pipeline/catalog.js';
import { inactiveTasks } from '../../../shared/pipeline/conditions.js';
import { hasErrors } from '../../../shared/pipeline/issues.js';
import { resolveParams } from '../../../shared/pipeline/params.js';
import { paramValueSchema, pipelineSchema, type ParamValue, type Pipeline } from '../../../shared/pipeline/pipeline.js';
import { taskRunRecordSchema, type TaskRunRecord } from '../../../shared/pipeline/task-state.js';
import { validatePipeline } from '../../../shared/pipeline/validate.js';
import type { RunRecord } from '../../../shared/runs/run.js';
import type { ResolvedConnection } from '../connections/resolved.js';
import type { Emit, RunManager } from '../runs/run-manager.js';
import { absolutizePathDefaults, issuesToApi } from './pipeline-files.js';
import { getTaskKind } from './registry.js';
import { runPipeline, type PipelineRunResult } from './run-pipeline.js';
import { writeJsonAtomic } from './task-output.js';

/**
 * Pipeline runs as runs of the run manager (kind 'pipeline'): history, logs and cancel
 * come from there; this adds the per-task states (live, in run.json at the end, and in
 * tasks.json along the way so a crashed run still shows them) and re-runs.
 */

export interface PipelineRunServices {
  runs: Pick<RunManager, 'start' | 'get'>;
  emit: Emit;
  resolveConnection(ref: string): Promise<ResolvedConnection>;
  /** Makes sure the built-in task kinds are registered before a run. */
  loadTaskKinds?(): Promise<void>;
  /** Kinds and config schemas to validate with; the built-in catalog by default. */
  catalog?: TaskCatalog;
}

export interface StartPipelineRequest {
  pipeline: Pipeline;
  /** Folder of the pipeline file: relative `path` parameter defaults resolve against it. */
  baseDir: string | null;
  /** The file the pipeline came from, recorded with the run. */
  file: string | null;
  params: Record<string, ParamValue>;
  maxParallel?: number;
}

const SNAPSHOT_FILE = 'pipeline.json';
const TASKS_FILE = 'tasks.json';

/** What a run folder keeps to re-run the same pipeline with the same values. */
const snapshotSchema = z.object({
  pipeline: pipelineSchema,
  file: z.string().nullable(),
  baseDir: z.string().nullable(),
  params: z.record(z.string(), paramValueSchema),
  maxParallel: z.number().int().optional(),
});

/** Every password in play: in connection URLs in configs and values, and of the profiles used. */
async function secretsOf(pipeline: Pipeline, params: Record<string, ParamValue>, resolve: PipelineRunServices['resolveConnection']): Promise<string[]> {
  const out = new Set<string>();
  const scan = (v: unknown) => {
    if (typeof v === 'string') {
      for (const m of v.matchAll(/[a-z][a-z0-9+.-]*:\/\/[^:@/\s]*:([^@/\s]+)@/gi)) {
        out.add(m[1]!);
        try { out.add(decodeURIComponent(m[1]!)); } catch { /* not %-encoded */ }
      }
    } else if (Array.isArray(v)) v.forEach(scan);
    else if (v && typeof v === 'object') Object.values(v).forEach(scan);
  };
  scan(pipeline.tasks.map((t) => t.config));
  scan(params);
  for (const p of pipeline.parameters) {
    if (p.kind !== 'connection') continue;
    const ref = params[p.name] ?? p.default;
    if (typeof ref !== 'string' || ref === '') continue;
    try {
      const c = await resolve(ref);
      if ('password' in c && c.password) out.add(c.password);
    } catch {
      // An unknown profile fails its task with a clear message; nothing to hide here.
    }
  }
  return [...out].filter((s) => s.length >= 3);
}

function summary(result: PipelineRunResult): string {
  const bad = result.tasks.filter((t) => t.state === 'failed');
  const skipped = result.tasks.filter((t) => t.state === 'skipped').length;
  const first = bad[0];
  const head = first ? `Task '${first.taskId}' failed: ${first.error ?? 'no message'}` : 'Some tasks did not run';
  const more = bad.length > 1 ? `; ${bad.length - 1} more task(s) failed` : '';
  return `${head}${more}${skipped ? `; ${skipped} downstream task(s) skipped` : ''}`;
}

export interface PipelineRuns {
  start(req: StartPipelineRequest, rerun?: { fromTaskIds: string[]; previousRunFolder: string }): Promise<{ runId: string; done: Promise<RunRecord> }>;
  rerun(runId: string, fromTaskIds?: string[]): Promise<{ runId: string; done: Promise<RunRecord> }>;
  tasks(runId: string): Promise<TaskRunRecord[]>;
}

export function createPipelineRuns(s: PipelineRunServices): PipelineRuns {
  const live = new Map<string, Map<string, TaskRunRecord>>();

  async function start(req: StartPipelineRequest, rerun?: { fromTaskIds: string[]; previousRunFolder: string }) {
    await s.loadTaskKinds?.();
    const pipeline = req.baseDir ? absolutizePathDefaults(req.pipeline, req.baseDir) : req.pipeline;
    const issues = validatePipeline(pipeline, { params: req.params, ...(s.catalog ? { catalog: s.catalog } : {}) });
    const resolved = resolveParams(pipeline, req.params).values;
    const inactive = inactiveTasks(pipeline, resolved);
    for (const t of pipeline.tasks) {
      if (!inactive.has(t.id) && !getTaskKind(t.kind) && !issues.some((i) => i.taskId === t.id && i.code === 'unknown_kind')) {
        issues.push({ code: 'unknown_kind', severity: 'error', taskId: t.id, field: 'kind', message: `Task '${t.id}' (${t.kind}): this build has no runner for kind '${t.kind}'` });
      }
    }
    if (hasErrors(issues)) {
      const errors = issues.filter((i) => i.severity === 'error');
      throw new ApiError('validation', `The pipeline cannot run: ${errors.map((i) => i.message).join('; ')}`, issuesToApi(errors));
    }
    const secrets = await secretsOf(pipeline, req.params, s.resolveConnection);

    let tasksTimer: NodeJS.Timeout | undefined;
    let folder = '';
    const states = new Map<string, TaskRunRecord>();
    const saveTasks = () => {
      tasksTimer = undefined;
      if (folder) void writeJsonAtomic(path.join(folder, TASKS_FILE), [...states.values()]).catch(() => undefined);
    };

    const started = s.runs.start<PipelineRunResult & { cancelReason: string | null }>(
      'pipeline',
      `Pipeline: ${pipeline.name}`,
      async (ctx) => {
        folder = ctx.folder;
        live.set(ctx.runId, states);
        await writeJsonAtomic(path.join(ctx.folder, SNAPSHOT_FILE), {
          pipeline: req.pipeline, file: req.file, baseDir: req.baseDir, params: req.params,
          ...(req.maxParallel ? { maxParallel: req.maxParallel } : {}),
        });
        ctx.log('info', `Pipeline '${pipeline.name}'${req.file ? ` from ${req.file}` : ''}: ${pipeline.tasks.length} task(s)` +
          (rerun ? `, re-running from ${rerun.fromTaskIds.join(', ')}` : ''));
        try {
          const result = await runPipeline(pipeline, {
            params: req.params,
            runContext: ctx,
            ...(s.catalog ? { catalog: s.catalog } : {}),
            resolveConnection: s.resolveConnection,
            ...(req.maxParallel ? { maxParallel: req.maxParallel } : {}),
            ...(rerun ? { fromTaskIds: rerun.fromTaskIds, previousRunFolder: rerun.previousRunFolder } : {}),
            onTaskState: (e, record) => {
              states.set(e.taskId, record);
              s.emit('task.state', e);
              tasksTimer ??= setTimeout(saveTasks, 500);
            },
          });
          // The runner's own records are exact (attempt counts included); they replace the event-built ones.
          for (const t of result.tasks) states.set(t.taskId, t);
          const reason: unknown = ctx.signal.reason;
          return { ...result, cancelReason: reason instanceof Error ? reason.message : null };
        } finally {
          if (tasksTimer) clearTimeout(tasksTimer);
          saveTasks();
          live.delete(ctx.runId);
        }
      },
      (record, result) => {
        record.tasks = result.tasks;
        if (result.status === 'failed') {
          record.status = 'failed';
          record.error = summary(result);
        } else if (result.status === 'cancelled') {
          record.status = 'cancelled';
          record.error = result.cancelReason ?? 'Cancelled.';
        }
      },
      { secrets },
    );
    return started;
  }

  async function readSnapshot(record: RunRecord) {
    try {
      return snapshotSchema.parse(JSON.parse(await readFile(path.join(record.folder, SNAPSHOT_FILE), 'utf8')));
    } catch {
      throw new ApiError('not_found', `Run ${record.id} kept no copy of its pipeline, so it cannot be re-run`);
    }
  }

  async function tasksOf(record: RunRecord): Promise<TaskRunRecord[]> {
    if (record.tasks) return record.tasks;
    try {
      return z.array(taskRunRecordSchema).parse(JSON.parse(await readFile(path.join(record.folder, TASKS_FILE), 'utf8')));
    } catch {
      return [];
    }
  }

  return {
    start,
    async rerun(runId, fromTaskIds) {
      const record = await s.runs.get(runId);
      if (record.kind !== 'pipeline') throw new ApiError('validation', `Run ${runId} is a ${record.kind} run, not a pipeline run`);
      if (record.status === 'running' || record.status === 'queued') throw new ApiError('conflict', `Run ${runId} is still going; re-run it once it ends`);
      const snap = await readSnapshot(record);
      let from = fromTaskIds;
      if (!from || from.length === 0) {
        const tasks = await tasksOf(record);
        from = tasks.filter((t) => t.state === 'failed' || t.state === 'cancelled').map((t) => t.taskId);
        if (from.length === 0) throw new ApiError('validation', `Nothing to re-run: no task of run ${runId} failed or was cancelled`);
      }
      const ids = new Set(snap.pipeline.tasks.map((t) => t.id));
      const unknown = from.filter((id) => !ids.has(id));
      if (unknown.length) throw new ApiError('validation', `Run ${runId} has no task ${unknown.map((u) => `'${u}'`).join(', ')}`);
      return start(
        { pipeline: snap.pipeline, baseDir: snap.baseDir, file: snap.file, params: snap.params, ...(snap.maxParallel ? { maxParallel: snap.maxParallel } : {}) },
        { fromTaskIds: from, previousRunFolder: record.folder },
      );
    },
    async tasks(runId) {
      const states = live.get(runId);
      if (states) return [...states.values()].map((t) => ({ ...t }));
      return tasksOf(await s.runs.get(runId));
    },
  };
}
