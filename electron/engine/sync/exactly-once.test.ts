import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type pg from 'pg';
import type mysql from 'mysql2/promise';
import { ApiError } from '../../../shared/api/contract.js';
import { syncSettingsSchema } from '../../../shared/sync/sync.js';
import { runSync } from './run-sync.js';
import { normalizeDecimal } from './checks/checks.js';
import { createMysqlDb, createPgDb, dropMysqlDb, dropPgDb, mysqlAdmin, pgAdmin, type MysqlConn, type PgConn } from './testing/dbs.js';
import { recordingContext } from './testing/context.js';
import { compileSyncChild } from './testing/compile-child.js';
import { fillItemsMysql, ITEMS_MYSQL_DDL } from './testing/bulk.js';

const ROWS = 300_000;
let source: MysqlConn;
let warehouse: PgConn;
let my: mysql.Connection;
let wh: pg.Client;
let childJs: string;

beforeAll(async () => {
  [source, warehouse, childJs] = await Promise.all([createMysqlDb(), createPgDb(), compileSyncChild()]);
  my = await mysqlAdmin(source);
  wh = await pgAdmin(warehouse);
  await my.query(ITEMS_MYSQL_DDL);
  await fillItemsMysql(my, 1, ROWS);
}, 300_000);

afterAll(async () => {
  if (childJs) await rm(childJs.slice(0, childJs.indexOf('/electron/engine/sync/testing/')), { recursive: true, force: true });
  await my?.end();
  await wh?.end();
  await Promise.all([source && dropMysqlDb(source), warehouse && dropPgDb(warehouse)]);
});

/** Count, sum and an ordered hash of every row, read page by page from either side. */
async function digest(side: 'source' | 'warehouse', table: string) {
  const hash = createHash('sha256');
  let count = 0;
  let sum = 0n;
  let last = 0;
  for (;;) {
    let rows: unknown[][];
    if (side === 'source') {
      const [r] = await my.query({ sql: 'SELECT id, name, qty, amount, created, note FROM items WHERE id > ? ORDER BY id LIMIT 50000', values: [last], rowsAsArray: true });
      rows = r as unknown[][];
    } else {
      const r = await wh.query({ text: `SELECT t.id::text, t.name, t.qty::text, t.amount::text, t.created::text, t.note FROM ${table} t WHERE t.id > $1 ORDER BY t.id LIMIT 50000`, values: [last], rowMode: 'array' });
      rows = r.rows;
    }
    if (rows.length === 0) break;
    for (const row of rows) {
      hash.update(row.map((v) => (v === null ? '\u0002' : String(v))).join('\u0001') + '\n');
      sum += BigInt(String(row[3]).replace('.', ''));
    }
    count += rows.length;
    last = Number(rows[rows.length - 1][0]);
  }
  return { count, sum: sum.toString(), hash: hash.digest('hex') };
}

/** After any stop, the warehouse must sit exactly at a batch boundary that the watermark names. */
async function assertConsistent(table: string): Promise<number> {
  const wm = await wh.query<{ value: string }>(`SELECT value::text AS value FROM etl_studio.watermark WHERE target = $1`, [`public.${table}`]);
  const value = Number(wm.rows[0].value);
  const t = await wh.query<{ n: number; hi: number }>(`SELECT count(*)::int AS n, max(id) AS hi FROM ${table}`);
  // ids run 1..ROWS without gaps, so the rows at or below the watermark are exactly `value` of them.
  expect(t.rows[0]).toEqual({ n: value, hi: value });
  return value;
}

/** The columns of the primary key of `table`, empty when it has none. */
async function primaryKey(table: string): Promise<string[]> {
  const r = await wh.query<{ col: string }>(
    `SELECT a.attname AS col FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
     WHERE i.indrelid = $1::regclass AND i.indisprimary`,
    [table],
  );
  return r.rows.map((x) => x.col);
}

async function keyPromised(table: string): Promise<boolean> {
  const r = await wh.query(`SELECT 1 FROM etl_studio.pending_key WHERE target = $1`, [`public.${table}`]);
  return r.rowCount === 1;
}

