import { createWriteStream, type WriteStream } from 'node:fs';
import type { LogLine } from '../../../shared/runs/run.js';
import { INDEX_EVERY, type LogIndex } from './log-index.js';

const FLUSH_BYTES = 256 * 1024;

/**
 * Appends a run's log lines to log.ndjson through one write stream. Lines gather in
 * memory and go out in large writes (on size, or when the run manager's timer flushes),
 * never one syscall per line. Keeps the sparse line index as it goes, so the live log
 * can be sliced without a scan.
 */
export class LogWriter {
  private readonly stream: WriteStream;
  private pending: string[] = [];
  private pendingBytes = 0;
  private lastWrite: Promise<void> = Promise.resolve();
  private failure: Error | null = null;
  private closed = false;
  private readonly idx: LogIndex = { offsets: [], lines: 0, bytes: 0 };

  constructor(file: string) {
    this.stream = createWriteStream(file, { flags: 'a' });
    // A full disk must not take the run down with it; the failure is reported by error().
    this.stream.on('error', (err) => {
      this.failure ??= err;
    });
  }

  append(line: LogLine): void {
    if (this.closed) return;
    const text = `${JSON.stringify(line)}\n`;
    if (this.idx.lines % INDEX_EVERY === 0) this.idx.offsets.push(this.idx.bytes);
    this.idx.lines++;
    this.idx.bytes += Buffer.byteLength(text);
    this.pending.push(text);
    this.pendingBytes += text.length;
    if (this.pendingBytes >= FLUSH_BYTES) this.writePending();
  }

  /** Hands what is buffered to the stream without waiting. */
  writePending(): void {
    if (this.pending.length === 0 || this.failure) return;
    const chunk = this.pending.join('');
    this.pending = [];
    this.pendingBytes = 0;
    this.lastWrite = new Promise<void>((resolve) => {
      this.stream.write(chunk, () => resolve());
    });
  }

  /** Resolves when every line appended so far is in the file (so a reader sees it). */
  async flush(): Promise<void> {
    this.writePending();
    await this.lastWrite;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    if (this.failure) {
      this.stream.destroy();
      return;
    }
    await new Promise<void>((resolve) => this.stream.end(() => resolve()));
  }

  index(): LogIndex {
    return { offsets: this.idx.offsets, lines: this.idx.lines, bytes: this.idx.bytes };
  }

  error(): Error | null {
    return this.failure;
  }
}
