import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogLevel, Progress } from '../../../shared/runs/run.js';
import type { ResolvedConnection } from '../connections/resolved.js';
import { openSqlSession } from '../generator/sessions/sql-session.js';
import { createScratchMysql, createScratchPglite, createScratchPostgres, type Scratch } from '../generator/testing/scratch-databases.js';
import type { RunContext } from '../runs/run-context.js';
import { defaultSoftcartFixturesDir } from './fixtures-dir.js';
import { parseSalesCsv } from './sales-csv.js';
import { loadSoftcartSample } from './softcart-sample.js';

/** A run context that keeps what it is told, as the run manager would. */
class RecordingContext implements RunContext {
  readonly runId = 'test-run';
  readonly logs: { level: LogLevel; message: string }[] = [];
  readonly progressReports: Omit<Progress, 'runId'>[] = [];
  private readonly controller = new AbortController();
  constructor(readonly folder: string) {}
  get signal(): AbortSignal {
    return this.controller.signal;
  }
  cancel(): void {
    this.controller.abort();
  }
  log(level: LogLevel, message: string): void {
    this.logs.push({ level, message });
  }
  progress(p: Omit<Progress, 'runId'>): void {
    this.progressReports.push(p);
  }
}

async function rows(c: ResolvedConnection, sql: string): Promise<Record<string, unknown>[]> {
  const s = await openSqlSession(c);
  try {
    return await s.query(sql);
  } finally {
    await s.close();
  }
}

let my: Scratch<Extract<ResolvedConnection, { kind: 'mysql' }>>;
let pgdb: Scratch<Extract<ResolvedConnection, { kind: 'postgres' }>>;
let folder: string;

beforeAll(async () => {
  [my, pgdb] = await Promise.all([createScratchMysql(), createScratchPostgres()]);
  folder = await mkdtemp(path.join(os.tmpdir(), 'etl-sample-run-'));
});
afterAll(async () => {
  await Promise.all([my?.drop(), pgdb?.drop(), folder ? rm(folder, { recursive: true, force: true }) : undefined]);
});

