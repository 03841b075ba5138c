import type { TaskContext, TaskMetrics } from '../../pipelines/task-kind.js';

export interface RowCounts {
  rowsRead: number;
  rowsWritten: number;
  rowsRejected: number;
}

/** Turns running row counts into the task's metrics (rate and duration included). */
export class TaskMeter {
  private readonly started = performance.now();
  counts: RowCounts = { rowsRead: 0, rowsWritten: 0, rowsRejected: 0 };

  constructor(private readonly ctx: Pick<TaskContext, 'metrics'>) {}

  report(counts: Partial<RowCounts>): void {
    this.counts = { ...this.counts, ...counts };
    this.ctx.metrics(this.metrics());
  }

  metrics(): TaskMetrics {
    const durationMs = Math.round(performance.now() - this.started);
    const rows = Math.max(this.counts.rowsRead, this.counts.rowsWritten);
    return { ...this.counts, durationMs, rowsPerSecond: durationMs > 0 ? Math.round((rows * 1000) / durationMs) : 0 };
  }
}
