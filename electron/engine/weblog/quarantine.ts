import { open, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { OutputBuffer } from '../tasks/tabular/output-buffer.js';

/**
 * Where malformed lines go instead of disappearing: one line per rejected input line,
 * `<line number>\t<reason>\t<raw line>`. The file is created on the first rejected
 * line, so a clean input leaves none behind; counts per reason feed the task's log.
 */
export class Quarantine {
  private handle: FileHandle | null = null;
  private out: OutputBuffer | null = null;
  private opening: Promise<void> | null = null;
  private readonly queued: { line: number; reason: string; raw: Buffer }[] = [];
  readonly reasons = new Map<string, number>();
  count = 0;

  constructor(readonly file: string) {}

  /** Removes what an earlier attempt left, so a retry starts clean. */
  async reset(): Promise<void> {
    await rm(this.file, { force: true });
  }

  /** Records a line; the bytes are copied, so the caller may reuse its chunk. */
  add(line: number, reason: string, buf: Buffer, start: number, end: number): void {
    this.count++;
    this.reasons.set(reason, (this.reasons.get(reason) ?? 0) + 1);
    if (this.out) this.write(line, reason, buf, start, end);
    else this.queued.push({ line, reason, raw: Buffer.from(buf.subarray(start, end)) });
  }

  private write(line: number, reason: string, buf: Buffer, start: number, end: number): void {
    const out = this.out!;
    out.text(`${line}\t${reason}\t`);
    out.bytes(buf, start, end);
    out.byte(0x0a);
  }

  async flush(): Promise<void> {
    if (this.count === 0) return;
    if (!this.out) {
      this.opening ??= (async () => {
        this.handle = await open(this.file, 'w');
        this.out = new OutputBuffer(this.handle);
      })();
      await this.opening;
    }
    for (const q of this.queued.splice(0)) this.write(q.line, q.reason, q.raw, 0, q.raw.length);
    await this.out!.flush();
  }

  async close(): Promise<void> {
    await this.flush();
    await this.handle?.close();
    this.handle = null;
  }

  /** "3 lines: line ends inside the user agent (2), empty line (1)" */
  summary(): string {
    const parts = [...this.reasons].sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r} (${n})`);
    return `${this.count} line${this.count === 1 ? '' : 's'}: ${parts.join(', ')}`;
  }
}