describe('loadSoftcartSample', () => {
  it('loads sales.sql into MariaDB and sales.csv into PostgreSQL, saying what it adapted; a second load replaces both', async () => {
    const ctx = new RecordingContext(folder);
    const result = await loadSoftcartSample({ source: my.conn, warehouse: pgdb.conn }, ctx);
    expect(result).toMatchObject({ sourceTable: 'sales_data', sourceRows: 13836, warehouseTable: 'sales_data', warehouseRows: 12186 });
    const notes = result.adaptations.join('\n');
    expect(notes).toMatch(/collation utf8mb4_0900_ai_ci \(MySQL 8\), which .*MariaDB.* does not have; utf8mb4_unicode_ci was used instead/);
    expect(notes).toMatch(/header has spaces/);
    for (const a of result.adaptations) expect(ctx.logs.map((l) => l.message)).toContain(`Adapted: ${a}`);
    expect(ctx.progressReports.at(-1)).toMatchObject({ rowsWritten: 12186, totalRows: 12186 });
    expect(ctx.progressReports.some((p) => p.rowsWritten === 13836 && p.totalRows === 13836)).toBe(true);

    // The source is what the dump describes: the first and last rows, the key and the next AUTO_INCREMENT.
    const src = await rows(my.conn, `SELECT MIN(rowid) AS lo, MAX(rowid) AS hi, SUM(quantity) AS q,
      (SELECT TABLE_COLLATION FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'sales_data') AS coll,
      (SELECT AUTO_INCREMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'sales_data') AS next_id
      FROM sales_data`);
    expect(src[0]).toMatchObject({ lo: 104, coll: 'utf8mb4_unicode_ci' });
    expect(Number(src[0].hi)).toBe(13939);
    expect(Number(src[0].next_id)).toBe(13940);

    // The warehouse holds the CSV's values, trimmed and typed, with the defaults the later sync relies on.
    const wh = await rows(pgdb.conn, `SELECT rowid, product_id, customer_id, price, quantity, to_char("timestamp", 'YYYY-MM-DD HH24:MI:SS') AS ts
      FROM sales_data WHERE rowid IN (104, 12289) ORDER BY rowid`);
    expect(wh).toEqual([
      { rowid: 104, product_id: 8972, customer_id: 58516, price: 4277, quantity: 5, ts: '2017-11-22 03:53:23' },
      { rowid: 12289, product_id: 6512, customer_id: 9400, price: 3486, quantity: 4, ts: '2017-11-22 07:16:28' },
    ]);
    const defaults = await rows(pgdb.conn, `INSERT INTO sales_data (rowid, product_id, customer_id, quantity) VALUES (99999, 1, 2, 3)
      RETURNING price, "timestamp" IS NOT NULL AS has_ts`);
    expect(defaults[0]).toEqual({ price: 0, has_ts: true });

    const again = new RecordingContext(folder);
    const second = await loadSoftcartSample({ source: my.conn, warehouse: pgdb.conn }, again);
    expect(second).toEqual(result);
    const replaced = again.logs.filter((l) => /already existed .*dropped and is loaded again/.test(l.message));
    expect(replaced.map((l) => l.message)).toEqual([
      'Table sales_data already existed in the source; it was dropped and is loaded again from scratch',
      'Table sales_data already existed in the warehouse; it was dropped and is loaded again from scratch',
    ]);
    const counts = await rows(pgdb.conn, 'SELECT count(*)::int AS n FROM sales_data');
    expect(counts[0].n).toBe(12186);
  });

  it('translates the MySQL dump for an embedded PostgreSQL source and warehouse', async () => {
    const [srcLite, whLite] = await Promise.all([createScratchPglite(), createScratchPglite()]);
    try {
      const ctx = new RecordingContext(folder);
      const result = await loadSoftcartSample({ source: srcLite.conn, warehouse: whLite.conn }, ctx);
      expect(result).toMatchObject({ sourceRows: 13836, warehouseRows: 12186 });
      expect(result.adaptations.join('\n')).toMatch(/sales.sql is a MySQL dump; it was translated for PostgreSQL: .*AUTO_INCREMENT became an identity column/);
      // The identity continues where the dump's AUTO_INCREMENT said it would.
      const next = await rows(srcLite.conn, 'INSERT INTO sales_data (product_id, customer_id, quantity) VALUES (1, 2, 3) RETURNING rowid');
      expect(next[0].rowid).toBe(13940);
    } finally {
      await Promise.all([srcLite.drop(), whLite.drop()]);
    }
  }, 180_000);

  it('also loads the dump into a PostgreSQL server source and the CSV into a MariaDB warehouse', async () => {
    const [pgSource, myWarehouse] = await Promise.all([createScratchPostgres(), createScratchMysql()]);
    try {
      const result = await loadSoftcartSample({ source: pgSource.conn, warehouse: myWarehouse.conn }, new RecordingContext(folder));
      expect(result).toMatchObject({ sourceRows: 13836, warehouseRows: 12186 });
      const wh = await rows(myWarehouse.conn, "SELECT SUM(price) AS total, CAST(MAX(`timestamp`) AS CHAR) AS last FROM sales_data");
      const csv = parseSalesCsv(await readFile(path.join(defaultSoftcartFixturesDir(), 'sales.csv'), 'utf8'));
      expect(String(wh[0].total)).toBe(String(csv.rows.reduce((sum, r) => sum + Number(r[3]), 0)));
      expect(wh[0].last).toBe('2017-11-22 07:16:28');
    } finally {
      await Promise.all([pgSource.drop(), myWarehouse.drop()]);
    }
  });

  it('stops when cancelled and says so', async () => {
    const ctx = new RecordingContext(folder);
    ctx.cancel();
    await expect(loadSoftcartSample({ source: my.conn, warehouse: pgdb.conn }, ctx)).rejects.toThrow(/abort/i);
  });

  it('names a missing sample file', async () => {
    const ctx = new RecordingContext(folder);
    await expect(loadSoftcartSample({ source: my.conn, warehouse: pgdb.conn, fixturesDir: folder }, ctx)).rejects.toThrow(
      `The SoftCart sample file sales.sql is missing from ${folder}`,
    );
  });
});
