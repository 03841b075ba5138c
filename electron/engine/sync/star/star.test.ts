import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import { syncSettingsSchema, type SyncResult } from '../../../../shared/sync/sync.js';
import type { ResolvedConnection } from '../../connections/resolved.js';
import { openPglite } from '../../connections/pglite.js';
import { runSync } from '../run-sync.js';
import { normalizeDecimal } from '../checks/checks.js';
import {
  createMysqlDb, createPgDb, createPgliteDir, dropMysqlDb, dropPgDb, dropPgliteDir, mysqlAdmin, pgAdmin,
  type MysqlConn, type PgConn, type PgliteConn,
} from '../testing/dbs.js';
import { recordingContext } from '../testing/context.js';
import { createOps, insertSales, makeOps, makeSales, type AnyDb, type OpsData, type Sale } from '../testing/seed.js';
import { FIXTURES } from '../testing/softcart.js';

/** What the star schema must hold, worked out from the generated rows alone. */
function oracle(data: OpsData) {
  const cat = new Map(data.products.map((p) => [p.product_id, p.category]));
  const cty = new Map(data.customers.map((c) => [c.customer_id, c.country]));
  const valid = data.sales.filter((s) => cat.has(s.product_id) && cty.has(s.customer_id) && s.timestamp && !s.timestamp.startsWith('0000'));
  let cents = 0n;
  let allCents = 0n;
  for (const s of data.sales) {
    const v = BigInt(s.price.replace('.', '')) * BigInt(s.quantity);
    allCents += v;
    if (valid.includes(s)) cents += v;
  }
  const money = (c: bigint) => normalizeDecimal(`${c / 100n}.${String(c % 100n).padStart(2, '0')}`);
  return {
    facts: valid.length,
    rejected: data.sales.length - valid.length,
    factSum: money(cents),
    sourceSum: money(allCents),
    dates: [...new Set(valid.map((s) => s.timestamp.slice(0, 10)))].sort(),
    categories: [...new Set(valid.map((s) => cat.get(s.product_id)!))].sort(),
    countries: [...new Set(valid.map((s) => cty.get(s.customer_id)!))].sort(),
  };
}

type Q = (sql: string) => Promise<Record<string, unknown>[]>;

async function starState(q: Q) {
  const one = async (sql: string) => (await q(sql))[0];
  return {
    facts: Number((await one('SELECT count(*)::int AS n FROM factsales')).n),
    factSum: normalizeDecimal(String((await one('SELECT coalesce(sum(amount), 0)::text AS s FROM factsales')).s)),
    rejected: Number((await one('SELECT count(*)::int AS n FROM etl_studio.rejected_rows')).n),
    dates: (await q('SELECT date::text AS d FROM dimdate ORDER BY date')).map((r) => r.d),
    categories: (await q('SELECT category FROM dimcategory ORDER BY category')).map((r) => r.category),
    countries: (await q('SELECT country FROM dimcountry ORDER BY country')).map((r) => r.country),
  };
}

/**
 * DimDate.csv rows by date, keeping only the rows that agree with themselves: the file
 * gives the last day of every quarter the next quarter (2019-03-31 is "Q2") and writes
 * many 2020 dates with day and month swapped (2020-02-01 is "January 2"). Quarters are
 * checked against the month instead.
 */
async function courseDimDate(): Promise<Map<string, string[]>> {
  const lines = (await readFile(path.join(FIXTURES, 'DimDate.csv'), 'utf8')).trim().split(/\r?\n/).slice(1);
  const rows = lines.map((l) => l.split(',')).filter((f) =>
    Number(f[1].slice(5, 7)) === Number(f[5]) && Number(f[1].slice(8, 10)) === Number(f[7]) && Math.ceil(Number(f[5]) / 3) === Number(f[3]));
  expect(rows.length).toBe(820);
  return new Map(rows.map((f) => [f[1], f.slice(2)]));
}

const settings = (batchRows: number) => syncSettingsSchema.parse({ mode: 'star', batchRows });

