import type { TableFormat } from './format.js';

const BACKSLASH = 0x5c;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const COMMA = 0x2c;

export type Row = (string | null)[];

function tsvUnescape(s: string): string {
  return s.replace(/\\(.)/g, (_m, c: string) => (c === 't' ? '\t' : c === 'n' ? '\n' : c === 'r' ? '\r' : c === 'b' ? '\b' : c === 'f' ? '\f' : c === 'v' ? '\v' : c));
}

/** One TSV line (COPY text format) -> values; \N is NULL. */
export function decodeTsvLine(buf: Buffer, s: number, e: number): Row {
  if (e > s && buf[e - 1] === CR) e--;
  const out: Row = [];
  let p = s;
  for (;;) {
    let t = buf.indexOf(TAB, p);
    if (t < 0 || t > e) t = e;
    if (t - p === 2 && buf[p] === BACKSLASH && buf[p + 1] === 0x4e) out.push(null);
    else {
      const v = buf.toString('utf8', p, t);
      out.push(v.indexOf('\\') < 0 ? v : tsvUnescape(v));
    }
    if (t >= e) return out;
    p = t + 1;
  }
}

export interface CsvScan {
  rows: Row[];
  /** Start and end (before the newline) of each row in the buffer, for copying rows verbatim. */
  spans: number[];
  /** Bytes consumed: a row cut off inside quotes at the end of the buffer is left for the next chunk. */
  consumed: number;
}

/**
 * Scans CSV rows from buf[from..]. A quoted field may hold newlines, so a row can
 * span lines; unless `final`, a row that is still open at the end is left unconsumed.
 */
export function scanCsv(buf: Buffer, from: number, final: boolean): CsvScan {
  const rows: Row[] = [];
  const spans: number[] = [];
  let p = from;
  let consumed = from;
  const n = buf.length;
  outer: while (p < n) {
    const rowStart = p;
    const row: Row = [];
    for (;;) {
      // one field
      if (buf[p] === QUOTE) {
        const parts: string[] = [];
        let q = p + 1;
        for (;;) {
          const close = buf.indexOf(QUOTE, q);
          if (close < 0) {
            if (!final) break outer;
            throw new Error(`CSV: a quoted field opened at byte ${p} is never closed`);
          }
          parts.push(buf.toString('utf8', q, close));
          if (buf[close + 1] === QUOTE) {
            parts.push('"');
            q = close + 2;
            continue;
          }
          p = close + 1;
          break;
        }
        row.push(parts.join(''));
      } else {
        let e = p;
        while (e < n && buf[e] !== COMMA && buf[e] !== LF) e++;
        let end = e;
        if (end > p && buf[end - 1] === CR && (e >= n || buf[e] === LF)) end--;
        row.push(end === p ? null : buf.toString('utf8', p, end));
        p = e;
      }
      if (p >= n) {
        if (!final) break outer;
        rows.push(row);
        spans.push(rowStart, p);
        consumed = p;
        break outer;
      }
      const b = buf[p];
      if (b === COMMA) {
        p++;
        if (p >= n && final) {
          row.push(null);
          rows.push(row);
          spans.push(rowStart, p);
          consumed = p;
          break outer;
        }
        continue;
      }
      if (b === CR && buf[p + 1] === LF) p++;
      if (buf[p] === LF) {
        let rowEnd = p;
        if (rowEnd > rowStart && buf[rowEnd - 1] === CR) rowEnd--;
        rows.push(row);
        spans.push(rowStart, rowEnd);
        p++;
        consumed = p;
        break;
      }
      throw new Error(`CSV: unexpected text after a closing quote at byte ${p}`);
    }
  }
  return { rows, spans, consumed };
}

/** TXT: each line is one value, taken as written. */
export function decodeTxtLine(buf: Buffer, s: number, e: number): Row {
  if (e > s && buf[e - 1] === CR) e--;
  return [buf.toString('utf8', s, e)];
}

export function decodeLine(format: Exclude<TableFormat, 'csv'>, buf: Buffer, s: number, e: number): Row {
  return format === 'tsv' ? decodeTsvLine(buf, s, e) : decodeTxtLine(buf, s, e);
}

export { TAB, LF, COMMA };
