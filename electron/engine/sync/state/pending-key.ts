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
 *
 * The key's index is sorted by CREATE UNIQUE INDEX and then made the primary key (ADD
 * CONSTRAINT ... USING INDEX, a catalog change): unlike ADD PRIMARY KEY, which locks
 * the table out for the whole sort, the index build lets readers in, so the checks can
 * count the table on another session meanwhile (driver.ts). The constraint gets the name
 * ADD PRIMARY KEY would give it (<table>_pkey); if that name is taken or too long, the
 * key is built by ADD PRIMARY KEY as before.
 */
export async function buildPendingKey(wh: Warehouse, target: string, tableSql: string, keyColumn: string): Promise<string> {
  const started = performance.now();
  const built = await wh.transaction(async (tx) => {
    const has = await tx.query<{ x: boolean; pkey: string | null }>(
      `SELECT EXISTS (SELECT 1 FROM pg_index WHERE indrelid = c.oid AND indisprimary) AS x,
              CASE WHEN octet_length(c.relname || '_pkey') <= 63 AND to_regclass(format('%I.%I', n.nspname, c.relname || '_pkey')) IS NULL
                   THEN c.relname || '_pkey' END AS pkey
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = $1::regclass`,
      [tableSql],
    );
    const { x: hasKey, pkey } = has.rows[0];
    if (!hasKey) {
      try {
        if (pkey === null) {
          await tx.query(`ALTER TABLE ${tableSql} ADD PRIMARY KEY (${pgIdent(keyColumn)})`);
        } else {
          await tx.query(`CREATE UNIQUE INDEX ${pgIdent(pkey)} ON ${tableSql} (${pgIdent(keyColumn)})`);
          await tx.query(`ALTER TABLE ${tableSql} ADD CONSTRAINT ${pgIdent(pkey)} PRIMARY KEY USING INDEX ${pgIdent(pkey)}`);
        }
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
    return !hasKey;
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  return built
    ? `Primary key of ${target} on ${keyColumn} built after the load, in ${seconds} s (one sort instead of an index kept up to date row by row)`
    : `${target} already has a primary key; nothing left to build`;
}
