import type { SqlRunner } from '../warehouse/warehouse.js';
import { keyLiteral } from './quote.js';

/**
 * Whether `table` (quoted) holds a row with `key` (quoted) above `lower` (any row when
 * null). Asked as "the first such key in key order" rather than EXISTS: without
 * statistics (a table just loaded, not yet analyzed) the planner guesses a third of the
 * rows match and answers EXISTS with a sequential scan, which reads a 10 M-row table
 * whole (0.5 s) to find nothing; in key order the index answers at once, stats or not.
 */
export async function hasRowsAbove(wh: SqlRunner, table: string, key: string, lower: bigint | null): Promise<boolean> {
  const where = lower === null ? '' : ` WHERE ${key} > ${keyLiteral(lower)}`;
  const r = await wh.query(`SELECT 1 FROM ${table}${where} ORDER BY ${key} LIMIT 1`);
  return r.rowCount > 0;
}
