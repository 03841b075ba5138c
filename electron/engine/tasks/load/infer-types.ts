import type { Row } from '../tabular/decode.js';

export type ColumnType = 'text' | 'bigint' | 'numeric' | 'date' | 'timestamptz';

const BIGINT = /^-?\d{1,18}$/;
const NUMERIC = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMPTZ = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)$/i;

/** The narrowest type every sampled value fits; NULLs fit any, a column of only NULLs is text. */
export function inferColumnTypes(columns: number, sample: readonly Row[]): ColumnType[] {
  const out: ColumnType[] = [];
  for (let c = 0; c < columns; c++) {
    let seen = false;
    let bigint = true;
    let numeric = true;
    let date = true;
    let ts = true;
    for (const row of sample) {
      const v = row[c];
      if (v === null || v === undefined) continue;
      seen = true;
      if (bigint && !BIGINT.test(v)) bigint = false;
      if (numeric && !NUMERIC.test(v)) numeric = false;
      if (date && !DATE.test(v)) date = false;
      if (ts && !TIMESTAMPTZ.test(v)) ts = false;
      if (!bigint && !numeric && !date && !ts) break;
    }
    out.push(!seen ? 'text' : bigint ? 'bigint' : numeric ? 'numeric' : date ? 'date' : ts ? 'timestamptz' : 'text');
  }
  return out;
}
