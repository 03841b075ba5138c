import type { LogLevel } from '../../../shared/runs/run.js';
import type { TaskMetrics } from '../../../shared/pipeline/task-state.js';
import type { ResolvedConnection } from '../connections/resolved.js';

export type { TaskMetrics } from '../../../shared/pipeline/task-state.js';

/**
 * The seam between the runner and the task kinds (electron/engine/tasks/). A kind gets
 * its config already validated by its zod schema and with `${params.X}` placeholders
 * substituted, and everything else it may touch through the context.
 */
export interface TaskContext {
  runId: string;
  taskId: string;
  /** 0 on the first try, 1 on the first retry, ... */
  attempt: number;
  /** Aborted on cancel and on timeout: the task must stop, roll back or leave work in staging. */
  signal: AbortSignal;
  runFolder: string;
  /** runFolder/<taskId>/: artifacts of this task go here (created before run() is called). */
  taskFolder: string;
  params: Record<string, string | number | boolean>;
  /** Upstream task id -> its output. */
  inputs: Record<string, TaskOutput>;
  log(level: LogLevel, message: string): void;
  /** Report progress as often as you like; the runner throttles the events. */
  metrics(m: Partial<TaskMetrics>): void;
  /** Turns a profile name/id or a URL (mysql://, postgres://, pglite:PATH) into a connection. */
  resolveConnection(ref: string): Promise<ResolvedConnection>;
}

export interface TaskArtifact {
  name: string;
  path?: string;
  table?: string;
  rows?: number;
}

export interface TaskOutput {
  artifacts: TaskArtifact[];
  metrics: TaskMetrics;
  values?: Record<string, string | number | boolean | null>;
}

export interface TaskKindImpl<C> {
  kind: string;
  run(config: C, ctx: TaskContext): Promise<TaskOutput>;
}
