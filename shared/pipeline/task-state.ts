import { z } from 'zod';

/**
 * Per-task run state shared by the runner, the API events and the run history, so the
 * canvas, the CLI and the history view read the same shape.
 */

export const taskStates = ['queued', 'running', 'success', 'failed', 'retrying', 'skipped', 'cancelled'] as const;
export type TaskState = (typeof taskStates)[number];

export const terminalTaskStates: readonly TaskState[] = ['success', 'failed', 'skipped', 'cancelled'];

export const taskMetricsSchema = z.object({
  rowsRead: z.number(),
  rowsWritten: z.number(),
  rowsRejected: z.number(),
  rowsPerSecond: z.number(),
  durationMs: z.number(),
});
export type TaskMetrics = z.infer<typeof taskMetricsSchema>;

export function emptyMetrics(): TaskMetrics {
  return { rowsRead: 0, rowsWritten: 0, rowsRejected: 0, rowsPerSecond: 0, durationMs: 0 };
}

/**
 * Why a task did not run itself: an upstream task failed, the run was cancelled, its
 * output was reused from an earlier run, or its runIf parameter had no value.
 */
export const skipReasons = ['upstream_failed', 'cancelled', 'reused', 'condition'] as const;
export type SkipReason = (typeof skipReasons)[number];

export const taskStateEventSchema = z.object({
  runId: z.string(),
  taskId: z.string(),
  state: z.enum(taskStates),
  attempt: z.number().int().min(0),
  error: z.string().optional(),
  reason: z.enum(skipReasons).optional(),
  metrics: taskMetricsSchema,
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
});
export type TaskStateEvent = z.infer<typeof taskStateEventSchema>;

/** One task's line in a run record: what history and `runs.tasks` show. */
export const taskRunRecordSchema = z.object({
  taskId: z.string(),
  kind: z.string(),
  name: z.string(),
  state: z.enum(taskStates),
  attempts: z.number().int().min(0),
  error: z.string().nullable(),
  reason: z.enum(skipReasons).nullable().default(null),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  metrics: taskMetricsSchema,
});
export type TaskRunRecord = z.infer<typeof taskRunRecordSchema>;
