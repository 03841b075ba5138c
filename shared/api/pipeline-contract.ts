import { z } from 'zod';
import { pipelineIssueSchema } from '../pipeline/issues.js';
import { paramValueSchema, pipelineSchema } from '../pipeline/pipeline.js';
import { taskRunRecordSchema, taskStateEventSchema } from '../pipeline/task-state.js';

/**
 * Contract rows for pipelines (model, templates, runs of DAGs, schedules). Kept in a file
 * of its own so the pipeline feature grows without touching the core rows.
 */

const empty = z.object({}).strict();
const filePath = z.string().trim().min(1, 'A file path is required').max(4096);
const paramValues = z.record(z.string(), paramValueSchema);
const params = paramValues.default({});
const issues = z.array(pipelineIssueSchema);

export const templateSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  taskCount: z.number().int(),
});
export type TemplateSummary = z.infer<typeof templateSummarySchema>;

export const openedPipelineSchema = z.object({
  /** Absolute path of the file (null for a template, which has to be saved somewhere first). */
  path: z.string().nullable(),
  pipeline: pipelineSchema,
  /** The version the file was written in when it was migrated on opening; saving writes the current one. */
  migratedFrom: z.number().int().nullable(),
  issues,
});
export type OpenedPipelineResult = z.infer<typeof openedPipelineSchema>;

export const recentPipelineSchema = z.object({ path: z.string(), name: z.string(), openedAt: z.string() });
export type RecentPipeline = z.infer<typeof recentPipelineSchema>;

export const scheduleEntrySchema = z.object({
  /** The pipeline file the schedule runs (one schedule per file). */
  path: z.string(),
  name: z.string(),
  cron: z.string(),
  timezone: z.string().nullable(),
  enabled: z.boolean(),
  params: z.record(z.string(), paramValueSchema),
  /** Next run times (ISO), empty when disabled. */
  nextRuns: z.array(z.string()),
  lastRunId: z.string().nullable(),
  lastRunAt: z.string().nullable(),
  /** Why the last due time did not start a run (file missing, invalid, previous run still going). */
  lastProblem: z.string().nullable(),
});
export type ScheduleEntry = z.infer<typeof scheduleEntrySchema>;

export const pipelineMethods = {
  'pipelines.templates': { input: empty, output: z.array(templateSummarySchema) },
  'pipelines.template': { input: z.object({ id: z.string().min(1) }), output: openedPipelineSchema },
  /** Opens a pipeline file, migrating older versions, and reports what is wrong with it. */
  'pipelines.open': { input: z.object({ path: filePath }), output: openedPipelineSchema },
  /** Writes atomically (temp file + rename): a crash never leaves half a file. */
  'pipelines.save': {
    input: z.object({ path: filePath, pipeline: pipelineSchema }),
    output: z.object({ path: z.string(), savedAt: z.string(), issues }),
  },
  'pipelines.validate': {
    // No default here: without values the pipeline is checked as edited (parameter
    // defaults), with values as for a run; `params.optional()` would default to {}.
    input: z.object({ pipeline: pipelineSchema, params: z.record(z.string(), paramValueSchema).optional() }),
    output: z.object({ issues }),
  },
  'pipelines.recent': { input: empty, output: z.array(recentPipelineSchema) },
  /** Starts a run of a pipeline (given, or read from a file) with parameter values. */
  'pipelines.run': {
    input: z.object({
      /** The pipeline as edited (need not be saved) ... */
      pipeline: pipelineSchema.optional(),
      /** ... or the file to read it from; relative path parameters resolve against its folder. */
      path: filePath.optional(),
      params,
      maxParallel: z.number().int().min(1).max(64).optional(),
    }).refine((v) => (v.pipeline === undefined) !== (v.path === undefined), {
      message: 'Give either a pipeline or the path of a pipeline file',
      path: ['path'],
    }),
    output: z.object({ runId: z.string() }),
  },
  /** Runs a finished pipeline run again from its failed tasks, reusing what succeeded. */
  'pipelines.rerun': {
    input: z.object({
      runId: z.string().min(1),
      fromFailed: z.literal(true).default(true),
      /** Instead of the failed tasks, start from these. */
      fromTaskIds: z.array(z.string().min(1)).optional(),
    }),
    output: z.object({ runId: z.string() }),
  },
  'runs.tasks': {
    input: z.object({ runId: z.string().min(1) }),
    output: z.object({ runId: z.string(), tasks: z.array(taskRunRecordSchema) }),
  },
  'schedules.list': { input: empty, output: z.array(scheduleEntrySchema) },
  /** Creates or replaces the schedule of a pipeline file. */
  'schedules.set': {
    input: z.object({
      path: filePath,
      cron: z.string().trim().min(1, 'Cron expression is required').max(200),
      timezone: z.string().trim().min(1).max(100).optional(),
      enabled: z.boolean().default(true),
      /** Omitted: the schedule keeps the parameters it has (zod would fill a default {} in). */
      params: paramValues.optional(),
    }),
    output: scheduleEntrySchema,
  },
  'schedules.remove': { input: z.object({ path: filePath }), output: z.object({ removed: z.boolean() }) },
  /** The next run times of a cron expression, or a validation error saying what is wrong with it. */
  'schedules.preview': {
    input: z.object({
      cron: z.string().trim().min(1, 'Cron expression is required').max(200),
      timezone: z.string().trim().min(1).max(100).optional(),
      count: z.number().int().min(1).max(50).default(5),
    }),
    output: z.object({ next: z.array(z.string()) }),
  },
} as const;

export const pipelineEvents = {
  /** Every task state change, plus throttled metrics updates (a few per second per running task). */
  'task.state': taskStateEventSchema,
} as const;