/** A run context that, as batch 2 commits, has another writer insert a row with key `id` (name 'planted') into `table`. */
function plantingAfterBatch2(table: string, id: number) {
  const ctx = recordingContext();
  const base = ctx.log;
  let planted = false;
  ctx.log = (level, message) => {
    base(level, message);
    if (!planted && /^Batch 2 committed/.test(message)) {
      planted = true;
      void wh.query(`INSERT INTO ${table} (id, name, qty, amount, created) VALUES ($1, 'planted', 1, 1, now())`, [id]).catch(() => undefined);
    }
  };
  return ctx;
}

describe('exactly once', () => {
  it('a sync SIGKILLed mid-load resumes at its last committed batch, and the rerun makes the warehouse equal to the source row by row', async () => {
    const child = spawn(process.execPath, [childJs, JSON.stringify({ source, warehouse, settings: { table: 'items', key: 'id', batchRows: 1000 } })], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let committed = 0;
    let finished = false;
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const msg = JSON.parse(line) as { type: string; message?: string };
      if (msg.type === 'result') finished = true;
      if (msg.type === 'log' && /^Batch \d+ committed/.test(msg.message ?? '') && ++committed === 5) child.kill('SIGKILL');
    });
    const exit = await new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
    expect(exit).toBe('SIGKILL');
    expect(finished).toBe(false);

    const atCrash = await assertConsistent('items');
    expect(atCrash).toBeGreaterThanOrEqual(5000);
    expect(atCrash).toBeLessThan(ROWS);
    // The table the sync created is loaded first and keyed after: the killed run never got there.
    expect(await primaryKey('items')).toEqual([]);
    expect(await keyPromised('items')).toBe(true);

    const ctx = recordingContext();
    const result = await runSync({ source, warehouse, settings: syncSettingsSchema.parse({ table: 'items', key: 'id', batchRows: 50_000 }) }, ctx);
    expect(result).toMatchObject({ lastRowid: atCrash, newRows: ROWS - atCrash, inserted: ROWS - atCrash, watermark: ROWS });
    expect(result.checks.every((c) => c.ok)).toBe(true);
    expect(await digest('warehouse', 'items')).toEqual(await digest('source', 'items'));
    expect(await primaryKey('items')).toEqual(['id']);
    expect(await keyPromised('items')).toBe(false);
    expect(ctx.logs.some((l) => /^Primary key of public\.items on id built after the load/.test(l.message))).toBe(true);
  }, 300_000);

  it('the running totals survive a SIGKILL in an incremental run: the rerun checks pass and match a full recount', async () => {
    // A table of its own, loaded in full once (which sets the totals), then grown by half.
    await my.query('CREATE TABLE items_inc LIKE items');
    await my.query(`INSERT INTO items_inc SELECT * FROM items WHERE id <= ${ROWS / 2}`);
    const settings = { table: 'items_inc', key: 'id', measure: 'amount' };
    const first = await runSync({ source, warehouse, settings: syncSettingsSchema.parse({ ...settings, batchRows: 100_000 }) }, recordingContext());
    expect(first.checks.map((c) => [c.name, c.ok])).toEqual([['rows <= watermark (full recount)', true], ['sum(amount) <= watermark (full recount)', true]]);
    await my.query(`INSERT INTO items_inc SELECT * FROM items WHERE id > ${ROWS / 2}`);

    const child = spawn(process.execPath, [childJs, JSON.stringify({ source, warehouse, settings: { ...settings, batchRows: 1000 } })], { stdio: ['ignore', 'pipe', 'pipe'] });
    let committed = 0;
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const msg = JSON.parse(line) as { type: string; message?: string };
      if (msg.type === 'log' && /^Batch \d+ committed/.test(msg.message ?? '') && ++committed === 7) child.kill('SIGKILL');
    });
    expect(await new Promise((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)))).toBe('SIGKILL');
    const atCrash = await assertConsistent('items_inc');
    expect(atCrash).toBeGreaterThanOrEqual(ROWS / 2 + 7000);
    expect(atCrash).toBeLessThan(ROWS);

    // The warehouse totals moved with every committed batch; the source totals still stop where the first run left them.
    const stored = async () => (await wh.query(`SELECT wh_rows::text AS wh_rows, wh_sum::text AS wh_sum, src_rows::text AS src_rows, src_upto::text AS src_upto
      FROM etl_studio.watermark WHERE target = 'public.items_inc'`)).rows[0];
    const real = async () => (await wh.query(`SELECT count(*)::text AS n, sum(amount)::text AS s FROM items_inc`)).rows[0];
    expect(await stored()).toEqual({ wh_rows: String(atCrash), wh_sum: (await real()).s, src_rows: String(ROWS / 2), src_upto: String(ROWS / 2) });

    const ctx = recordingContext();
    const rerun = await runSync({ source, warehouse, settings: syncSettingsSchema.parse({ ...settings, batchRows: 50_000 }) }, ctx);
    expect(rerun).toMatchObject({ lastRowid: atCrash, newRows: ROWS - atCrash, inserted: ROWS - atCrash, watermark: ROWS });
    const [srcSum] = (await my.query('SELECT CAST(SUM(amount) AS CHAR) AS s FROM items_inc')) as unknown as [[{ s: string }]];
    const full = { n: String(ROWS), s: normalizeDecimal(srcSum[0].s) };
    expect(rerun.checks.map((c) => [c.name.replace(/ \(running total.*/, ''), c.source, c.warehouse, c.ok])).toEqual([
      [`rows in this run (${atCrash}, ${ROWS}]`, String(ROWS - atCrash), String(ROWS - atCrash), true],
      [`sum(amount) in this run (${atCrash}, ${ROWS}]`, expect.any(String), expect.any(String), true],
      ['rows <= watermark', full.n, full.n, true],
      ['sum(amount) <= watermark', full.s, full.s, true],
    ]);
    expect(normalizeDecimal((await real()).s)).toBe(full.s);
    const recount = await runSync({ source, warehouse, settings: syncSettingsSchema.parse({ ...settings, fullCheck: true }) }, recordingContext());
    expect(recount.checks).toEqual([
      { name: 'rows <= watermark (full recount)', source: full.n, warehouse: full.n, ok: true },
      { name: 'sum(amount) <= watermark (full recount)', source: full.s, warehouse: full.s, ok: true },
    ]);
    expect(await stored()).toEqual({ wh_rows: full.n, wh_sum: (await real()).s, src_rows: full.n, src_upto: String(ROWS) });
  }, 300_000);

  it('a cancel rolls back the open batch, keeps the committed ones, says so, and the next run completes the table', async () => {
    const ctx = recordingContext();
    const base = ctx.log;
    ctx.log = (level, message) => {
      base(level, message);
      if (/^Batch 2 committed/.test(message)) ctx.controller.abort();
    };
    const settings = syncSettingsSchema.parse({ table: 'items', key: 'id', target: 'items_cancel', batchRows: 2000 });
    const err = await runSync({ source, warehouse, settings }, ctx).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('cancelled');
    expect((err as ApiError).message).toMatch(/The sync was cancelled: 2 batches \(4,000 rows\) had been committed, and the watermark of public\.items_cancel is 4000/);
    expect(await assertConsistent('items_cancel')).toBe(4000);
    // The cancelled run still left a finished table: its committed rows, keyed.
    expect(await primaryKey('items_cancel')).toEqual(['id']);
    expect(await keyPromised('items_cancel')).toBe(false);

    const result = await runSync({ source, warehouse, settings: { ...settings, batchRows: 100_000 } }, recordingContext());
    expect(result).toMatchObject({ lastRowid: 4000, newRows: ROWS - 4000, inserted: ROWS - 4000, batches: 3 });
    expect(await digest('warehouse', 'items_cancel')).toEqual(await digest('source', 'items'));
  }, 300_000);

  it('a batch that fails while the one before it is still being applied leaves every earlier batch committed, and a rerun merges', async () => {
    const settings = syncSettingsSchema.parse({ table: 'items', key: 'id', target: 'items_clash', batchRows: 20_000 });
    // The user's own table, keyed from the start, so the colliding COPY fails there and then.
    await wh.query(`CREATE TABLE items_clash (id int PRIMARY KEY, name varchar(100) NOT NULL, qty int NOT NULL, amount numeric(12,2) NOT NULL, created timestamp NOT NULL, note text)`);
    // Another writer puts a row far ahead of the sync, which a later batch's COPY then collides with.
    const ctx = plantingAfterBatch2('items_clash', 200_000);
    const err = await runSync({ source, warehouse, settings }, ctx).then(() => null, (e: unknown) => e);
    expect((err as ApiError).code).toBe('conflict');
    expect((err as ApiError).message).toMatch(/Rows with keys above the watermark appeared in public\.items_clash while this sync was loading/);
    const wm = Number((await wh.query(`SELECT value FROM etl_studio.watermark WHERE target = 'public.items_clash'`)).rows[0].value);
    // Whole batches below the planted key, nothing above the watermark but the planted row.
    expect(wm % 20_000).toBe(0);
    expect(wm).toBeGreaterThanOrEqual(40_000);
    expect(wm).toBeLessThan(200_000);
    const t = await wh.query<{ n: number; over: number }>(`SELECT count(*) FILTER (WHERE id <= $1)::int AS n, count(*) FILTER (WHERE id > $1)::int AS over FROM items_clash`, [wm]);
    expect(t.rows[0]).toEqual({ n: wm, over: 1 });

    await wh.query(`DELETE FROM items_clash WHERE id = 200000`);
    const again = await runSync({ source, warehouse, settings }, recordingContext());
    expect(again).toMatchObject({ lastRowid: wm, inserted: ROWS - wm, watermark: ROWS });
    expect(again.checks.every((c) => c.ok)).toBe(true);
    expect(await digest('warehouse', 'items_clash')).toEqual(await digest('source', 'items'));
  }, 300_000);

  it('rows another writer slips into a table the sync is still loading unkeyed stop the key from being built, with the key named, until they are removed', async () => {
    const settings = syncSettingsSchema.parse({ table: 'items', key: 'id', target: 'items_dup', batchRows: 20_000 });
    const ctx = plantingAfterBatch2('items_dup', 250_000);
    const err = await runSync({ source, warehouse, settings }, ctx).then(() => null, (e: unknown) => e);
    expect((err as ApiError).code).toBe('conflict');
    expect((err as ApiError).message).toMatch(/^The primary key of public\.items_dup on id cannot be built: Key \(id\)=\(250000\) is duplicated/);
    // Every batch committed; only the key is missing, and still promised.
    const wm = await wh.query<{ value: string }>(`SELECT value::text AS value FROM etl_studio.watermark WHERE target = 'public.items_dup'`);
    expect(wm.rows[0].value).toBe(String(ROWS));
    expect(await primaryKey('items_dup')).toEqual([]);
    expect(await keyPromised('items_dup')).toBe(true);

    await wh.query(`DELETE FROM items_dup WHERE name = 'planted'`);
    const again = await runSync({ source, warehouse, settings }, recordingContext());
    expect(again).toMatchObject({ newRows: 0, inserted: 0, watermark: ROWS });
    expect(again.checks.every((c) => c.ok)).toBe(true);
    expect(await primaryKey('items_dup')).toEqual(['id']);
    expect(await digest('warehouse', 'items_dup')).toEqual(await digest('source', 'items'));
  }, 300_000);

  it('two syncs of one target run one after the other; a sync cancelled while it waits stops at once', async () => {
    const settings = syncSettingsSchema.parse({ table: 'items', key: 'id', target: 'items_lock', batchRows: 20_000 });
    const waitFor = (ctx: ReturnType<typeof recordingContext>, re: RegExp) =>
      new Promise<void>((resolve) => {
        const base = ctx.log;
        ctx.log = (level, message) => {
          base(level, message);
          if (re.test(message)) resolve();
        };
      });
    const a = recordingContext('a');
    const aHolds = waitFor(a, /^Snapshot taken/);
    const runA = runSync({ source, warehouse, settings }, a);
    await aHolds;
    const b = recordingContext('b');
    const bWaits = waitFor(b, /is running; waiting for it to finish/);
    const runB = runSync({ source, warehouse, settings }, b);
    const c = recordingContext('c');
    const cWaits = waitFor(c, /is running; waiting for it to finish/);
    const runC = runSync({ source, warehouse, settings }, c).then(() => null, (e: unknown) => e);
    await Promise.all([bWaits, cWaits]);
    c.controller.abort();
    const cErr = await runC;
    expect((cErr as ApiError).code).toBe('cancelled');
    const [ra, rb] = await Promise.all([runA, runB]);
    expect(ra).toMatchObject({ newRows: ROWS, inserted: ROWS });
    // B took its snapshot only after A had finished, so nothing was left for it.
    expect(rb).toMatchObject({ lastRowid: ROWS, newRows: 0, inserted: 0 });
    expect(await assertConsistent('items_lock')).toBe(ROWS);
  }, 300_000);
});
