/**
 * Rows travel to the databases as text in PostgreSQL's COPY text format, which is also
 * MySQL's LOAD DATA default (tab between fields, newline after each row, \N for NULL,
 * backslash escapes). One format, every target.
 */

export interface TsvChunk {
  /** Whole lines, each ending in '\n'. */
  text: string;
  rows: number;
}

/** A pull source of rows: the loader asks for the next chunk when it has room for it. */
export interface TsvSource {
  /** Up to maxRows rows; null when the source is exhausted. */
  next(maxRows: number): TsvChunk | null;
}

export const TSV_NULL = '\\N';

/** Escapes one value for COPY text / LOAD DATA; null becomes \N. */
export function tsvField(value: string | null): string {
  if (value === null) return TSV_NULL;
  if (!/[\\\t\n\r]/.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (ch) => (ch === '\\' ? '\\\\' : ch === '\t' ? '\\t' : ch === '\n' ? '\\n' : '\\r'));
}

/** The inverse of tsvField: \N is null, escapes are undone. */
export function tsvUnescape(field: string): string | null {
  if (field === TSV_NULL) return null;
  if (!field.includes('\\')) return field;
  return field.replace(/\\(.)/g, (_, ch: string) => (ch === 't' ? '\t' : ch === 'n' ? '\n' : ch === 'r' ? '\r' : ch === '0' ? '\0' : ch));
}

/** A source over an in-memory list of rows (small tables: dimensions, tests). */
export function tsvFromRows(rows: readonly (readonly (string | null)[])[]): TsvSource {
  let index = 0;
  return {
    next(maxRows) {
      if (index >= rows.length) return null;
      const end = Math.min(rows.length, index + maxRows);
      let text = '';
      for (let i = index; i < end; i++) text += rows[i].map(tsvField).join('\t') + '\n';
      const chunk = { text, rows: end - index };
      index = end;
      return chunk;
    },
  };
}
