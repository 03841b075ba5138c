import type { LogLevel, LogLine } from '../../../shared/runs/run.js';

export const levelRank: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };
const levelByRank: LogLevel[] = ['debug', 'info', 'warn', 'error'];

export interface LogRow {
  index: number;
  time: string;
  level: LogLevel;
  taskId: string | undefined;
  message: string;
}

/**
 * An append-only store of one run's log lines, held column-wise: a million lines cost
 * a few strings each, not a million objects, and appending never copies what is there.
 */
export class LogBuffer {
  private times: string[] = [];
  private messages: string[] = [];
  private taskIds: (string | undefined)[] = [];
  private levels = new Uint8Array(1024);
  private count = 0;
  private lastSeq = -Infinity;

  get length(): number {
    return this.count;
  }

  /** Appends lines in order; a line at or below the last seq seen is a repeat and is skipped. */
  append(lines: readonly LogLine[]): number {
    let added = 0;
    for (const line of lines) {
      if (line.seq <= this.lastSeq) continue;
      this.lastSeq = line.seq;
      if (this.count === this.levels.length) {
        const grown = new Uint8Array(this.levels.length * 2);
        grown.set(this.levels);
        this.levels = grown;
      }
      this.levels[this.count] = levelRank[line.level];
      this.times.push(line.time);
      this.messages.push(line.message);
      this.taskIds.push(line.taskId);
      this.count++;
      added++;
    }
    return added;
  }

  /** Appends plain messages at one level; used for bulk data in tests and for local notices. */
  appendMessages(messages: readonly string[], level: LogLevel, time: string): void {
    let seq = this.lastSeq === -Infinity ? 0 : this.lastSeq + 1;
    this.append(messages.map((message) => ({ runId: '', seq: seq++, time, level, message })));
  }

  rankAt(index: number): number {
    return this.levels[index] ?? 0;
  }

  messageAt(index: number): string {
    return this.messages[index] ?? '';
  }

  row(index: number): LogRow {
    return {
      index,
      time: this.times[index] ?? '',
      level: levelByRank[this.levels[index] ?? 0] ?? 'info',
      taskId: this.taskIds[index],
      message: this.messages[index] ?? '',
    };
  }
}

export interface LogFilter {
  minLevel: LogLevel;
  text: string;
}

export const noFilter: LogFilter = { minLevel: 'debug', text: '' };

/**
 * Which lines of a buffer pass a filter, extended as lines arrive so a new batch costs
 * only its own size. Without a filter it maps index to index and holds nothing.
 */
export class LogView {
  private indices: number[] | null;
  private scanned = 0;
  private readonly needle: string;
  private readonly minRank: number;

  constructor(
    readonly buffer: LogBuffer,
    readonly filter: LogFilter,
  ) {
    this.needle = filter.text.trim().toLowerCase();
    this.minRank = levelRank[filter.minLevel];
    this.indices = this.needle === '' && this.minRank === 0 ? null : [];
  }

  /** Catches up with lines appended since the last call; returns the number of visible lines. */
  update(): number {
    if (this.indices === null) return this.buffer.length;
    const end = this.buffer.length;
    for (let i = this.scanned; i < end; i++) {
      if (this.buffer.rankAt(i) < this.minRank) continue;
      if (this.needle !== '' && !this.buffer.messageAt(i).toLowerCase().includes(this.needle)) continue;
      this.indices.push(i);
    }
    this.scanned = end;
    return this.indices.length;
  }

  get length(): number {
    return this.indices === null ? this.buffer.length : this.indices.length;
  }

  row(visibleIndex: number): LogRow {
    const index = this.indices === null ? visibleIndex : (this.indices[visibleIndex] ?? 0);
    return this.buffer.row(index);
  }

  /** The visible lines as text, one per line, as a user would paste them into a ticket. */
  toText(): string {
    const out: string[] = new Array(this.length);
    for (let i = 0; i < this.length; i++) out[i] = formatLogRow(this.row(i));
    return out.join('\n');
  }
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Local wall-clock time with milliseconds: what a user compares against their own clock. */
export function formatLogTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export function formatLogRow(row: LogRow): string {
  const task = row.taskId ? ` [${row.taskId}]` : '';
  return `${formatLogTime(row.time)} ${row.level.toUpperCase().padEnd(5)}${task} ${row.message}`;
}
