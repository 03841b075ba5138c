import type { Warehouse } from '../warehouse/warehouse.js';

/** The sync's own bookkeeping in the warehouse, apart from the user's tables. */
export const STATE_SCHEMA = 'etl_studio';
export const WATERMARK_TABLE = `"${STATE_SCHEMA}"."watermark"`;
export const REJECTED_TABLE = `"${STATE_SCHEMA}"."rejected_rows"`;
export const PENDING_KEY_TABLE = `"${STATE_SCHEMA}"."pending_key"`;

const DDL_LOCK = 0x45544c44; // 'ETLD'

/**
 * The newest column of the state tables: when it exists, everything else a replicate sync
 * needs does (the DDL below runs in one transaction), and the DDL is skipped.
 */
const NEWEST = { table: `${STATE_SCHEMA}.pending_key`, column: 'key_column' };

/**
 * Running totals (see checks/reconcile.ts). Warehouse side: rows and measure sum at or
 * below wh_upto, moved with the watermark by each batch's transaction. Source side: the
 * same as last verified, up to src_upto. Valid only when wh_upto is the watermark (no one
 * moved it without them) and totals_version and totals_of match this version and this
 * sync's configuration. Columns added after the first release: a warehouse from before
 * gets them by ALTER TABLE.
 */
const WATERMARK_TOTALS = [
  'wh_rows bigint', 'wh_upto bigint', 'wh_sum numeric',
  'src_rows bigint', 'src_sum numeric', 'src_upto bigint',
  'recount_at timestamptz', 'totals_version integer', 'totals_of text',
];

/**
 * Creates the state tables a sync needs if missing, and adds the columns newer versions
 * keep. The quarantine table (rejected_rows) only when asked: star mode writes to it,
 * replicate never does, and creating it is a third of this on a new warehouse.
 * Concurrent CREATE ... IF NOT EXISTS can still collide in the catalog, so creation runs
 * under a transaction-scoped advisory lock.
 */
export async function ensureStateSchema(wh: Warehouse, opts: { quarantine?: boolean } = {}): Promise<void> {
  const found = await wh.query<{ current: boolean; quarantine: boolean; watermark: boolean }>(
    `SELECT to_regclass($1) IS NOT NULL
       AND EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass($1) AND attname = $2 AND NOT attisdropped) AS current,
       to_regclass($3) IS NOT NULL AS quarantine,
       to_regclass($4) IS NOT NULL AS watermark`,
    [NEWEST.table, NEWEST.column, `${STATE_SCHEMA}.rejected_rows`, `${STATE_SCHEMA}.watermark`],
  );
  const state = found.rows[0];
  if (state?.current && (state.quarantine || !opts.quarantine)) return;
  // A new warehouse gets the watermark table whole; ALTER TABLE (a catalog rewrite, ~5 ms
  // of the first sync) is for one an older version made (a current one only lacks the
  // quarantine table).
  const upgrade = state?.watermark === true && !state.current;
  await wh.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [DDL_LOCK]);
    await tx.query(`CREATE SCHEMA IF NOT EXISTS "${STATE_SCHEMA}"`);
    await tx.query(`CREATE TABLE IF NOT EXISTS ${WATERMARK_TABLE} (
      target text PRIMARY KEY,
      key_column text NOT NULL,
      value bigint,
      updated_at timestamptz NOT NULL DEFAULT now(),
      ${WATERMARK_TOTALS.join(',\n      ')}
    )`);
    if (upgrade) await tx.query(`ALTER TABLE ${WATERMARK_TABLE}\n      ${WATERMARK_TOTALS.map((c) => `ADD COLUMN IF NOT EXISTS ${c}`).join(',\n      ')}`);
    // Tables the sync created and loads before their primary key exists (state/pending-key.ts).
    await tx.query(`CREATE TABLE IF NOT EXISTS ${PENDING_KEY_TABLE} (
      target text PRIMARY KEY,
      key_column text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    if (opts.quarantine) {
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
    }
  });
}
