import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncReplicateConfigSchema } from '../../../shared/pipeline/kinds/sync.replicate.js';
import { syncStarConfigSchema } from '../../../shared/pipeline/kinds/sync.star.js';
import type { ResolvedConnection } from '../connections/resolved.js';
import { withDb } from './db/open-db.js';
import { syncReplicateTask } from './sync.replicate.js';
import { syncStarTask } from './sync.star.js';
import { createMysqlDb, createPgDb, dropMysqlDb, dropPgDb, type MysqlConn, type PgConn } from './testing/databases.js';
import { testTaskContext } from './testing/task-context.js';

let runFolder: string;
let my: MysqlConn;
let wh: PgConn;
let connections: Record<string, ResolvedConnection>;

/** 300 sales over 5 categories and 7 countries, made by SQL so the values are fixed. */
const SEED = [
  'CREATE TABLE products (product_id int PRIMARY KEY, category varchar(50))',
  'CREATE TABLE customers (customer_id int PRIMARY KEY, country varchar(80))',
  'CREATE TABLE sales_data (rowid int PRIMARY KEY, product_id int NOT NULL, customer_id int NOT NULL, price decimal(10,2) NOT NULL, quantity int NOT NULL, `timestamp` datetime NOT NULL)',
  "INSERT INTO products SELECT seq, ELT(1 + seq % 5, 'Electronics', 'Books', 'Toys', 'Sports', 'Garden') FROM seq_1_to_50",
  "INSERT INTO customers SELECT seq, CONCAT('Country ', seq % 7) FROM seq_1_to_70",
  "INSERT INTO sales_data SELECT seq, 1 + seq % 50, 1 + seq % 70, (seq % 97) + 0.5, 1 + seq % 4, TIMESTAMP('2024-01-01') + INTERVAL seq HOUR FROM seq_1_to_300",
];

beforeAll(async () => {
  runFolder = await mkdtemp(path.join(os.tmpdir(), 'etl-sync-task-'));
  [my, wh] = await Promise.all([createMysqlDb(), createPgDb()]);
  connections = { src: my, wh };
  await withDb(my, async (db) => {
    for (const sql of SEED) await db.query(sql);
  });
});
afterAll(async () => {
  await Promise.all([dropMysqlDb(my), dropPgDb(wh)]);
  await rm(runFolder, { recursive: true, force: true });
});

describe('sync task kinds', () => {
  it('sync.replicate copies new rows, reports the watermark and checks as values, and the next run takes only the new row', async () => {
    const ctx = await testTaskContext({ runFolder, taskId: 'replicate', connections });
    const config = syncReplicateConfigSchema.parse({ source: 'src', warehouse: 'wh', table: 'sales_data', measure: 'quantity' });
    const out = await syncReplicateTask.run(config, ctx);
    expect(out.values).toMatchObject({ mode: 'replicate', lastRowid: null, newRows: 300, inserted: 300, watermark: 300, checksPassed: true });
    expect(out.metrics.rowsWritten).toBe(300);
    expect(Object.keys(out.values!).filter((k) => k.startsWith('check:')).length).toBeGreaterThan(0);
    expect(ctx.logs.some((l) => l.message.startsWith('Sync done: 300 rows inserted'))).toBe(true);
    expect(await withDb(wh, async (db) => (await db.query('SELECT count(*), sum(quantity) FROM sales_data')).rows)).toEqual([['300', '750']]);

    await withDb(my, (db) => db.query("INSERT INTO sales_data VALUES (301, 1, 1, 9.99, 2, '2024-03-01 00:00:00')"));
    const again = await syncReplicateTask.run(config, await testTaskContext({ runFolder, taskId: 'replicate2', connections }));
    expect(again.values).toMatchObject({ lastRowid: 300, inserted: 1, watermark: 301 });
  });

  it('sync.star loads the star schema and its values say how many rows landed', async () => {
    const ctx = await testTaskContext({ runFolder, taskId: 'star', connections });
    const out = await syncStarTask.run(syncStarConfigSchema.parse({ source: 'src', warehouse: 'wh' }), ctx);
    expect(out.values).toMatchObject({ mode: 'star', inserted: 301, watermark: 301, checksPassed: true });
    const facts = await withDb(wh, async (db) => (await db.query('SELECT count(*) FROM factsales')).rows);
    expect(facts).toEqual([['301']]);
  });

  it('stops when cancelled before it starts', async () => {
    const ac = new AbortController();
    ac.abort(new Error('cancelled by user'));
    const ctx = await testTaskContext({ runFolder, taskId: 'cancelled', connections, signal: ac.signal });
    await expect(syncReplicateTask.run(syncReplicateConfigSchema.parse({ source: 'src', warehouse: 'wh', table: 'sales_data' }), ctx)).rejects.toThrow(/cancel/i);
  });
});
