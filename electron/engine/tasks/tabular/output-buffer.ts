import type { FileHandle } from 'node:fs/promises';

const BLOCK = 1 << 20;

/**
 * Collects output bytes in big reused blocks and writes them with one syscall per
 * block: writing per row is what makes naive exporters slow. Callers fill it
 * synchronously for a whole input chunk, then await flush().
 */
export class OutputBuffer {
  private buf = Buffer.allocUnsafe(BLOCK);
  private len = 0;
  private readonly full: Buffer[] = [];
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

  async flush(): Promise<void> {
    for (const b of this.full) await this.writeAll(b);
    this.full.length = 0;
    if (this.len > 0) {
      await this.writeAll(this.buf.subarray(0, this.len));
      this.len = 0;
    }
  }

  /** Flushes once enough has gathered to make the write worth a syscall. */
  async flushIfBig(): Promise<void> {
    if (this.full.length > 0 || this.len >= BLOCK / 2) await this.flush();
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
