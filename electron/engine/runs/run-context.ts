import type { LogLevel, Progress } from '../../../shared/runs/run.js';

/**
 * What a long-running job (a sync, a sample load, a pipeline task) gets from the run
 * manager: a log, progress reporting (throttled by the manager, so callers may report
 * as often as they like), a cancel signal and a folder for its artifacts.
 */
export interface RunContext {
  readonly runId: string;
  readonly signal: AbortSignal;
  /** Folder of this run: run.json, log.ndjson and artifacts. */
  readonly folder: string;
  log(level: LogLevel, message: string, taskId?: string): void;
  progress(progress: Omit<Progress, 'runId'>): void;
}
