import path from 'node:path';
import { ApiError, type MethodInputParsed, type MethodOutput } from '../../../shared/api/contract.js';
import type { pipelineMethods, ScheduleEntry } from '../../../shared/api/pipeline-contract.js';
import type { TaskCatalog } from '../../../shared/pipeline/catalog.js';
import type { Pipeline } from '../../../shared/pipeline/pipeline.js';
import { validatePipeline as validateWith, type ValidateOptions } from '../../../shared/pipeline/validate.js';
import type { ResolvedConnection } from '../connections/resolved.js';
import type { Emit, RunManager } from '../runs/run-manager.js';
import { CronExpressionError, nextRunTimes, parseCron } from '../schedules/cron.js';
import { readSchedules, writeSchedules, type KeyValueStore, type StoredSchedule } from '../schedules/schedule-store.js';
import { createScheduler, type Scheduler } from '../schedules/scheduler.js';
import { findAssetsDir } from './assets.js';
import { createPipelineRuns, type PipelineRuns } from './pipeline-runs.js';
import {
  listTemplates, loadTemplate, readPipelineFile, readRecent, rememberRecent, savePipelineFile,
} from './pipeline-files.js';

export type PipelineMethodName = keyof typeof pipelineMethods;
export type PipelineHandlerTable = {
  [M in PipelineMethodName]: (input: MethodInputParsed<M>) => Promise<MethodOutput<M>>;
};

/** The engine services the pipeline feature uses (EngineServices satisfies this). */
export interface PipelineEngineServices {
  readonly dataDir: string;
  readonly settings: KeyValueStore;
  readonly runs: Pick<RunManager, 'start' | 'get'>;
  resolveConnection(ref: string): Promise<ResolvedConnection>;
  readonly emit: Emit;
}

export interface PipelineFeatureOptions {
  /** Folder holding templates/ and sample-data/; found next to the app by default. */
  assetsDir?: string | null;
  /** Registers the built-in task kinds before the first run (electron/engine/tasks/). */
  loadTaskKinds?: () => Promise<void>;
  /** Kinds and config schemas to validate with; the built-in catalog by default. */
  catalog?: TaskCatalog;
}

export interface PipelineFeature {
  handlers: PipelineHandlerTable;
  runs: PipelineRuns;
  /** Fires enabled schedules from now on; long-lived hosts (app, serve) call it, one-shot CLI commands do not. */
  startSchedules(): void;
  /** Stops firing schedules (runs already started go on under the run manager). */
  close(): void;
}

const abs = (p: string) => path.resolve(p);

/**
 * Registers the built-in kinds (electron/engine/tasks/index.ts registers them when
 * loaded). Loaded on the first run, so opening the app or `--help` does not pull in
 * every database driver.
 */
async function loadBuiltInTaskKinds(): Promise<void> {
  const { registerBuiltInTaskKinds } = await import('../tasks/index.js');
  registerBuiltInTaskKinds();
}

function cronError(e: unknown): never {
  if (e instanceof CronExpressionError) throw new ApiError('validation', e.message, [{ path: e.field, message: e.message }]);
  throw e;
}

/**
 * The handlers of the pipeline contract rows, plus the scheduler's lifecycle.
 * The engine spreads `handlers` into its table, calls startSchedules() when it is a
 * long-lived host and close() before closing the run manager.
 */
