import type { OutputBuffer } from './output-buffer.js';
import type { TableFormat } from './format.js';

const BACKSLASH = 0x5c;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const COMMA = 0x2c;

const TSV_NULL = Buffer.from('\\N');

function tsvNeedsEscape(s: string): boolean {
  return /[\\\t\n\r]/.test(s);
}

function tsvEscape(s: string): string {
  return s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

function csvNeedsQuotes(s: string): boolean {
  return s.length === 0 || /[",\n\r]/.test(s) || s === '\\.';
}

/** Writes one value (null for NULL) in the given format. */
export function writeValue(out: OutputBuffer, format: TableFormat, value: string | null): void {
  if (value === null) {
    if (format === 'tsv') out.bytes(TSV_NULL, 0, 2);
    return; // csv: empty unquoted; txt: empty line
  }
  switch (format) {
    case 'tsv':
      out.text(tsvNeedsEscape(value) ? tsvEscape(value) : value);
      return;
    case 'csv':
      out.text(csvNeedsQuotes(value) ? `"${value.replace(/"/g, '""')}"` : value);
      return;
    case 'txt':
      // One value per line: a newline inside a value would split it, so it is escaped.
      out.text(value.indexOf('\n') < 0 && value.indexOf('\r') < 0 ? value : tsvEscape(value));
      return;
  }
}

function stopSet(bytes: number[]): Uint8Array {
  const t = new Uint8Array(256);
  for (const b of bytes) t[b] = 1;
  return t;
}
const STOP: Record<TableFormat, Uint8Array> = {
  tsv: stopSet([BACKSLASH, TAB, LF, CR]),
  csv: stopSet([QUOTE, COMMA, LF, CR]),
  txt: stopSet([LF, CR]),
};

/** Writes the bytes buf[s, e) as one value, copying them straight when no escaping is needed. */
export function writeValueBytes(out: OutputBuffer, format: TableFormat, buf: Buffer, s: number, e: number): void {
  if ((e > s || format !== 'csv') && out.bytesUnless(buf, s, e, STOP[format])) return;
  writeValue(out, format, buf.toString('utf8', s, e));
}

/** Writes a whole row and its newline. */
export function writeRow(out: OutputBuffer, format: TableFormat, values: readonly (string | null)[]): void {
  const sep = format === 'csv' ? COMMA : TAB;
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out.byte(sep);
    writeValue(out, format, values[i]!);
  }
  out.byte(LF);
}
