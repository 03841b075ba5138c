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

/** The UTC date a full recount run now is labelled with. */
const today = () => new Date().toISOString().slice(0, 10);

async function watermarkRow() {
  const r = await wh.query(`SELECT target, key_column, value::text, wh_rows::text, wh_sum::text, src_rows::text, src_sum::text, src_upto::text
    FROM etl_studio.watermark WHERE target = 'public.sales_data'`);
  return r.rows[0];
}

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
    // The first sync of a target counts both tables whole; its own range is checked too.
    expect(result.checks).toEqual([
      { name: 'rows in this run (12289, 13939]', source: '1650', warehouse: '1650', ok: true },
      { name: 'sum(quantity) in this run (12289, 13939]', source: '4955', warehouse: '4955', ok: true },
      { name: 'rows <= watermark (full recount)', source: '13836', warehouse: '13836', ok: true },
      { name: 'sum(quantity) <= watermark (full recount)', source: '41821', warehouse: '41821', ok: true },
    ]);
    expect(ctx.logs.some((l) => /^Checks: full recount at the end \(no running totals yet\)/.test(l.message))).toBe(true);
    expect(ctx.logs.some((l) => /keep their defaults: price, timestamp/.test(l.message))).toBe(true);
    expect(ctx.logs.some((l) => /COPY BINARY straight into public\.sales_data/.test(l.message))).toBe(true);

    // New rows got the warehouse defaults and the source's values.
    const r = await wh.query(`SELECT rowid, product_id, customer_id, quantity, price::text, "timestamp" IS NOT NULL AS stamped FROM sales_data WHERE rowid IN (12290, 13939) ORDER BY rowid`);
    expect(r.rows).toEqual([
      expect.objectContaining({ rowid: 12290, price: '0', stamped: true }),
      expect.objectContaining({ rowid: 13939, price: '0', stamped: true }),
    ]);
    expect(await watermarkRow()).toEqual({ target: 'public.sales_data', key_column: 'rowid', value: '13939', wh_rows: '13836', wh_sum: '41821', src_rows: '13836', src_sum: '41821', src_upto: '13939' });
  });

  it('a second run inserts nothing and checks against the running totals, counting no table', async () => {
    const result = await runSync({ source, warehouse, settings: syncSettingsSchema.parse({}) }, recordingContext());
    expect(result).toMatchObject({ lastRowid: 13939, newRows: 0, inserted: 0, batches: 0, watermark: 13939 });
    expect(result.checks).toEqual([
      { name: `rows <= watermark (running total; full recount on ${today()})`, source: '13836', warehouse: '13836', ok: true },
      { name: `sum(quantity) <= watermark (running total; full recount on ${today()})`, source: '41821', warehouse: '41821', ok: true },
    ]);
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
    // The range holds the hand-copied row too, as a recount would; the totals move by the whole range.
    expect(result.checks).toEqual([
      { name: 'rows in this run (13939, 13942]', source: '3', warehouse: '3', ok: true },
      { name: 'sum(quantity) in this run (13939, 13942]', source: '18', warehouse: '18', ok: true },
      { name: `rows <= watermark (running total; full recount on ${today()})`, source: '13839', warehouse: '13839', ok: true },
      { name: `sum(quantity) <= watermark (running total; full recount on ${today()})`, source: '41839', warehouse: '41839', ok: true },
    ]);
    expect(await watermarkRow()).toMatchObject({ value: '13942', wh_rows: '13839', wh_sum: '41839', src_rows: '13839', src_sum: '41839', src_upto: '13942' });
  });

  it('a row that went missing below the watermark is caught by a full recount, and the difference stays in the running totals until fixed', async () => {
    const gone = await wh.query('DELETE FROM sales_data WHERE rowid = 5000 RETURNING product_id, customer_id, price, quantity, "timestamp"');
    const row = gone.rows[0];
    const qty = Number(row.quantity);
    const full = await runSync({ source, warehouse, settings: syncSettingsSchema.parse({ fullCheck: true }) }, recordingContext());
    expect(full.checks).toEqual([
      { name: 'rows <= watermark (full recount)', source: '13839', warehouse: '13838', ok: false },
      { name: 'sum(quantity) <= watermark (full recount)', source: '41839', warehouse: String(41839 - qty), ok: false },
    ]);
    // Everyday runs go on showing it, from the totals the recount left.
    const my = await mysqlAdmin(source);
    await my.query('INSERT INTO sales_data (rowid, product_id, customer_id, quantity) VALUES (13943, 1, 1, 10)');
    await my.end();
    const next = await runSync({ source, warehouse, settings: syncSettingsSchema.parse({}) }, recordingContext());
    expect(next.checks.map((c) => [c.name, c.source, c.warehouse, c.ok])).toEqual([
      ['rows in this run (13942, 13943]', '1', '1', true],
      ['sum(quantity) in this run (13942, 13943]', '10', '10', true],
      [`rows <= watermark (running total; full recount on ${today()})`, '13840', '13839', false],
      [`sum(quantity) <= watermark (running total; full recount on ${today()})`, '41849', String(41849 - qty), false],
    ]);
    // Put back by hand, then recounted on request: all equal again.
    await wh.query('INSERT INTO sales_data VALUES (5000, $1, $2, $3, $4, $5)', [row.product_id, row.customer_id, row.price, row.quantity, row.timestamp]);
    const fixed = await runSync({ source, warehouse, settings: syncSettingsSchema.parse({ fullCheck: true }) }, recordingContext());
    expect(fixed.checks.map((c) => [c.name, c.source, c.warehouse, c.ok])).toEqual([
      ['rows <= watermark (full recount)', '13840', '13840', true],
      ['sum(quantity) <= watermark (full recount)', '41849', '41849', true],
    ]);
  });

  it('recounts in full when the stored totals come from an older version or another measure', async () => {
    await wh.query(`UPDATE etl_studio.watermark SET totals_version = 0 WHERE target = 'public.sales_data'`);
    const ctx = recordingContext();
    const old = await runSync({ source, warehouse, settings: syncSettingsSchema.parse({}) }, ctx);
    expect(old.checks.map((c) => c.name)).toEqual(['rows <= watermark (full recount)', 'sum(quantity) <= watermark (full recount)']);
    expect(ctx.logs.some((l) => /^Checks: full recount at the end \(the running totals were written by another version/.test(l.message))).toBe(true);
    expect(await watermarkRow()).toMatchObject({ wh_rows: '13840', src_rows: '13840' });

    const other = await runSync({ source, warehouse, settings: syncSettingsSchema.parse({ measure: 'customer_id' }) }, recordingContext());
    expect(other.checks.map((c) => [c.name, c.ok])).toEqual([['rows <= watermark (full recount)', true], ['sum(customer_id) <= watermark (full recount)', true]]);
    const back = await runSync({ source, warehouse, settings: syncSettingsSchema.parse({}) }, recordingContext());
    expect(back.checks.map((c) => c.name)).toEqual(['rows <= watermark (full recount)', 'sum(quantity) <= watermark (full recount)']);

    // An older ETL Studio (or a hand) loads a row and moves the watermark, leaving the totals behind.
    const my = await mysqlAdmin(source);
    await my.query('INSERT INTO sales_data (rowid, product_id, customer_id, quantity) VALUES (13944, 1, 1, 7)');
    await my.end();
    await wh.query('INSERT INTO sales_data (rowid, product_id, customer_id, quantity) VALUES (13944, 1, 1, 7)');
    await wh.query(`UPDATE etl_studio.watermark SET value = 13944 WHERE target = 'public.sales_data'`);
    const ctx2 = recordingContext();
    const moved = await runSync({ source, warehouse, settings: syncSettingsSchema.parse({}) }, ctx2);
    expect(moved.checks).toEqual([
      { name: 'rows <= watermark (full recount)', source: '13841', warehouse: '13841', ok: true },
      { name: 'sum(quantity) <= watermark (full recount)', source: '41856', warehouse: '41856', ok: true },
    ]);
    expect(ctx2.logs.some((l) => l.message.includes('full recount at the end (the watermark was moved without its running totals (they stop at 13943, the watermark is 13944))'))).toBe(true);
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

  it('a first load into a table it creates counts the warehouse for its checks while the key is still being built', async () => {
    const target = 'sales_keyed_after';
    // A reader (a report, say) that holds the new table from its creation until told to stop:
    // the key's sort goes on beside it, and only the key's last catalog step waits for it.
    const reader = await pgAdmin(warehouse);
    let readerIn: Promise<unknown> | null = null;
    const ctx = recordingContext();
    const log = ctx.log;
    ctx.log = (level, message) => {
      log(level, message);
      if (!readerIn && message.startsWith(`Warehouse table public.${target} did not exist and was created`)) {
        readerIn = reader.query('BEGIN').then(() => reader.query(`SELECT 1 FROM ${target} LIMIT 1`));
      }
    };
    const running = runSync({ source, warehouse, settings: syncSettingsSchema.parse({ table: 'sales_data', target, batchRows: 1000 }) }, ctx);
    running.catch(() => undefined);
    const watcher = await pgAdmin(warehouse);
    try {
      // The key's build waits for the reader; by then the checks' count of the warehouse has run beside it.
      let seen: { waiting: boolean; counted: boolean } = { waiting: false, counted: false };
      for (let i = 0; i < 400 && !(seen.waiting && seen.counted); i++) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        const r = await watcher.query<{ waiting: boolean; counted: boolean }>(
          `SELECT coalesce(bool_or(wait_event_type = 'Lock' AND query LIKE 'ALTER TABLE%${target}%PRIMARY KEY%'), false) AS waiting,
                  coalesce(bool_or(state = 'idle' AND query LIKE '%count(*)%${target}%'), false) AS counted
             FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
        );
        seen = r.rows[0];
      }
      expect(readerIn).not.toBeNull();
      expect(seen).toEqual({ waiting: true, counted: true });
    } finally {
      await watcher.end();
      await readerIn;
      await reader.query('COMMIT');
      await reader.end();
    }
    const result = await running;
    expect(result.checks).toEqual([
      { name: 'rows <= watermark (full recount)', source: '13841', warehouse: '13841', ok: true },
      { name: 'sum(quantity) <= watermark (full recount)', source: '41856', warehouse: '41856', ok: true },
    ]);
    const key = await wh.query(`SELECT conname FROM pg_constraint WHERE conrelid = '${target}'::regclass AND contype = 'p'`);
    expect(key.rows).toEqual([{ conname: `${target}_pkey` }]);
  });

  it('says plainly what is wrong with a bad key, table or measure', async () => {
    const run = (s: object) => runSync({ source, warehouse, settings: syncSettingsSchema.parse(s) }, recordingContext());
    await expect(run({ key: 'nope' })).rejects.toThrow('Source table sales_data has no column nope');
    await expect(run({ table: 'missing_table' })).rejects.toThrow(/Source table missing_table does not exist/);
    await expect(run({ measure: 'nope' })).rejects.toThrow(/Measure column nope is not a column of both/);
  });
});
