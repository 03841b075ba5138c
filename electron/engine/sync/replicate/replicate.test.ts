import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { syncSettingsSchema } from '../../../../shared/sync/sync.js';
import { runSync } from '../run-sync.js';
import { createMysqlDb, createPgDb, dropMysqlDb, dropPgDb, mysqlAdmin, pgAdmin, type MysqlConn, type PgConn } from '../testing/dbs.js';
import { recordingContext } from '../testing/context.js';
import { loadSalesCsv, loadSalesSql } from '../testing/softcart.js';

let source: MysqlConn;
let warehouse: PgConn;
let wh: pg.Client;

beforeAll(async () => {
  [source, warehouse] = await Promise.all([createMysqlDb(), createPgDb()]);
  wh = await pgAdmin(warehouse);
  await loadSalesSql(source);
  await loadSalesCsv(wh);
});

afterAll(async () => {
  await wh?.end();
  await Promise.all([source && dropMysqlDb(source), warehouse && dropPgDb(warehouse)]);
});

describe('replicate: the coursework answer, MariaDB -> PostgreSQL', () => {
  it('loads the 1,650 rows above rowid 12289, keeps price and timestamp defaults, and the checks pass', async () => {
    const my = await mysqlAdmin(source);
    const [[counts]] = (await my.query('SELECT COUNT(*) AS n, MIN(rowid) AS lo, MAX(rowid) AS hi FROM sales_data')) as unknown as [[{ n: string; lo: string; hi: string }]];
    await my.end();
    expect([counts.n, counts.lo, counts.hi].map(Number)).toEqual([13836, 104, 13939]);
    expect((await wh.query('SELECT count(*)::int AS n, max(rowid) AS hi FROM sales_data')).rows[0]).toEqual({ n: 12186, hi: 12289 });

    const ctx = recordingContext();
    const result = await runSync({ source, warehouse, settings: syncSettingsSchema.parse({ table: 'sales_data' }) }, ctx);
    expect(result.lastRowid).toBe(12289);
    expect(result.newRows).toBe(1650);
    expect(result.inserted).toBe(1650);
    expect(result.watermark).toBe(13939);
    expect(result.defaultsKept).toEqual(['price', 'timestamp']);
    expect(result.sourceTimeZone).toBe('+00:00');
    expect(result.checks).toEqual([
      expect.objectContaining({ name: 'rows <= watermark', source: '13836', warehouse: '13836', ok: true }),
      expect.objectContaining({ name: 'sum(quantity) <= watermark', ok: true }),
    ]);
    expect(ctx.logs.some((l) => /keep their defaults: price, timestamp/.test(l.message))).toBe(true);
    expect(ctx.logs.some((l) => /COPY straight into public\.sales_data/.test(l.message))).toBe(true);

    // New rows got the warehouse defaults and the source's values.
    const r = await wh.query(`SELECT rowid, product_id, customer_id, quantity, price::text, "timestamp" IS NOT NULL AS stamped FROM sales_data WHERE rowid IN (12290, 13939) ORDER BY rowid`);
    expect(r.rows).toEqual([
      expect.objectContaining({ rowid: 12290, price: '0', stamped: true }),
      expect.objectContaining({ rowid: 13939, price: '0', stamped: true }),
    ]);
    const wm = await wh.query(`SELECT target, key_column, value::text FROM etl_studio.watermark`);
    expect(wm.rows).toEqual([{ target: 'public.sales_data', key_column: 'rowid', value: '13939' }]);
  });

  it('a second run inserts nothing and still passes its checks', async () => {
    const result = await runSync({ source, warehouse, settings: syncSettingsSchema.parse({}) }, recordingContext());
    expect(result).toMatchObject({ lastRowid: 13939, newRows: 0, inserted: 0, batches: 0, watermark: 13939 });
    expect(result.checks.every((c) => c.ok)).toBe(true);
    expect((await wh.query('SELECT count(*)::int AS n FROM sales_data')).rows[0].n).toBe(13836);
  });

  it('merges through staging when the target already holds rows above the watermark', async () => {
    const my = await mysqlAdmin(source);
    await my.query('INSERT INTO sales_data (rowid, product_id, customer_id, quantity) VALUES (13940, 1, 2, 3), (13941, 4, 5, 6), (13942, 7, 8, 9)');
    await my.end();
    // Someone copied one of the new rows by hand: a retry must not duplicate or fail on it.
    await wh.query('INSERT INTO sales_data (rowid, product_id, customer_id, quantity) VALUES (13941, 4, 5, 6)');
    const ctx = recordingContext();
    const result = await runSync({ source, warehouse, settings: syncSettingsSchema.parse({ batchRows: 2 }) }, ctx);
    expect(result).toMatchObject({ lastRowid: 13939, newRows: 3, inserted: 2, batches: 2, watermark: 13942 });
    expect(ctx.logs.some((l) => /staging table, then INSERT \.\.\. ON CONFLICT \(rowid\) DO NOTHING/.test(l.message))).toBe(true);
    expect(result.checks.every((c) => c.ok)).toBe(true);
  });

  it('never splits rows sharing a key across batches, so a key that is not unique still loads exactly once', async () => {
    const my = await mysqlAdmin(source);
    await my.query('CREATE TABLE events (k int NOT NULL, seq int NOT NULL, v varchar(10))');
    await my.query(`INSERT INTO events VALUES (1,1,'a'),(1,2,'b'),(1,3,'c'),(2,4,'d'),(2,5,'e'),(3,6,'f'),(3,7,'g'),(3,8,'h'),(3,9,'i'),(4,10,'j')`);
    await my.end();
    await wh.query('CREATE TABLE events (k int NOT NULL, seq int, v text)');
    const ctx = recordingContext();
    const r = await runSync({ source, warehouse, settings: syncSettingsSchema.parse({ table: 'events', key: 'k', batchRows: 2 }) }, ctx);
    expect(r).toMatchObject({ newRows: 10, inserted: 10, batches: 4, watermark: 4 });
    expect(ctx.logs.filter((l) => /^Batch \d committed/.test(l.message)).map((l) => /: (\d+) rows? read/.exec(l.message)![1])).toEqual(['3', '2', '4', '1']);
    expect(r.notes.some((n) => /no unique index; retried rows are skipped by an anti-join/.test(n))).toBe(true);
    const rows = await wh.query('SELECT seq FROM events ORDER BY seq');
    expect(rows.rows.map((x) => x.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('says plainly what is wrong with a bad key, table or measure', async () => {
    const run = (s: object) => runSync({ source, warehouse, settings: syncSettingsSchema.parse(s) }, recordingContext());
    await expect(run({ key: 'nope' })).rejects.toThrow('Source table sales_data has no column nope');
    await expect(run({ table: 'missing_table' })).rejects.toThrow(/Source table missing_table does not exist/);
    await expect(run({ measure: 'nope' })).rejects.toThrow(/Measure column nope is not a column of both/);
  });
});
