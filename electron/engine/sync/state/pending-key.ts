import { ApiError } from '../../../../shared/api/contract.js';
import { pgIdent } from '../sql/quote.js';
import type { SqlRunner, Warehouse } from '../warehouse/warehouse.js';
import { PENDING_KEY_TABLE } from './state-schema.js';

/**
 * A table the sync creates is loaded before its primary key exists, and the key is
 * built once, by a sort, after the rows are in: PostgreSQL then spends about a third
 * less on the load than when every row also goes into a B-tree (bench/README.md). The
 * promise to build the key is kept in the warehouse, written in the transaction that
 * creates the table, so a load that crashes or is cancelled half-way still gets its key:
 * from the same run when it can, else from the next one.
 */

/** Records, inside the creating transaction, that `target` gets its primary key on `keyColumn` after the load. */
export async function markKeyPending(tx: SqlRunner, target: string, keyColumn: string): Promise<void> {
  await tx.query(
    `INSERT INTO ${PENDING_KEY_TABLE} (target, key_column) VALUES ($1, $2) ON CONFLICT (target) DO UPDATE SET key_column = EXCLUDED.key_column`,
    [target, keyColumn],
  );
}

/** The key column whose primary key `target` still waits for, or null. */
export async function pendingKey(wh: SqlRunner, target: string): Promise<string | null> {
  const r = await wh.query<{ key_column: string }>(`SELECT key_column FROM ${PENDING_KEY_TABLE} WHERE target = $1`, [target]);
  return r.rows[0]?.key_column ?? null;
}

/**
 * Builds the primary key of `tableSql` (quoted, qualified) on `keyColumn` and forgets
 * the promise, in one transaction. A table that got a primary key meanwhile (by hand)
 * keeps it. Resolves with what was done, in words.
 */
export async function buildPendingKey(wh: Warehouse, target: string, tableSql: string, keyColumn: string): Promise<string> {
  const started = performance.now();
  const built = await wh.transaction(async (tx) => {
    const has = await tx.query<{ x: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM pg_index WHERE indrelid = $1::regclass AND indisprimary) AS x`,
      [tableSql],
    );
    if (!has.rows[0].x) {
      try {
        await tx.query(`ALTER TABLE ${tableSql} ADD PRIMARY KEY (${pgIdent(keyColumn)})`);
      } catch (err) {
        const e = err as { code?: string; detail?: string };
        if (e.code === '23505' || e.code === '23502') {
          throw new ApiError(
            'conflict',
            `The primary key of ${target} on ${keyColumn} cannot be built: ${(e.detail ?? (e.code === '23502' ? 'a row has no key' : 'a key value appears twice')).replace(/\.$/, '')}. ` +
              'Rows were written into the table by something other than this sync; remove them and run the sync again.',
          );
        }
        throw err;
      }
    }
    await tx.query(`DELETE FROM ${PENDING_KEY_TABLE} WHERE target = $1`, [target]);
    return !has.rows[0].x;
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  return built
    ? `Primary key of ${target} on ${keyColumn} built after the load, in ${seconds} s (one sort instead of an index kept up to date row by row)`
    : `${target} already has a primary key; nothing left to build`;
}