export function createPipelineFeature(s: PipelineEngineServices, opts: PipelineFeatureOptions = {}): PipelineFeature {
  const assetsDir = opts.assetsDir !== undefined ? opts.assetsDir : findAssetsDir();
  const runs = createPipelineRuns({
    runs: s.runs, emit: s.emit, resolveConnection: (ref) => s.resolveConnection(ref),
    loadTaskKinds: opts.loadTaskKinds ?? loadBuiltInTaskKinds,
    ...(opts.catalog ? { catalog: opts.catalog } : {}),
  });
  const validatePipeline = (p: Pipeline, o: ValidateOptions = {}) => validateWith(p, { ...o, ...(opts.catalog ? { catalog: opts.catalog } : {}) });

  const runFile = async (file: string, params: Record<string, string | number | boolean>, maxParallel?: number) => {
    const { pipeline } = await readPipelineFile(file);
    return runs.start({ pipeline, baseDir: path.dirname(file), file, params, ...(maxParallel ? { maxParallel } : {}) });
  };

  const scheduler: Scheduler = createScheduler({
    store: s.settings,
    lockDir: path.join(s.dataDir, 'schedules'),
    trigger: (schedule) => runFile(schedule.path, schedule.params),
  });

  const entry = (st: StoredSchedule, name: string): ScheduleEntry => {
    let next: string[] = [];
    if (st.enabled) {
      try {
        next = nextRunTimes(st.cron, st.timezone ?? undefined, 5).map((d) => d.toISOString());
      } catch {
        next = [];
      }
    }
    return {
      path: st.path, name, cron: st.cron, timezone: st.timezone, enabled: st.enabled, params: st.params, nextRuns: next,
      lastRunId: st.lastRunId, lastRunAt: st.lastRunAt, lastProblem: st.lastProblem,
    };
  };
  const nameOf = async (file: string) => {
    try {
      return (await readPipelineFile(file)).pipeline.name;
    } catch {
      return path.basename(file);
    }
  };

  const handlers: PipelineHandlerTable = {
    'pipelines.templates': async () => listTemplates(assetsDir),
    'pipelines.template': async ({ id }) => {
      const pipeline = await loadTemplate(assetsDir, id);
      return { path: null, pipeline, migratedFrom: null, issues: validatePipeline(pipeline) };
    },
    'pipelines.open': async ({ path: p }) => {
      const file = abs(p);
      const { pipeline, migratedFrom } = await readPipelineFile(file);
      rememberRecent(s.settings, file, pipeline.name);
      return { path: file, pipeline, migratedFrom, issues: validatePipeline(pipeline) };
    },
    'pipelines.save': async ({ path: p, pipeline }) => {
      const file = abs(p);
      await savePipelineFile(file, pipeline);
      rememberRecent(s.settings, file, pipeline.name);
      return { path: file, savedAt: new Date().toISOString(), issues: validatePipeline(pipeline) };
    },
    'pipelines.validate': async ({ pipeline, params }) => ({ issues: validatePipeline(pipeline, params ? { params } : {}) }),
    'pipelines.recent': async () => readRecent(s.settings),
    'pipelines.run': async ({ pipeline, path: p, params, maxParallel }) => {
      if (p !== undefined) return { runId: (await runFile(abs(p), params, maxParallel)).runId };
      if (!pipeline) throw new ApiError('validation', 'Give either a pipeline or the path of a pipeline file');
      const started = await runs.start({ pipeline, baseDir: null, file: null, params, ...(maxParallel ? { maxParallel } : {}) });
      return { runId: started.runId };
    },
    'pipelines.rerun': async ({ runId, fromTaskIds }) => ({ runId: (await runs.rerun(runId, fromTaskIds)).runId }),
    'runs.tasks': async ({ runId }) => ({ runId, tasks: await runs.tasks(runId) }),
    'schedules.list': async () => Promise.all(readSchedules(s.settings).map(async (st) => entry(st, await nameOf(st.path)))),
    'schedules.set': async ({ path: p, cron, timezone, enabled, params }) => {
      const file = abs(p);
      try {
        parseCron(cron, timezone).stop();
      } catch (e) {
        cronError(e);
      }
      const { pipeline } = await readPipelineFile(file);
      const all = readSchedules(s.settings);
      const prev = all.find((x) => x.path === file);
      const next: StoredSchedule = {
        path: file, cron, timezone: timezone ?? null, enabled, params: params ?? prev?.params ?? {},
        lastRunId: prev?.lastRunId ?? null, lastRunAt: prev?.lastRunAt ?? null, lastProblem: null,
      };
      writeSchedules(s.settings, [...all.filter((x) => x.path !== file), next]);
      scheduler.reload();
      return entry(next, pipeline.name);
    },
    'schedules.remove': async ({ path: p }) => {
      const file = abs(p);
      const all = readSchedules(s.settings);
      const rest = all.filter((x) => x.path !== file);
      writeSchedules(s.settings, rest);
      scheduler.reload();
      return { removed: rest.length < all.length };
    },
    'schedules.preview': async ({ cron, timezone, count }) => {
      try {
        return { next: nextRunTimes(cron, timezone, count).map((d) => d.toISOString()) };
      } catch (e) {
        return cronError(e);
      }
    },
  };

  return {
    handlers,
    runs,
    startSchedules: () => scheduler.start(),
    close: () => scheduler.stop(),
  };
}

/** The handler table alone (no schedules fire), for hosts that wire the scheduler elsewhere or not at all. */
export function createPipelineHandlers(s: PipelineEngineServices, opts: PipelineFeatureOptions = {}): PipelineHandlerTable {
  return createPipelineFeature(s, opts).handlers;
}
