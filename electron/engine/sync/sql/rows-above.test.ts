import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { createPgDb, dropPgDb, pgAdmin, type PgConn } from '../testing/dbs.js';
import type { SqlRunner } from '../warehouse/warehouse.js';
import { hasRowsAbove } from './rows-above.js';

let conn: PgConn;
let db: pg.Client;
/** The test's own session as the SqlRunner the sync passes in; `before` sees each statement first. */
function runner(before?: (text: string) => Promise<void>): SqlRunner {
  return {
    async query<R extends object>(text: string) {
      await before?.(text);
      const r = await db.query(text);
      return { rows: r.rows as R[], rowCount: r.rowCount ?? 0 };
    },
  };
}

beforeAll(async () => {
  conn = await createPgDb();
  db = await pgAdmin(conn);
  // Loaded and keyed, never analyzed: what a sync's own first load leaves behind.
  await db.query('CREATE TABLE facts (orderid bigint NOT NULL, amount numeric)');
  await db.query('INSERT INTO facts SELECT g, g / 100.0 FROM generate_series(1, 300000) g');
  await db.query('ALTER TABLE facts ADD PRIMARY KEY (orderid)');
  await db.query(`DELETE FROM pg_statistic WHERE starelid = 'facts'::regclass`);
});
afterAll(async () => {
  await db?.end();
  if (conn) await dropPgDb(conn);
});

describe('hasRowsAbove', () => {
  it('tells whether any key lies above the watermark, and whether the table holds any row', async () => {
    expect(await hasRowsAbove(runner(), 'facts', 'orderid', 299_999n)).toBe(true);
    expect(await hasRowsAbove(runner(), 'facts', 'orderid', 300_000n)).toBe(false);
    expect(await hasRowsAbove(runner(), 'facts', 'orderid', null)).toBe(true);
    await db.query('CREATE TABLE empty_facts (orderid bigint PRIMARY KEY)');
    expect(await hasRowsAbove(runner(), 'empty_facts', 'orderid', null)).toBe(false);
  });

  it('answers from the index on a table without statistics instead of scanning it whole', async () => {
    const seen: string[] = [];
    const explaining = runner(async (text) => {
      const plan = await db.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${text}`);
      seen.push(JSON.stringify(plan.rows[0]));
    });
    expect(await hasRowsAbove(explaining, 'facts', 'orderid', 300_000n)).toBe(false);
    expect(seen[0]).toContain('"Index Only Scan"');
    expect(seen[0]).not.toContain('"Seq Scan"');
  });
});
