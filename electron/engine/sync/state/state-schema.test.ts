import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgDb, dropPgDb, type PgConn } from '../testing/dbs.js';
import { openPgWarehouse } from '../warehouse/pg-warehouse.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { ensureStateSchema } from './state-schema.js';

/** The sync's bookkeeping tables, in a new warehouse and in one an older version set up. */
let conn: PgConn;
let wh: Warehouse;

async function columns(table: string): Promise<string[]> {
  const r = await wh.query<{ c: string }>(
    `SELECT attname AS c FROM pg_attribute WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
    [table],
  );
  return r.rows.map((x) => x.c);
}

const WATERMARK_COLUMNS = [
  'target', 'key_column', 'value', 'updated_at',
  'wh_rows', 'wh_upto', 'wh_sum', 'src_rows', 'src_sum', 'src_upto', 'recount_at', 'totals_version', 'totals_of',
];

beforeAll(async () => {
  conn = await createPgDb();
  wh = await openPgWarehouse(conn);
}, 60_000);

afterAll(async () => {
  await wh?.close();
  if (conn) await dropPgDb(conn);
});

describe('the state tables', () => {
  it('are created whole in a new warehouse, the quarantine table only for a sync that may need it', async () => {
    await ensureStateSchema(wh);
    expect(await columns('etl_studio.watermark')).toEqual(WATERMARK_COLUMNS);
    expect(await columns('etl_studio.pending_key')).toEqual(['target', 'key_column', 'created_at']);
    expect(await columns('etl_studio.rejected_rows')).toEqual([]);
    await ensureStateSchema(wh, { quarantine: true });
    expect(await columns('etl_studio.rejected_rows')).toEqual(['id', 'run_id', 'target', 'key', 'reason', 'raw', 'rejected_at']);
    await ensureStateSchema(wh);
    await ensureStateSchema(wh, { quarantine: true });
    expect(await columns('etl_studio.watermark')).toEqual(WATERMARK_COLUMNS);
  });

  it('gain the newer columns and tables in a warehouse an older version set up, keeping its watermarks', async () => {
    await wh.query('DROP SCHEMA etl_studio CASCADE');
    await wh.query('CREATE SCHEMA etl_studio');
    await wh.query('CREATE TABLE etl_studio.watermark (target text PRIMARY KEY, key_column text NOT NULL, value bigint, updated_at timestamptz NOT NULL DEFAULT now())');
    await wh.query("INSERT INTO etl_studio.watermark (target, key_column, value) VALUES ('public.sales', 'rowid', 42)");
    await ensureStateSchema(wh, { quarantine: true });
    expect(await columns('etl_studio.watermark')).toEqual(WATERMARK_COLUMNS);
    expect(await columns('etl_studio.pending_key')).toEqual(['target', 'key_column', 'created_at']);
    expect(await columns('etl_studio.rejected_rows')).toHaveLength(7);
    const kept = await wh.query<{ value: string; wh_rows: string | null }>("SELECT value::text AS value, wh_rows FROM etl_studio.watermark WHERE target = 'public.sales'");
    expect(kept.rows).toEqual([{ value: '42', wh_rows: null }]);
  });
});
