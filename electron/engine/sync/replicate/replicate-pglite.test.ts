import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import type mysql from 'mysql2/promise';
import type { PGlite } from '@electric-sql/pglite';
import { syncSettingsSchema } from '../../../../shared/sync/sync.js';
import { openPglite } from '../../connections/pglite.js';
import { runSync } from '../run-sync.js';
import {
  createMysqlDb, createPgDb, createPgliteDir, dropMysqlDb, dropPgDb, dropPgliteDir, mysqlAdmin, pgAdmin,
  type MysqlConn, type PgConn, type PgliteConn,
} from '../testing/dbs.js';
import { recordingContext } from '../testing/context.js';
import { createOps, insertSales, makeOps, makeSales, type Sale } from '../testing/seed.js';

let mysqlSrc: MysqlConn;
let pgWh: PgConn;
let lite: PgliteConn;
let my: mysql.Connection;
let pgc: pg.Client;
let db: PGlite;

beforeAll(async () => {
  [mysqlSrc, pgWh, lite] = await Promise.all([createMysqlDb(), createPgDb(), createPgliteDir()]);
  my = await mysqlAdmin(mysqlSrc);
  pgc = await pgAdmin(pgWh);
  db = await openPglite(lite.path);
});

afterAll(async () => {
  await my?.end();
  await pgc?.end();
  await Promise.all([mysqlSrc && dropMysqlDb(mysqlSrc), pgWh && dropPgDb(pgWh), lite && dropPgliteDir(lite)]);
});

const SALES_SQL = (t: string) => `SELECT rowid::text, product_id::text, customer_id::text, price::text, quantity::text, "timestamp"::text FROM ${t} ORDER BY ${t}.rowid`;
const asText = (rows: unknown[][]) => rows.map((r) => r.map((v) => (v === null ? null : String(v))));
const expected = (sales: Sale[]) => sales.map((s) => [s.rowid, s.product_id, s.customer_id, s.price, s.quantity, s.timestamp].map(String));

describe('replicate with PGlite', () => {
  const data = makeOps(11, 2500);

  it('MariaDB -> PGlite warehouse: creates the table, copies every row exactly, a rerun adds nothing', async () => {
    await createOps({ kind: 'mysql', conn: my }, data);
    const ctx = recordingContext();
    const r = await runSync({ source: mysqlSrc, warehouse: lite, settings: syncSettingsSchema.parse({ table: 'sales_data', batchRows: 1000 }) }, ctx);
    expect(r).toMatchObject({ lastRowid: null, newRows: 2500, inserted: 2500, batches: 3, watermark: 2500, defaultsKept: [] });
    expect(r.checks.map((c) => [c.name, c.ok])).toEqual([['rows <= watermark (full recount)', true], ['sum(quantity) <= watermark (full recount)', true]]);
    expect(r.notes).toContain("Warehouse table public.sales_data did not exist and was created from the source's columns, keyed on rowid");
    const rows = await db.query<unknown[]>(SALES_SQL('sales_data'), [], { rowMode: 'array' });
    expect(asText(rows.rows)).toEqual(expected(data.sales));

    const again = await runSync({ source: mysqlSrc, warehouse: lite, settings: syncSettingsSchema.parse({}) }, recordingContext());
    expect(again).toMatchObject({ lastRowid: 2500, newRows: 0, inserted: 0, batches: 0 });
    expect(again.checks.map((c) => [c.name.replace(/ \(.*/, ''), c.source, c.warehouse, c.ok])).toEqual([['rows <= watermark', '2500', '2500', true], ['sum(quantity) <= watermark', r.checks[1].source, r.checks[1].source, true]]);
    expect(again.checks[0].name).toMatch(/running total/);
  });

  it('PGlite source -> PostgreSQL: incremental runs pick up only the new rows', async () => {
    // The PGlite database now holds sales_data (from the previous test); it is the source here.
    const first = await runSync({ source: lite, warehouse: pgWh, settings: syncSettingsSchema.parse({ batchRows: 600 }) }, recordingContext());
    expect(first).toMatchObject({ newRows: 2500, inserted: 2500, batches: 5, watermark: 2500 });
    const more = makeSales(12, 321, 2501);
    await insertSales({ kind: 'pglite', db }, more);
    const second = await runSync({ source: lite, warehouse: pgWh, settings: syncSettingsSchema.parse({ batchRows: 600 }) }, recordingContext());
    expect(second).toMatchObject({ lastRowid: 2500, newRows: 321, inserted: 321, batches: 1, watermark: 2821 });
    expect(second.checks.every((c) => c.ok)).toBe(true);
    expect(second.checks.map((c) => [c.name.replace(/ \(running.*/, ''), c.source])).toEqual([
      ['rows in this run (2500, 2821]', '321'],
      ['sum(quantity) in this run (2500, 2821]', String(more.reduce((a, s) => a + s.quantity, 0))],
      ['rows <= watermark', '2821'],
      ['sum(quantity) <= watermark', String([...data.sales, ...more].reduce((a, s) => a + s.quantity, 0))],
    ]);
    const rows = await pgc.query({ text: SALES_SQL('sales_data'), rowMode: 'array' });
    expect(asText(rows.rows)).toEqual(expected([...data.sales, ...more]));
  });

  it('PGlite -> the same PGlite database (another table) neither deadlocks nor loses rows', async () => {
    const r = await runSync(
      { source: lite, warehouse: lite, settings: syncSettingsSchema.parse({ table: 'sales_data', target: 'sales_copy', batchRows: 1000 }) },
      recordingContext(),
    );
    expect(r).toMatchObject({ newRows: 2821, inserted: 2821, batches: 3 });
    const a = await db.query<unknown[]>(SALES_SQL('sales_data'), [], { rowMode: 'array' });
    const b = await db.query<unknown[]>(SALES_SQL('sales_copy'), [], { rowMode: 'array' });
    expect(b.rows).toEqual(a.rows);
  });
});
