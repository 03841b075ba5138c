import { ApiError } from '../../../../shared/api/contract.js';
import type { SqlRunner, Warehouse } from '../warehouse/warehouse.js';
import { WATERMARK_TABLE } from './state-schema.js';

/**
 * The watermark: the highest source key whose row has landed in a target. It lives in
 * the warehouse and moves only inside the transaction that loads the rows below it,
 * so a crash or a retry can never lose or repeat a row. The same row carries the
 * running totals the checks use (checks/reconcile.ts).
 */

/** Bumped whenever the meaning of the stored totals changes: older totals then get a full recount. */
export const TOTALS_VERSION = 1;

function toKey(v: unknown): bigint | null {
  return v === null || v === undefined ? null : BigInt(String(v));
}

/** Totals as stored, exact decimal text; `srcUpto` is the key the source side counts up to. */
export interface StoredTotals {
  whRows: string;
  whSum: string;
  srcRows: string;
  srcSum: string;
  srcUpto: bigint | null;
  /** UTC date of the last full recount, YYYY-MM-DD. */
  recountOn: string;
}

export interface WatermarkState {
  value: bigint | null;
  initialized: boolean;
  /** Usable running totals, or null with the reason in `totalsMissing`. */
  totals: StoredTotals | null;
  totalsMissing: string | null;
  /** True when the row holds totals that are not usable and must be cleared before batches move the watermark. */
  staleTotals: boolean;
}

interface Row {
  key_column: string;
  value: string | null;
  wh_rows: string | null;
  wh_upto: string | null;
  wh_sum: string | null;
  src_rows: string | null;
  src_sum: string | null;
  src_upto: string | null;
  recount_on: string | null;
  totals_version: number | null;
  totals_of: string | null;
}

/**
 * Reads the watermark of `target` and its totals; on the first run there is none, and
 * it starts at MAX(key) of the target table (`maxKeySql` returns it as text), which is
 * what the coursework's get_last_rowid does. `totalsOf` names what the totals measure
 * (mode, source relation, measure): totals kept for another configuration are not used.
 */
export async function readOrInitWatermark(
  wh: Warehouse,
  target: string,
  keyColumn: string,
  maxKeySql: string,
  totalsOf: string,
): Promise<WatermarkState> {
  // One round trip when the row exists; the INSERT (which runs maxKeySql) only on the first run.
  const select = `SELECT key_column, value::text AS value, wh_rows::text AS wh_rows, wh_upto::text AS wh_upto, wh_sum::text AS wh_sum,
      src_rows::text AS src_rows, src_sum::text AS src_sum, src_upto::text AS src_upto,
      to_char(recount_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS recount_on, totals_version, totals_of
    FROM ${WATERMARK_TABLE} WHERE target = $1`;
  let initialized = false;
  let r = (await wh.query<Row>(select, [target])).rows[0];
  if (!r) {
    r = await wh.transaction(async (tx) => {
      const inserted = await tx.query(
        `INSERT INTO ${WATERMARK_TABLE} (target, key_column, value) VALUES ($1, $2, (${maxKeySql})::bigint) ON CONFLICT (target) DO NOTHING`,
        [target, keyColumn],
      );
      initialized = inserted.rowCount > 0;
      return (await tx.query<Row>(select, [target])).rows[0];
    });
  }
  if (r.key_column !== keyColumn) {
    throw new ApiError(
      'validation',
      `The watermark of ${target} is kept on column ${r.key_column}, but this sync uses key ${keyColumn}. Use key ${r.key_column}, or delete the row for ${target} from ${WATERMARK_TABLE} to start over.`,
    );
  }
  const hasAny = r.totals_version !== null || r.wh_rows !== null;
  let totalsMissing: string | null = null;
  if (r.totals_version === null || r.wh_rows === null || r.wh_sum === null || r.src_rows === null || r.src_sum === null || r.recount_on === null) {
    totalsMissing = 'no running totals yet';
  } else if (r.wh_upto !== r.value) {
    totalsMissing = `the watermark was moved without its running totals (they stop at ${r.wh_upto ?? 'none'}, the watermark is ${r.value ?? 'none'})`;
  } else if (r.totals_version !== TOTALS_VERSION) {
    totalsMissing = `the running totals were written by another version of ETL Studio (format ${r.totals_version}, this one uses ${TOTALS_VERSION})`;
  } else if (r.totals_of !== totalsOf) {
    totalsMissing = 'the running totals were kept for another source, query or measure';
  }
  const totals: StoredTotals | null = totalsMissing
    ? null
    : { whRows: r.wh_rows!, whSum: r.wh_sum!, srcRows: r.src_rows!, srcSum: r.src_sum!, srcUpto: toKey(r.src_upto), recountOn: r.recount_on! };
  return { value: toKey(r.value), initialized, totals, totalsMissing, staleTotals: totals === null && hasAny };
}

/** Clears totals that no longer describe the target, before a run that does not keep them up. */
export async function clearTotals(wh: Warehouse, target: string): Promise<void> {
  await wh.query(`UPDATE ${WATERMARK_TABLE} SET totals_version = NULL, wh_rows = NULL, wh_sum = NULL WHERE target = $1`, [target]);
}

/**
 * Moves the watermark from `expected` to `value` in the batch's transaction, and when
 * `delta` is given (warehouse SQL with one row: n, s over the batch's key range) adds
 * it to the warehouse's running totals in the same statement. Fails with a conflict,
 * rolling the batch back, if the watermark is no longer `expected`.
 */
export async function advanceWatermark(
  tx: SqlRunner,
  target: string,
  expected: bigint | null,
  value: bigint,
  delta: string | null,
): Promise<void> {
  const set = delta
    ? `value = $3::bigint, updated_at = now(), wh_rows = w.wh_rows + d.n, wh_sum = w.wh_sum + d.s::numeric, wh_upto = $3::bigint FROM (${delta}) d`
    : 'value = $3::bigint, updated_at = now()';
  const r = await tx.query(
    `UPDATE ${WATERMARK_TABLE} w SET ${set} WHERE w.target = $1 AND w.value IS NOT DISTINCT FROM $2::bigint`,
    [target, expected === null ? null : expected.toString(), value.toString()],
  );
  if (r.rowCount === 1) return;
  const now = await tx.query<{ value: string | null }>(`SELECT value::text AS value FROM ${WATERMARK_TABLE} WHERE target = $1`, [target]);
  if (now.rows.length === 0) throw new ApiError('conflict', `The watermark row of ${target} disappeared during the sync`);
  throw new ApiError(
    'conflict',
    `The watermark of ${target} moved to ${now.rows[0].value} outside this sync (expected ${expected ?? 'none'}); run the sync again`,
  );
}
