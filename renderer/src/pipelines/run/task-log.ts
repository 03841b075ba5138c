import { LogBuffer } from '../../logs/log-buffer.js';

/**
 * One task's lines out of a run's log, kept as a LogBuffer of their own so the shared
 * LogPanel (virtualized, level and text filters) shows them unchanged. Extended as the
 * run's buffer grows: each batch costs its own size, never the whole log again.
 */
export class TaskLogFilter {
  readonly out = new LogBuffer();
  private scanned = 0;

  constructor(
    private readonly source: LogBuffer,
    readonly taskId: string,
  ) {}

  /** Catches up with the source; returns the number of lines this task has. */
  update(): number {
    const end = this.source.length;
    const batch = [];
    for (let i = this.scanned; i < end; i++) {
      const row = this.source.row(i);
      if (row.taskId !== this.taskId) continue;
      batch.push({ runId: '', taskId: row.taskId, seq: i, time: row.time, level: row.level, message: row.message });
    }
    this.scanned = end;
    if (batch.length > 0) this.out.append(batch);
    return this.out.length;
  }
}
