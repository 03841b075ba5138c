import { emptyMetrics, type TaskMetrics } from '../../../shared/pipeline/task-state.js';

/**
 * A task's live metrics: merges what the task reports, derives duration and rows per
 * second, and calls `flush` at most once per interval (with a trailing call, so the
 * last figures always go out). Tasks may report after every row.
 */
export class MetricsMeter {
  private current: TaskMetrics = emptyMetrics();
  private startedAt = Date.now();
  private lastFlush = 0;
  private timer: NodeJS.Timeout | undefined;
  private rateGiven = false;

  constructor(private readonly intervalMs: number, private readonly flush: (m: TaskMetrics) => void) {}

  /** A new attempt starts from zero. */
  start(): void {
    this.stopTimer();
    this.current = emptyMetrics();
    this.startedAt = Date.now();
    this.rateGiven = false;
  }

  update(m: Partial<TaskMetrics>): void {
    this.merge(m);
    const now = Date.now();
    if (now - this.lastFlush >= this.intervalMs) this.emitNow();
    else if (!this.timer) this.timer = setTimeout(() => this.emitNow(), this.intervalMs - (now - this.lastFlush));
  }

  private merge(m: Partial<TaskMetrics>): void {
    const clean: Partial<TaskMetrics> = {};
    for (const [k, v] of Object.entries(m) as [keyof TaskMetrics, unknown][]) {
      if (typeof v === 'number' && Number.isFinite(v)) clean[k] = v;
    }
    if (clean.rowsPerSecond !== undefined) this.rateGiven = true;
    this.current = { ...this.current, ...clean };
  }

  /** The figures now, duration and rate derived when the task did not give them. */
  snapshot(): TaskMetrics {
    const durationMs = Date.now() - this.startedAt;
    const rows = Math.max(this.current.rowsWritten, this.current.rowsRead);
    const rowsPerSecond = this.rateGiven ? this.current.rowsPerSecond : durationMs > 0 ? Math.round((rows * 1000) / durationMs) : 0;
    return { ...this.current, durationMs, rowsPerSecond };
  }

  /** Final figures: the task's own output wins over what it reported along the way. */
  finish(final?: Partial<TaskMetrics>): TaskMetrics {
    this.stopTimer();
    if (final) {
      // The runner measures duration itself; a rate of 0 means "not computed" in an output.
      const { durationMs: _duration, rowsPerSecond, ...rest } = final;
      void _duration;
      this.merge(rowsPerSecond ? { ...rest, rowsPerSecond } : rest);
    }
    return this.snapshot();
  }

  stopTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private emitNow(): void {
    this.stopTimer();
    this.lastFlush = Date.now();
    this.flush(this.snapshot());
  }
}
