import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import { lineChunks } from '../../weblog/input.js';
import { OutputBuffer } from '../tabular/output-buffer.js';
import { readTable } from '../tabular/read-table.js';
import type { TableFormat } from '../tabular/format.js';
import { fieldIndex, LineMatcher, textMatcher, type Condition } from './match.js';

export interface FilterOptions extends Condition {
  input: string;
  format: TableFormat;
  /** TSV/CSV: the first row names the columns and is always kept. */
  header: boolean;
  /** Column to test; empty tests the whole line (like grep). */
  field: string;
  action: 'keep' | 'drop';
  output: string;
  signal: AbortSignal;
  onProgress?: (c: FilterCounts) => void;
}

export interface FilterCounts {
  rowsRead: number;
  rowsWritten: number;
  /** Rows the condition removed (not errors). */
  rowsDropped: number;
}

/** Keeps or drops the lines/rows of a TXT/TSV/CSV file that match a condition. */
export async function filterFile(o: FilterOptions): Promise<FilterCounts> {
  await mkdir(path.dirname(o.output), { recursive: true });
  const handle = await open(o.output, 'w');
  const out = new OutputBuffer(handle);
  try {
    const counts = o.field && o.format !== 'txt' ? await byField(o, out) : await byLine(o, out);
    await out.flush();
    o.onProgress?.(counts);
    return counts;
  } finally {
    await handle.close();
  }
}

/** Whole lines compared as bytes; kept lines are copied in runs, not one by one. */
async function byLine(o: FilterOptions, out: OutputBuffer): Promise<FilterCounts> {
  const matcher = new LineMatcher(o);
  const drop = o.action === 'drop';
  const counts: FilterCounts = { rowsRead: 0, rowsWritten: 0, rowsDropped: 0 };
  let headerPending = o.header && o.format !== 'txt';
  for await (const chunk of lineChunks(o.input, o.signal)) {
    matcher.reset(chunk);
    let pos = 0;
    let run = 0;
    while (pos < chunk.length) {
      let nl = chunk.indexOf(0x0a, pos);
      if (nl < 0) nl = chunk.length;
      if (headerPending) {
        headerPending = false;
      } else {
        counts.rowsRead++;
        if (matcher.test(pos, nl) === drop) {
          if (pos > run) out.bytes(chunk, run, pos);
          run = nl + 1;
          counts.rowsDropped++;
        } else {
          counts.rowsWritten++;
        }
      }
      pos = nl + 1;
    }
    const end = Math.min(pos, chunk.length);
    if (end > run) out.bytes(chunk, run, end);
    if (end > run && chunk[end - 1] !== 0x0a) out.byte(0x0a); // a last line without newline gets one, as grep does
    await out.flushIfBig();
    o.onProgress?.({ ...counts });
  }
  return counts;
}

/** One column tested on decoded values; matching rows are copied as written. */
async function byField(o: FilterOptions, out: OutputBuffer): Promise<FilterCounts> {
  const test = textMatcher(o);
  const drop = o.action === 'drop';
  const counts: FilterCounts = { rowsRead: 0, rowsWritten: 0, rowsDropped: 0 };
  let column = -1;
  for await (const batch of readTable(o.input, o.format, o.signal)) {
    for (let r = 0; r < batch.rows.length; r++) {
      const row = batch.rows[r]!;
      const s = batch.spans[r * 2]!;
      const e = batch.spans[r * 2 + 1]!;
      if (column < 0) {
        if (!o.header) throw new Error('field: testing a column needs a header row naming the columns (set header, or leave field empty to test whole lines)');
        column = fieldIndex(row.map((v) => v ?? ''), o.field);
        out.bytes(batch.raw, s, e);
        out.byte(0x0a);
        continue;
      }
      counts.rowsRead++;
      if (test(row[column] ?? null) === drop) {
        counts.rowsDropped++;
      } else {
        out.bytes(batch.raw, s, e);
        out.byte(0x0a);
        counts.rowsWritten++;
      }
    }
    await out.flushIfBig();
    o.onProgress?.({ ...counts });
  }
  return counts;
}
