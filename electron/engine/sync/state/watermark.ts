import { ApiError } from '../../../../shared/api/contract.js';
import type { SqlRunner, Warehouse } from '../warehouse/warehouse.js';
import { WATERMARK_TABLE } from './state-schema.js';

/**
 * The watermark: the highest source key whose row has landed in a target. It lives in
 * the warehouse and moves only inside the transaction that loads the rows below it,
 * so a crash or a retry can never lose or repeat a row.
 */

function toKey(v: unknown): bigint | null {
  return v === null || v === undefined ? null : BigInt(String(v));
}

/**
 * Reads the watermark of `target`; on the first run there is none, and it starts at
 * MAX(key) of the target table (`maxKeySql` returns it as text), which is what the
 * coursework's get_last_rowid does.
 */
export async function readOrInitWatermark(
  wh: Warehouse,
  target: string,
  keyColumn: string,
  maxKeySql: string,
): Promise<{ value: bigint | null; initialized: boolean }> {
  return wh.transaction(async (tx) => {
    const inserted = await tx.query(
      `INSERT INTO ${WATERMARK_TABLE} (target, key_column, value) VALUES ($1, $2, (${maxKeySql})::bigint) ON CONFLICT (target) DO NOTHING`,
      [target, keyColumn],
    );
    const row = await tx.query<{ key_column: string; value: string | null }>(
      `SELECT key_column, value::text AS value FROM ${WATERMARK_TABLE} WHERE target = $1`,
      [target],
    );
    const r = row.rows[0];
    if (r.key_column !== keyColumn) {
      throw new ApiError(
        'validation',
        `The watermark of ${target} is kept on column ${r.key_column}, but this sync uses key ${keyColumn}. Use key ${r.key_column}, or delete the row for ${target} from ${WATERMARK_TABLE} to start over.`,
      );
    }
    return { value: toKey(r.value), initialized: inserted.rowCount > 0 };
  });
}

/** Locks the watermark row for the batch's transaction (FOR UPDATE) and returns its value. */
export async function lockWatermark(tx: SqlRunner, target: string): Promise<bigint | null> {
  const r = await tx.query<{ value: string | null }>(`SELECT value::text AS value FROM ${WATERMARK_TABLE} WHERE target = $1 FOR UPDATE`, [target]);
  if (r.rows.length === 0) throw new ApiError('conflict', `The watermark row of ${target} disappeared during the sync`);
  return toKey(r.rows[0].value);
}

/** Moves the watermark up to `value` (never down) in the caller's transaction. */
export async function advanceWatermark(tx: SqlRunner, target: string, value: bigint): Promise<void> {
  await tx.query(
    `UPDATE ${WATERMARK_TABLE} SET value = GREATEST(COALESCE(value, $2::bigint), $2::bigint), updated_at = now() WHERE target = $1`,
    [target, value.toString()],
  );
}
