import type { Warehouse } from '../warehouse/warehouse.js';

/** The sync's own bookkeeping in the warehouse, apart from the user's tables. */
export const STATE_SCHEMA = 'etl_studio';
export const WATERMARK_TABLE = `"${STATE_SCHEMA}"."watermark"`;
export const REJECTED_TABLE = `"${STATE_SCHEMA}"."rejected_rows"`;
export const PENDING_KEY_TABLE = `"${STATE_SCHEMA}"."pending_key"`;

const DDL_LOCK = 0x45544c44; // 'ETLD'

/**
 * The newest column of the state tables: when it exists, everything else does (the DDL
 * below runs in one transaction), and the DDL is skipped.
 */
const NEWEST = { table: `${STATE_SCHEMA}.pending_key`, column: 'key_column' };

/**
 * Creates the state tables if missing and adds the columns newer versions keep.
 * Concurrent CREATE ... IF NOT EXISTS can still collide in the catalog, so creation
 * runs under a transaction-scoped advisory lock.
 */
export async function ensureStateSchema(wh: Warehouse): Promise<void> {
  const ready = await wh.query<{ ok: boolean }>(
    `SELECT to_regclass($1) IS NOT NULL AND to_regclass($2) IS NOT NULL
       AND EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass($1) AND attname = $3 AND NOT attisdropped) AS ok`,
    [NEWEST.table, `${STATE_SCHEMA}.rejected_rows`, NEWEST.column],
  );
  if (ready.rows[0]?.ok) return;
  await wh.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [DDL_LOCK]);
    await tx.query(`CREATE SCHEMA IF NOT EXISTS "${STATE_SCHEMA}"`);
    await tx.query(`CREATE TABLE IF NOT EXISTS ${WATERMARK_TABLE} (
      target text PRIMARY KEY,
      key_column text NOT NULL,
      value bigint,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    // Running totals (see checks/reconcile.ts). Warehouse side: rows and measure sum at
    // or below wh_upto, moved with the watermark by each batch's transaction. Source
    // side: the same as last verified, up to src_upto. Valid only when wh_upto is the
    // watermark (no one moved it without them) and totals_version and totals_of match
    // this version and this sync's configuration.
    await tx.query(`ALTER TABLE ${WATERMARK_TABLE}
      ADD COLUMN IF NOT EXISTS wh_rows bigint,
      ADD COLUMN IF NOT EXISTS wh_upto bigint,
      ADD COLUMN IF NOT EXISTS wh_sum numeric,
      ADD COLUMN IF NOT EXISTS src_rows bigint,
      ADD COLUMN IF NOT EXISTS src_sum numeric,
      ADD COLUMN IF NOT EXISTS src_upto bigint,
      ADD COLUMN IF NOT EXISTS recount_at timestamptz,
      ADD COLUMN IF NOT EXISTS totals_version integer,
      ADD COLUMN IF NOT EXISTS totals_of text`);
    await tx.query(`CREATE TABLE IF NOT EXISTS ${REJECTED_TABLE} (
      id bigserial PRIMARY KEY,
      run_id text NOT NULL,
      target text NOT NULL,
      key bigint,
      reason text NOT NULL,
      raw jsonb,
      rejected_at timestamptz NOT NULL DEFAULT now()
    )`);
    await tx.query(`CREATE INDEX IF NOT EXISTS rejected_rows_target_key ON ${REJECTED_TABLE} (target, key)`);
    // Tables the sync created and loads before their primary key exists (state/pending-key.ts).
    await tx.query(`CREATE TABLE IF NOT EXISTS ${PENDING_KEY_TABLE} (
      target text PRIMARY KEY,
      key_column text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
  });
}
