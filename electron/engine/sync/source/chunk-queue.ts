import type { BatchMembers } from './source.js';

/**
 * The hand-over between a push source (MySQL row events) and the pulling warehouse
 * writer. Bounded in bytes: when it holds `high` bytes the producer is paused (the
 * socket stops being read), and it resumes once the writer has taken it down to `low`.
 * Reading runs ahead of writing by at most `high` bytes, so the two overlap while
 * memory stays flat.
 */
export type QueueItem =
  | { t: 'chunk'; buf: Buffer }
  | { t: 'batchEnd'; rows: number; lastKey: bigint; bytes: number; suspect: number; members?: BatchMembers }
  | { t: 'end' }
  | { t: 'error'; err: Error };

const EMPTY: QueueItem = { t: 'end' };

export class ChunkQueue {
  private items: QueueItem[] = [];
  private head = 0;
  private bytes = 0;
  private paused = false;
  private wake: (() => void) | null = null;

  constructor(
    private readonly high: number,
    private readonly low: number,
    private readonly pause: () => void,
    private readonly resume: () => void,
  ) {}

  push(item: QueueItem): void {
    this.items.push(item);
    if (item.t === 'chunk') {
      this.bytes += item.buf.length;
      if (!this.paused && this.bytes >= this.high) {
        this.paused = true;
        this.pause();
      }
    }
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  /**
   * The producer has nothing more to give: the end is queued behind what the writer has
   * yet to take, and a producer paused by the last chunks is resumed at once. Holding it
   * paused would stop nothing more from coming, only other work on its connection (a
   * MySQL connection paused when a query is added never sends that query; mysql2 3.x).
   */
  end(): void {
    this.push({ t: 'end' });
    if (this.paused) {
      this.paused = false;
      this.resume();
    }
  }

  async shift(): Promise<QueueItem> {
    while (this.head >= this.items.length) {
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    const item = this.items[this.head];
    // Drop the reference at once: a consumed 256 KiB chunk must be free to collect.
    this.items[this.head++] = EMPTY;
    if (this.head >= 64) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    if (item.t === 'chunk') {
      this.bytes -= item.buf.length;
      if (this.paused && this.bytes <= this.low) {
        this.paused = false;
        this.resume();
      }
    }
    return item;
  }
}
