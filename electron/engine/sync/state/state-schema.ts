import type { Warehouse } from '../warehouse/warehouse.js';

/** The sync's own bookkeeping in the warehouse, apart from the user's tables. */
export const STATE_SCHEMA = 'etl_studio';
export const WATERMARK_TABLE = `"${STATE_SCHEMA}"."watermark"`;
export const REJECTED_TABLE = `"${STATE_SCHEMA}"."rejected_rows"`;

const DDL_LOCK = 0x45544c44; // 'ETLD'

/**
 * Creates the state tables if missing. Concurrent CREATE ... IF NOT EXISTS can still
 * collide in the catalog, so creation runs under a transaction-scoped advisory lock.
 */
export async function ensureStateSchema(wh: Warehouse): Promise<void> {
  await wh.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [DDL_LOCK]);
    await tx.query(`CREATE SCHEMA IF NOT EXISTS "${STATE_SCHEMA}"`);
    await tx.query(`CREATE TABLE IF NOT EXISTS ${WATERMARK_TABLE} (
      target text PRIMARY KEY,
      key_column text NOT NULL,
      value bigint,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
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
  });
}
