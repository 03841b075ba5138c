import { z } from 'zod';

/**
 * The pipeline file, version 2: what the canvas edits, the runner runs and the
 * Airflow export translates. Task configs stay opaque here; each kind's schema in the
 * catalog checks them, so a new kind never changes this file.
 */

export const PIPELINE_FORMAT = 'etl-studio.pipeline';
export const PIPELINE_VERSION = 2;

export const parameterKinds = ['string', 'path', 'connection', 'number', 'boolean'] as const;
export type ParameterKind = (typeof parameterKinds)[number];

/** Task ids name folders in the run and Airflow task_ids, hence the narrow alphabet. */
export const taskIdPattern = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
/** Parameter names appear inside `${params.NAME}` placeholders. */
export const paramNamePattern = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export const paramValueSchema = z.union([z.string(), z.number(), z.boolean()]);
export type ParamValue = z.infer<typeof paramValueSchema>;

export const parameterSchema = z.object({
  name: z.string().regex(paramNamePattern, 'Use letters, digits and _ (not starting with a digit)'),
  kind: z.enum(parameterKinds).default('string'),
  default: paramValueSchema.optional(),
  description: z.string().max(2000).optional(),
  required: z.boolean().default(false),
});
export type PipelineParameter = z.output<typeof parameterSchema>;

const retries = z.number().int().min(0).max(20);
const retryDelayMs = z.number().int().min(0).max(3_600_000);
/** 0 means no limit. */
const timeoutMs = z.number().int().min(0).max(7 * 24 * 3_600_000);

export const pipelineDefaultsSchema = z.object({
  retries: retries.default(0),
  retryDelayMs: retryDelayMs.default(1_000),
  timeoutMs: timeoutMs.default(0),
});
export type PipelineDefaults = z.output<typeof pipelineDefaultsSchema>;

export const scheduleSpecSchema = z.object({
  cron: z.string().trim().min(1, 'Cron expression is required').max(200),
  timezone: z.string().max(100).optional(),
  enabled: z.boolean().default(true),
});
export type ScheduleSpec = z.output<typeof scheduleSpecSchema>;

export const positionSchema = z.object({ x: z.number(), y: z.number() });

export const taskSchema = z.object({
  id: z.string().regex(taskIdPattern, 'Task id: letters, digits, _ and -, at most 64 characters'),
  kind: z.string().min(1),
  name: z.string().max(200).default(''),
  config: z.record(z.string(), z.unknown()).default({}),
  position: positionSchema.default({ x: 0, y: 0 }),
  retries: retries.optional(),
  retryDelayMs: retryDelayMs.optional(),
  timeoutMs: timeoutMs.optional(),
  /**
   * Name of a parameter: the task (and everything downstream of it) runs only when that
   * parameter has a value (not empty, false or 0); otherwise it is skipped. This is how a
   * template carries an optional branch, e.g. "load into a warehouse when one is given".
   */
  runIf: z.string().regex(paramNamePattern, 'runIf names a parameter').optional(),
});
export type PipelineTask = z.output<typeof taskSchema>;

export const edgeSchema = z.object({ from: z.string().min(1), to: z.string().min(1) });
export type PipelineEdge = z.output<typeof edgeSchema>;

export const pipelineSchema = z.object({
  format: z.literal(PIPELINE_FORMAT),
  version: z.literal(PIPELINE_VERSION),
  name: z.string().trim().min(1, 'Pipeline name is required').max(200),
  description: z.string().max(10_000).optional(),
  parameters: z.array(parameterSchema).default([]),
  defaults: pipelineDefaultsSchema.default({ retries: 0, retryDelayMs: 1_000, timeoutMs: 0 }),
  schedule: scheduleSpecSchema.optional(),
  tasks: z.array(taskSchema).default([]),
  edges: z.array(edgeSchema).default([]),
});
export type Pipeline = z.output<typeof pipelineSchema>;
export type PipelineInput = z.input<typeof pipelineSchema>;

/** A task's effective retry/timeout settings: its own, else the pipeline defaults. */
export function taskPolicy(pipeline: Pipeline, task: PipelineTask): PipelineDefaults {
  return {
    retries: task.retries ?? pipeline.defaults.retries,
    retryDelayMs: task.retryDelayMs ?? pipeline.defaults.retryDelayMs,
    timeoutMs: task.timeoutMs ?? pipeline.defaults.timeoutMs,
  };
}

export function emptyPipeline(name: string): Pipeline {
  return pipelineSchema.parse({ format: PIPELINE_FORMAT, version: PIPELINE_VERSION, name });
}
