import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type mysql from 'mysql2/promise';
import { createMysqlDb, dropMysqlDb, mysqlAdmin, type MysqlConn } from '../testing/dbs.js';
import { openMysqlSource } from './mysql-source.js';
import type { Source } from './source.js';

/**
 * The sync's MySQL session reads its rows in place, and every other query it makes returns
 * a row or a few: those are parsed by mysql2's interpreted parser, not by one compiled at
 * run time for each result shape (`new Function`, the CPU of a sync's start). Pinned here:
 * the values come back the same either way, and only a query that asks for many rows
 * (star mode's look-up tables) has a parser compiled.
 */
let db: MysqlConn;
let admin: mysql.Connection;
let source: Source | null = null;

/** Counts functions compiled from source text while fn runs (mysql2's code generator goes through Function). */
async function functionsCompiledBy<T>(fn: () => Promise<T>): Promise<{ value: T; compiled: number }> {
  const original = globalThis.Function;
  let compiled = 0;
  globalThis.Function = new Proxy(original, {
    apply(target, self, args: string[]) {
      compiled++;
      return Reflect.apply(target, self, args) as unknown;
    },
    construct(target, args: string[]) {
      compiled++;
      return Reflect.construct(target, args) as object;
    },
  });
  try {
    return { value: await fn(), compiled };
  } finally {
    globalThis.Function = original;
  }
}

beforeAll(async () => {
  db = await createMysqlDb();
  admin = await mysqlAdmin(db);
  await admin.query(`CREATE TABLE customers (id int NOT NULL PRIMARY KEY, country varchar(40) NULL, since datetime(3) NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);
  await admin.query(`INSERT INTO customers VALUES (1, 'Norway', '2024-02-29 23:59:58.125'), (2, NULL, NULL), (3, 'Côte d''Ivoire', '1999-12-31 00:00:00.000')`);
});

afterEach(async () => {
  await source?.close();
  source = null;
});

afterAll(async () => {
  await admin?.end();
  if (db) await dropMysqlDb(db);
});

describe("the sync's MySQL source", () => {
  it('describes a table and reads counts and text values without compiling a row parser for them', async () => {
    source = await openMysqlSource(db);
    const s = source;
    const { value, compiled } = await functionsCompiledBy(async () => {
      const table = await s.describeTable('CUSTOMERS');
      await s.beginSnapshot();
      const counts = await s.queryText('SELECT CAST(COUNT(*) AS CHAR), CAST(MAX(id) AS CHAR) FROM customers');
      const rows = await s.queryText('SELECT CAST(id AS CHAR), country, CAST(since AS CHAR) FROM customers ORDER BY id');
      return { table, counts, rows };
    });
    expect(value.table).toMatchObject({ name: 'customers', schema: db.database });
    expect(value.table.columns.map((c) => [c.name, c.type, c.pgType])).toEqual([
      ['id', 'int(11)', 'integer'],
      ['country', 'varchar(40)', 'varchar(40)'],
      ['since', 'datetime(3)', 'timestamp(3)'],
    ]);
    expect(value.counts).toEqual([['3', '3']]);
    expect(value.rows).toEqual([
      ['1', 'Norway', '2024-02-29 23:59:58.125'],
      ['2', null, null],
      ['3', "Côte d'Ivoire", '1999-12-31 00:00:00.000'],
    ]);
    expect(compiled).toBe(0);
  });

  it('compiles a parser for a query that reads many rows, with the same values', async () => {
    source = await openMysqlSource(db);
    const s = source;
    const { value, compiled } = await functionsCompiledBy(() =>
      s.queryText('SELECT CAST(id AS CHAR), country FROM customers WHERE id <> 1 ORDER BY id', { manyRows: true }),
    );
    expect(value).toEqual([
      ['2', null],
      ['3', "Côte d'Ivoire"],
    ]);
    expect(compiled).toBeGreaterThan(0);
  });
});
