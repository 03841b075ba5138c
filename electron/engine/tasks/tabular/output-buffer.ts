import type { FileHandle } from 'node:fs/promises';

const BLOCK = 1 << 20;

/**
 * Collects output bytes in big reused blocks and writes them with one syscall per
 * block: writing per row is what makes naive exporters slow. Callers fill it
 * synchronously for a whole input chunk, then await flushIfBig(), which hands the
 * block to the disk and lets the caller go on filling the other block meanwhile
 * (double buffering), so parsing never waits for a write it does not need yet.
 */
export class OutputBuffer {
  private buf: Buffer = Buffer.allocUnsafe(BLOCK);
  /** The block being written while `buf` fills. */
  private spare: Buffer | null = Buffer.allocUnsafe(BLOCK);
  private len = 0;
  private readonly full: Buffer[] = [];
  private inflight: Promise<void> = Promise.resolve();
  /** Bytes handed to the file so far. */
  written = 0;

  constructor(private readonly file: FileHandle) {}

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    if (this.len > 0) this.full.push(this.buf.subarray(0, this.len));
    this.buf = Buffer.allocUnsafe(Math.max(BLOCK, n));
    this.len = 0;
  }

  byte(b: number): void {
    if (this.len >= this.buf.length) this.room(1);
    this.buf[this.len++] = b;
  }

  bytes(src: Buffer, start: number, end: number): void {
    const n = end - start;
    this.room(n);
    if (n <= 48) {
      // Buffer.copy costs more than the bytes themselves for the short fields of a row.
      const buf = this.buf;
      let j = this.len;
      for (let k = start; k < end; k++) buf[j++] = src[k]!;
    } else {
      src.copy(this.buf, this.len, start, end);
    }
    this.len += n;
  }

  /**
   * Copies src[start, end) unless it holds a byte flagged in `stop` (one that would need
   * escaping); returns false and writes nothing in that case. Checking and copying in
   * one pass halves the work on the long fields of a log line.
   */
  bytesUnless(src: Buffer, start: number, end: number, stop: Uint8Array): boolean {
    this.room(end - start);
    const buf = this.buf;
    let j = this.len;
    for (let k = start; k < end; k++) {
      const b = src[k]!;
      if (stop[b] !== 0) return false;
      buf[j++] = b;
    }
    this.len = j;
    return true;
  }

  text(s: string): void {
    // 3 bytes per UTF-16 unit is the most UTF-8 can need.
    this.room(s.length * 3);
    this.len += this.buf.write(s, this.len, 'utf8');
  }

  get pending(): number {
    return this.len + this.full.reduce((n, b) => n + b.length, 0);
  }

  /** Starts writing what has gathered; resolves once the previous write is done. */
  private async handOff(): Promise<void> {
    await this.inflight;
    const blocks = this.full.splice(0);
    if (this.len > 0) blocks.push(this.buf.subarray(0, this.len));
    if (blocks.length === 0) return;
    const written = this.buf;
    this.buf = this.spare && this.spare.length >= BLOCK ? this.spare : Buffer.allocUnsafe(BLOCK);
    this.spare = null;
    this.len = 0;
    this.inflight = (async () => {
      for (const b of blocks) await this.writeAll(b);
      this.spare = written;
    })();
    // A failed write must surface at the next await, not as an unhandled rejection.
    this.inflight.catch(() => undefined);
  }

  /** Writes everything gathered so far and waits until it is on its way to the disk. */
  async flush(): Promise<void> {
    await this.handOff();
    await this.inflight;
  }

  /** Hands a block to the disk once enough has gathered to make the write worth a syscall. */
  async flushIfBig(): Promise<void> {
    if (this.full.length > 0 || this.len >= BLOCK / 2) await this.handOff();
  }

  private async writeAll(b: Buffer): Promise<void> {
    let off = 0;
    while (off < b.length) {
      const { bytesWritten } = await this.file.write(b, off, b.length - off);
      off += bytesWritten;
    }
    this.written += b.length;
  }
}
