import path from 'node:path';
import { tableFormats, type TableFormatName } from '../../../../shared/pipeline/kinds/common.js';

/**
 * Text table formats that tasks hand each other as artifacts.
 * - txt: one value per line, no header (the coursework's extracted_data.txt).
 * - tsv: PostgreSQL COPY text format: tab-separated, \N for NULL, backslash escapes
 *   for tab, newline, carriage return and backslash; loads with COPY as is.
 * - csv: RFC 4180 as PostgreSQL's COPY CSV reads it: empty unquoted is NULL, "" is
 *   an empty string, fields with , " or newlines are quoted.
 */
export { tableFormats };
export type TableFormat = TableFormatName;

/** The format a file name suggests (.txt, .tsv, .csv, also under .gz), or null. */
export function formatOfPath(file: string): TableFormat | null {
  const base = path.basename(file).toLowerCase().replace(/\.gz$/, '');
  const ext = path.extname(base).slice(1);
  return (tableFormats as readonly string[]).includes(ext) ? (ext as TableFormat) : null;
}

export const NEWLINE = 0x0a;
export const TAB = 0x09;
export const COMMA = 0x2c;

export function delimiterOf(format: TableFormat): number {
  return format === 'csv' ? COMMA : TAB;
}
