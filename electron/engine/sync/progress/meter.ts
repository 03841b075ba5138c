import type { RunContext } from '../../runs/run-context.js';

/**
 * Rows read, written and rejected, with the rate and the time left, reported to the
 * run as they change. The run manager throttles, so reporting often costs little.
 */
export class ProgressMeter {
  phase = 'starting';
  rowsRead = 0;
  rowsWritten = 0;
  rowsRejected = 0;
  totalRows: number | null = null;
  batch = 0;
  private loadStarted: number | null = null;
  private readonly started = performance.now();

  constructor(private readonly ctx: RunContext) {}

  setPhase(phase: string): void {
    this.phase = phase;
    if (phase === 'loading' && this.loadStarted === null) this.loadStarted = performance.now();
    this.report();
  }

  read(rows: number): void {
    this.rowsRead += rows;
    this.report();
  }

  committed(written: number, rejected: number): void {
    this.rowsWritten += written;
    this.rowsRejected += rejected;
    this.batch++;
    this.report();
  }

  elapsedMs(): number {
    return performance.now() - this.started;
  }

  /** Source rows per second since loading began. */
  rate(): number {
    if (this.loadStarted === null) return 0;
    const s = (performance.now() - this.loadStarted) / 1000;
    return s > 0 ? Math.round(this.rowsRead / s) : 0;
  }

  report(): void {
    const rps = this.rate();
    const left = this.totalRows === null ? null : Math.max(0, this.totalRows - this.rowsRead);
    this.ctx.progress({
      phase: this.phase,
      rowsRead: this.rowsRead,
      rowsWritten: this.rowsWritten,
      rowsRejected: this.rowsRejected,
      totalRows: this.totalRows,
      rowsPerSecond: rps,
      batch: this.batch,
      etaMs: left === null ? null : left === 0 ? 0 : rps > 0 ? Math.round((left / rps) * 1000) : null,
    });
  }
}
