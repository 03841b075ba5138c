import { lineChunks } from '../../weblog/input.js';
import { decodeLine, scanCsv, type Row } from './decode.js';
import type { TableFormat } from './format.js';

export interface TableBatch {
  rows: Row[];
  /** The bytes the rows came from, and each row's [start, end) in them (newline excluded). */
  raw: Buffer;
  spans: number[];
}

/**
 * Reads a TXT/TSV/CSV file (plain or gzip) as batches of decoded rows, one batch per
 * few MiB, so memory stays flat whatever the size. The header, if any, is the first row.
 */
export async function* readTable(file: string, format: TableFormat, signal?: AbortSignal): AsyncGenerator<TableBatch> {
  if (format === 'csv') {
    let carry: Buffer | null = null;
    for await (const chunk of lineChunks(file, signal)) {
      const buf: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
      const scan = scanCsv(buf, 0, false);
      carry = scan.consumed < buf.length ? Buffer.from(buf.subarray(scan.consumed)) : null;
      if (scan.rows.length > 0) yield { rows: scan.rows, raw: buf, spans: scan.spans };
    }
    if (carry) {
      const scan = scanCsv(carry, 0, true);
      if (scan.rows.length > 0) yield { rows: scan.rows, raw: carry, spans: scan.spans };
    }
    return;
  }
  for await (const chunk of lineChunks(file, signal)) {
    const rows: Row[] = [];
    const spans: number[] = [];
    let pos = 0;
    while (pos < chunk.length) {
      let nl = chunk.indexOf(0x0a, pos);
      if (nl < 0) nl = chunk.length;
      rows.push(decodeLine(format, chunk, pos, nl));
      spans.push(pos, nl);
      pos = nl + 1;
    }
    yield { rows, raw: chunk, spans };
  }
}

/** The column names of a table file with a header, or null for an empty file. */
export async function readHeader(file: string, format: TableFormat): Promise<string[] | null> {
  for await (const batch of readTable(file, format)) {
    const first = batch.rows[0];
    if (first) return first.map((v, i) => v ?? `column${i + 1}`);
  }
  return null;
}
