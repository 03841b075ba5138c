import { z } from 'zod';
import { syncResultSchema, sampleLoadResultSchema } from '../sync/sync.js';
import { taskRunRecordSchema } from '../pipeline/task-state.js';

export const runStatuses = ['queued', 'running', 'success', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof runStatuses)[number];

export const logLevels = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof logLevels)[number];

export const runKinds = ['sync', 'sample', 'pipeline'] as const;

export const logLineSchema = z.object({
  runId: z.string(),
  /** Pipeline task that wrote the line; absent for run-level lines. */
  taskId: z.string().optional(),
  seq: z.number().int(),
  time: z.string(),
  level: z.enum(logLevels),
  message: z.string(),
});
export type LogLine = z.infer<typeof logLineSchema>;

export const progressSchema = z.object({
  runId: z.string(),
  taskId: z.string().optional(),
  phase: z.string(),
  rowsRead: z.number(),
  rowsWritten: z.number(),
  rowsRejected: z.number(),
  /** Rows expected in all, when known (counted in the read snapshot). */
  totalRows: z.number().nullable(),
  rowsPerSecond: z.number(),
  batch: z.number(),
  etaMs: z.number().nullable(),
});
export type Progress = z.infer<typeof progressSchema>;

export const runRecordSchema = z.object({
  id: z.string(),
  kind: z.enum(runKinds),
  title: z.string(),
  status: z.enum(runStatuses),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  error: z.string().nullable(),
  /** Present on sync runs once they finish. */
  sync: syncResultSchema.nullable().default(null),
  sample: sampleLoadResultSchema.nullable().default(null),
  /** Last progress seen, so history shows the figures of a run that died. */
  lastProgress: progressSchema.nullable().default(null),
  /** Folder holding run.json, log.ndjson and the run's artifacts. */
  folder: z.string(),
  logLines: z.number().int().default(0),
  /** Pipeline runs: each task's state, attempts, timing, metrics and error. */
  tasks: z.array(taskRunRecordSchema).optional(),
});
export type RunRecord = z.infer<typeof runRecordSchema>;

export const runStateEventSchema = z.object({
  runId: z.string(),
  status: z.enum(runStatuses),
  record: runRecordSchema,
});
export type RunStateEvent = z.infer<typeof runStateEventSchema>;