/** The same story on each warehouse: first load, idempotent rerun, incremental run. */
function scenario(name: string, setup: () => Promise<{ source: ResolvedConnection; warehouse: ResolvedConnection; src: AnyDb; q: Q; dirty: Sale[]; lookups: boolean }>) {
  describe(name, () => {
    let env: Awaited<ReturnType<typeof setup>>;
    const data = makeOps(42, 3000);
    let first: SyncResult;

    beforeAll(async () => {
      env = await setup();
      await createOps(env.src, data);
      await insertSales(env.src, env.dirty);
      data.sales.push(...env.dirty);
    });

    it('first run: dimensions, fact count and sum match the generated rows; bad rows are quarantined', async () => {
      const ctx = recordingContext('run-1');
      first = await runSync({ source: env.source, warehouse: env.warehouse, settings: settings(700) }, ctx);
      const want = oracle(data);
      expect(first).toMatchObject({ mode: 'star', lastRowid: null, newRows: data.sales.length, inserted: want.facts, batches: Math.ceil(data.sales.length / 700) });
      const got = await starState(env.q);
      expect(got).toEqual({ facts: want.facts, factSum: want.factSum, rejected: want.rejected, dates: want.dates, categories: want.categories, countries: want.countries });
      expect(first.checks).toEqual([
        { name: 'rows <= watermark (facts + rejected; full recount)', source: String(data.sales.length), warehouse: String(data.sales.length), ok: true },
        { name: 'sum(amount) <= watermark (facts + rejected; full recount)', source: want.sourceSum, warehouse: want.sourceSum, ok: true },
      ]);
      const reasons = await env.q('SELECT key::int AS key, reason, run_id FROM etl_studio.rejected_rows ORDER BY key');
      expect(reasons.map((r) => r.run_id)).toEqual(env.dirty.map(() => 'run-1'));
      expect(reasons.map((r) => r.reason)).toEqual(['category is missing', 'country is missing', 'ts is missing']);
      expect(ctx.progressEvents.at(-1)).toMatchObject({ rowsRejected: want.rejected, rowsWritten: want.facts, rowsRead: data.sales.length });
      expect(ctx.logs.some((l) => /per-row FK triggers skipped/.test(l.message))).toBe(true);
      // MySQL: category and country come from look-ups read in the snapshot, and only the batch holding the dirty rows is checked row by row.
      const batchSql = ctx.logs.filter((l) => /^Batch \d star SQL/.test(l.message)).map((l) => /\((no suspect rows|rows checked)[;)]/.exec(l.message)![1]);
      if (env.lookups) {
        expect(first.notes).toContain('1 zero date (0000-00-00 or with a zero month/day) in source column ts became NULL');
        expect(ctx.logs.some((l) => l.message.includes('looked up by id while the rows pass (read in the snapshot: 40 rows of products, 120 rows of customers)'))).toBe(true);
        expect(batchSql).toEqual(['no suspect rows', 'no suspect rows', 'no suspect rows', 'no suspect rows', 'rows checked']);
        // Once categories and countries are known, a batch's facts of days of its own go in before the previous batch commits.
        expect(ctx.logs.some((l) => /^Batch [2-4] star SQL \(no suspect rows; \d+ shared days? after the previous commit, the rest before\)/.test(l.message))).toBe(true);
      } else {
        expect(batchSql).toEqual(Array(5).fill('rows checked'));
      }
      const orphans = await env.q(`SELECT count(*)::int AS n FROM factsales f
        LEFT JOIN dimdate d USING (dateid) LEFT JOIN dimcountry k USING (countryid) LEFT JOIN dimcategory c USING (categoryid)
        WHERE d.dateid IS NULL OR k.countryid IS NULL OR c.categoryid IS NULL`);
      expect(orphans[0].n).toBe(0);
      // factsales was created by this run: loaded first, then keyed on orderid.
      const key = await env.q(`SELECT a.attname AS col FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
        WHERE i.indrelid = 'factsales'::regclass AND i.indisprimary`);
      expect(key.map((r) => r.col)).toEqual(['orderid']);
      expect(await env.q(`SELECT * FROM etl_studio.pending_key`)).toEqual([]);
      expect(ctx.logs.some((l) => /^Primary key of public\.factsales on orderid built after the load/.test(l.message))).toBe(true);

      // Every date matches the course's DimDate.csv: weekday 1 = Sunday, quarter names Q1..Q4.
      const course = await courseDimDate();
      const dims = await env.q(`SELECT date::text AS d, year, quarter, quartername, month, monthname, day, weekday, weekdayname, dateid FROM dimdate ORDER BY date`);
      expect(dims.length).toBeGreaterThan(500);
      let compared = 0;
      for (const r of dims) {
        expect(r.quartername).toBe(`Q${Math.ceil(Number(r.month) / 3)}`);
        const c = course.get(String(r.d));
        if (!c) continue;
        compared++;
        expect([r.year, r.quarter, r.quartername, r.month, r.monthname, r.day, r.weekday, r.weekdayname].map(String)).toEqual(c);
      }
      expect(compared).toBeGreaterThan(300);
      expect(dims.find((r) => r.d === '2019-01-01')).toMatchObject({ weekday: 3, weekdayname: 'Tuesday', quartername: 'Q1', dateid: 20190101 });
    });

    it('second run changes nothing', async () => {
      const before = await starState(env.q);
      const again = await runSync({ source: env.source, warehouse: env.warehouse, settings: settings(700) }, recordingContext('run-2'));
      expect(again).toMatchObject({ newRows: 0, inserted: 0, batches: 0, lastRowid: first.watermark, watermark: first.watermark });
      expect(again.checks.every((c) => c.ok)).toBe(true);
      expect(await starState(env.q)).toEqual(before);
    });

    it('third run loads only the new rows, with a new category and country', async () => {
      const last = data.sales[data.sales.length - 1].rowid;
      const extra: OpsData = {
        products: [{ product_id: 500, category: 'Music' }],
        customers: [{ customer_id: 900, country: 'Peru' }],
        sales: makeSales(7, 450, last + 1).map((s, i) => (i % 3 === 0 ? { ...s, product_id: 500, customer_id: 900 } : s)),
      };
      const ins = async (sql: string, params: unknown[]) => {
        if (env.src.kind === 'mysql') await env.src.conn.query(sql.replace(/\$\d+/g, '?'), params);
        else if (env.src.kind === 'postgres') await env.src.client.query(sql, params);
        else await env.src.db.query(sql, params);
      };
      await ins('INSERT INTO products (product_id, category) VALUES ($1, $2)', [500, 'Music']);
      await ins('INSERT INTO customers (customer_id, country) VALUES ($1, $2)', [900, 'Peru']);
      await insertSales(env.src, extra.sales);
      data.products.push(...extra.products);
      data.customers.push(...extra.customers);
      data.sales.push(...extra.sales);
      const maxCategoryBefore = Number((await env.q('SELECT max(categoryid) AS m FROM dimcategory'))[0].m);

      const third = await runSync({ source: env.source, warehouse: env.warehouse, settings: settings(200) }, recordingContext('run-3'));
      const want = oracle(data);
      expect(third).toMatchObject({ lastRowid: last, newRows: 450, inserted: 450, batches: 3, watermark: last + 450 });
      // Its own range exactly on both sides, and the running totals for the whole table.
      const range = `(${last}, ${last + 450}]`;
      const kind = `facts + rejected; running total; full recount on ${new Date().toISOString().slice(0, 10)}`;
      const rangeSum = oracle({ ...extra, sales: extra.sales }).sourceSum;
      expect(third.checks).toEqual([
        { name: `rows in this run ${range} (facts + rejected)`, source: '450', warehouse: '450', ok: true },
        { name: `sum(amount) in this run ${range} (facts + rejected)`, source: rangeSum, warehouse: rangeSum, ok: true },
        { name: `rows <= watermark (${kind})`, source: String(data.sales.length), warehouse: String(data.sales.length), ok: true },
        { name: `sum(amount) <= watermark (${kind})`, source: want.sourceSum, warehouse: want.sourceSum, ok: true },
      ]);
      const got = await starState(env.q);
      expect(got).toMatchObject({ facts: want.facts, factSum: want.factSum, categories: want.categories, countries: want.countries, dates: want.dates });
      expect((await env.q(`SELECT categoryid FROM dimcategory WHERE category = 'Music'`))[0].categoryid).toBe(maxCategoryBefore + 1);
      const music = await env.q(`SELECT count(*)::int AS n FROM factsales f JOIN dimcategory c USING (categoryid) JOIN dimcountry k USING (countryid) WHERE c.category = 'Music' AND k.country = 'Peru'`);
      expect(music[0].n).toBe(150);
    });

    it('a quarantined row counts in the run and the totals; a fact gone missing is caught by a full recount', async () => {
      const last = data.sales[data.sales.length - 1].rowid;
      const more: Sale[] = [
        { rowid: last + 1, product_id: 1, customer_id: 1, price: '2.00', quantity: 3, timestamp: '2021-02-03 04:05:06' },
        { rowid: last + 2, product_id: 77777, customer_id: 1, price: '1.25', quantity: 4, timestamp: '2021-02-03 04:05:06' },
      ];
      await insertSales(env.src, more);
      data.sales.push(...more);
      if (env.src.kind === 'mysql') await env.src.conn.query('ANALYZE TABLE products, customers');
      const ctx4 = recordingContext('run-4');
      const run = await runSync({ source: env.source, warehouse: env.warehouse, settings: settings(700) }, ctx4);
      expect(run).toMatchObject({ newRows: 2, inserted: 1 });
      // Far fewer new rows than customers: joining them in the source costs less than reading the look-ups (product 77777 does not exist either way).
      if (env.lookups) {
        expect(ctx4.logs.some((l) => l.message.includes('; category joined in the source (fewer new rows than products rows); country joined in the source (fewer new rows than customers rows)'))).toBe(true);
      }
      expect(await env.q(`SELECT reason FROM etl_studio.rejected_rows WHERE key = ${last + 2}`)).toEqual([{ reason: 'category is missing' }]);
      const total = String(data.sales.length);
      expect(run.checks.map((c) => [c.name.replace(/ \(facts.*/, ''), c.source, c.warehouse, c.ok])).toEqual([
        [`rows in this run (${last}, ${last + 2}]`, '2', '2', true],
        [`sum(amount) in this run (${last}, ${last + 2}]`, '11', '11', true],
        ['rows <= watermark', total, total, true],
        ['sum(amount) <= watermark', oracle(data).sourceSum, oracle(data).sourceSum, true],
      ]);

      const gone = await env.q('DELETE FROM factsales WHERE orderid = 10 RETURNING amount::text AS amount');
      const amount = String(gone[0].amount);
      const quiet = await runSync({ source: env.source, warehouse: env.warehouse, settings: settings(700) }, recordingContext('run-5'));
      expect(quiet.checks.every((c) => c.ok && /running total/.test(c.name))).toBe(true);
      const full = await runSync({ source: env.source, warehouse: env.warehouse, settings: syncSettingsSchema.parse({ mode: 'star', fullCheck: true }) }, recordingContext('run-6'));
      const sum = oracle(data).sourceSum;
      expect(full.checks).toEqual([
        { name: 'rows <= watermark (facts + rejected; full recount)', source: total, warehouse: String(data.sales.length - 1), ok: false },
        { name: 'sum(amount) <= watermark (facts + rejected; full recount)', source: sum, warehouse: normalizeDecimal(subtractCents(sum, amount)), ok: false },
      ]);
    });

    it('looks up the small table and joins the large one when the new rows fall between their sizes', async () => {
      const last = data.sales[data.sales.length - 1].rowid;
      // 41 products and 121 customers: reading one costs about four joined rows, so 300 new rows look up the first and join the second.
      const more = makeSales(21, 300, last + 1);
      await insertSales(env.src, more);
      data.sales.push(...more);
      if (env.src.kind === 'mysql') await env.src.conn.query('ANALYZE TABLE products, customers');
      const ctx = recordingContext('run-7');
      const run = await runSync({ source: env.source, warehouse: env.warehouse, settings: settings(700) }, ctx);
      expect(run).toMatchObject({ newRows: 300, inserted: 300 });
      expect(run.checks.filter((c) => / in this run /.test(c.name)).map((c) => c.ok)).toEqual([true, true]);
      if (env.lookups) {
        expect(ctx.logs.some((l) => l.message.includes('; category looked up by id while the rows pass (read in the snapshot: 41 rows of products); country joined in the source (fewer new rows than customers rows)'))).toBe(true);
      }
      const want = oracle(data);
      const got = await starState(env.q);
      // One fact was deleted by hand in the previous test; everything else matches the generated rows.
      expect(got).toMatchObject({ facts: want.facts - 1, categories: want.categories, countries: want.countries, dates: want.dates });
    });
  });
}

/** a - b for decimal texts with at most two places, exactly. */
function subtractCents(a: string, b: string): string {
  const cents = (x: string) => {
    const [i, f = ''] = x.split('.');
    return BigInt(i + f.padEnd(2, '0').slice(0, 2));
  };
  const c = cents(a) - cents(b);
  return `${c / 100n}.${String(c % 100n).padStart(2, '0')}`;
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

// A sale with no product, one with no customer, one with a zero (MySQL) or NULL timestamp.
function dirtyRows(zeroDate: string | null): Sale[] {
  return [
    { rowid: 5001, product_id: 9999, customer_id: 1, price: '10.00', quantity: 2, timestamp: '2020-05-05 10:00:00' },
    { rowid: 5002, product_id: 1, customer_id: 9999, price: '3.50', quantity: 1, timestamp: '2020-05-05 11:00:00' },
    { rowid: 5003, product_id: 1, customer_id: 1, price: '7.25', quantity: 4, timestamp: zeroDate as string },
  ];
}

scenario('star: MariaDB -> PostgreSQL', async () => {
  const source: MysqlConn = await createMysqlDb();
  const warehouse: PgConn = await createPgDb();
  const conn = await mysqlAdmin(source);
  // Zero dates are what old MySQL apps write; allow them for this session only.
  await conn.query("SET SESSION sql_mode = ''");
  const wh: pg.Client = await pgAdmin(warehouse);
  cleanups.push(async () => {
    await conn.end();
    await wh.end();
    await dropMysqlDb(source);
    await dropPgDb(warehouse);
  });
  return { source, warehouse, src: { kind: 'mysql', conn }, q: async (sql) => (await wh.query(sql)).rows, dirty: dirtyRows('0000-00-00 00:00:00'), lookups: true };
});

scenario('star: MariaDB -> PGlite', async () => {
  const source: MysqlConn = await createMysqlDb();
  const warehouse: PgliteConn = await createPgliteDir();
  const conn = await mysqlAdmin(source);
  await conn.query("SET SESSION sql_mode = ''");
  const wdb: PGlite = await openPglite(warehouse.path);
  cleanups.push(async () => {
    await conn.end();
    await dropMysqlDb(source);
    await dropPgliteDir(warehouse);
  });
  return { source, warehouse, src: { kind: 'mysql', conn }, q: async (sql) => (await wdb.query<Record<string, unknown>>(sql)).rows, dirty: dirtyRows('0000-00-00 00:00:00'), lookups: true };
});

scenario('star: PGlite -> PGlite', async () => {
  const source: PgliteConn = await createPgliteDir();
  const warehouse: PgliteConn = await createPgliteDir();
  const db: PGlite = await openPglite(source.path);
  const wdb: PGlite = await openPglite(warehouse.path);
  cleanups.push(async () => {
    await dropPgliteDir(source);
    await dropPgliteDir(warehouse);
  });
  return { source, warehouse, src: { kind: 'pglite', db }, q: async (sql) => (await wdb.query<Record<string, unknown>>(sql)).rows, dirty: dirtyRows(null), lookups: false };
});

describe('star: a custom query with values that are not what they claim', () => {
  let source: MysqlConn;
  let warehouse: PgConn;
  let wh: pg.Client;
  beforeAll(async () => {
    [source, warehouse] = await Promise.all([createMysqlDb(), createPgDb()]);
    const my = await mysqlAdmin(source);
    await my.query(`CREATE TABLE orders_raw (id int PRIMARY KEY, at varchar(40), cat varchar(20), ctry varchar(20), amt varchar(20))`);
    await my.query(`INSERT INTO orders_raw VALUES
      (1, '2020-03-01 10:00:00', 'Books', 'Peru', '12.50'),
      (2, '2020-02-30 10:00:00', 'Books', 'Peru', '7'),
      (3, '2020-03-02', 'Toys', 'Chile', 'ten'),
      (4, '2020-03-03 23:59:59', '  ', 'Chile', '10'),
      (5, 'soon', 'Toys', NULL, '1'),
      (6, '2021-12-31 08:00:00', 'Toys', 'Chile', '-2.25')`);
    await my.end();
    wh = await pgAdmin(warehouse);
  });
  afterAll(async () => {
    await wh?.end();
    await Promise.all([source && dropMysqlDb(source), warehouse && dropPgDb(warehouse)]);
  });

  it('quarantines each bad row with its reason and its values as they were, and loads the rest', async () => {
    const query = 'SELECT id AS orderid, at AS ts, cat AS category, ctry AS country, amt AS amount FROM orders_raw;';
    const r = await runSync({ source, warehouse, settings: syncSettingsSchema.parse({ mode: 'star', query }) }, recordingContext('custom'));
    expect(r).toMatchObject({ newRows: 6, inserted: 2, watermark: 6 });
    expect(r.checks.every((c) => c.ok)).toBe(true);
    const rejected = await wh.query(`SELECT key::int AS key, reason, raw FROM etl_studio.rejected_rows ORDER BY key`);
    expect(rejected.rows).toEqual([
      { key: 2, reason: 'ts is not a valid timestamp', raw: { orderid: 2, ts: '2020-02-30 10:00:00', category: 'Books', country: 'Peru', amount: '7' } },
      { key: 3, reason: 'amount is not a number', raw: { orderid: 3, ts: '2020-03-02 00:00:00', category: 'Toys', country: 'Chile', amount: 'ten' } },
      { key: 4, reason: 'category is missing', raw: { orderid: 4, ts: '2020-03-03 23:59:59', category: '  ', country: 'Chile', amount: '10' } },
      { key: 5, reason: 'ts is not a valid timestamp', raw: { orderid: 5, ts: 'soon', category: 'Toys', country: null, amount: '1' } },
    ]);
    const facts = await wh.query(`SELECT f.orderid::int AS id, d.date::text AS date, c.category, k.country, f.amount::text AS amount
      FROM factsales f JOIN dimdate d USING (dateid) JOIN dimcategory c USING (categoryid) JOIN dimcountry k USING (countryid) ORDER BY 1`);
    expect(facts.rows).toEqual([
      { id: 1, date: '2020-03-01', category: 'Books', country: 'Peru', amount: '12.50' },
      { id: 6, date: '2021-12-31', category: 'Toys', country: 'Chile', amount: '-2.25' },
    ]);
    // 2021-12-31 is Q4 here, whatever DimDate.csv says.
    expect((await wh.query(`SELECT quartername FROM dimdate WHERE date = '2021-12-31'`)).rows[0].quartername).toBe('Q4');
  });

  it('merges ON CONFLICT when factsales already holds a fact above the watermark', async () => {
    const my = await mysqlAdmin(source);
    await my.query(`INSERT INTO orders_raw VALUES (7, '2021-01-01 00:00:00', 'Toys', 'Chile', '3'), (8, '2021-01-02 00:00:00', 'Books', 'Peru', '4')`);
    await my.end();
    // Someone loaded order 7 by hand, with the right members.
    await wh.query(`INSERT INTO dimdate SELECT 20210101, '2021-01-01', 2021, 1, 'Q1', 1, 'January', 1, 6, 'Friday'`);
    await wh.query(`INSERT INTO factsales SELECT 7, 20210101, (SELECT countryid FROM dimcountry WHERE country = 'Chile'), (SELECT categoryid FROM dimcategory WHERE category = 'Toys'), 3`);
    const query = 'SELECT id AS orderid, at AS ts, cat AS category, ctry AS country, amt AS amount FROM orders_raw';
    const ctx = recordingContext('merge');
    const r = await runSync({ source, warehouse, settings: syncSettingsSchema.parse({ mode: 'star', query }) }, ctx);
    expect(r).toMatchObject({ lastRowid: 6, newRows: 2, inserted: 1, watermark: 8 });
    expect(r.checks.every((c) => c.ok)).toBe(true);
    expect(ctx.logs.some((l) => /insert facts ON CONFLICT \(orderid\) DO NOTHING/.test(l.message))).toBe(true);
    expect((await wh.query('SELECT count(*)::int AS n FROM factsales')).rows[0].n).toBe(4);
  });
});
