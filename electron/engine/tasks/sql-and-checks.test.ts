import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlRunConfigSchema } from '../../../shared/pipeline/kinds/sql.run.js';
import { sqlExtractConfigSchema } from '../../../shared/pipeline/kinds/sql.extract.js';
import { checkRowcountConfigSchema } from '../../../shared/pipeline/kinds/check.rowcount.js';
import { checkSqlConfigSchema } from '../../../shared/pipeline/kinds/check.sql.js';
import { closePglite } from '../connections/pglite.js';
import type { ResolvedConnection } from '../connections/resolved.js';
import { sqlRunTask } from './sql.run.js';
import { sqlExtractTask } from './sql.extract.js';
import { checkRowcountTask } from './check.rowcount.js';
import { checkSqlTask } from './check.sql.js';
import { loadTableTask } from './load.table.js';
import { loadTableConfigSchema } from '../../../shared/pipeline/kinds/load.table.js';
import { splitSql } from './db/split-sql.js';
import { createMysqlDb, createPgDb, dropMysqlDb, dropPgDb, type MysqlConn, type PgConn } from './testing/databases.js';
import { testTaskContext } from './testing/task-context.js';

let runFolder: string;
let my: MysqlConn;
let pgc: PgConn;
let lite: ResolvedConnection;
let connections: Record<string, ResolvedConnection>;

beforeAll(async () => {
  runFolder = await mkdtemp(path.join(os.tmpdir(), 'etl-sql-'));
  [my, pgc] = await Promise.all([createMysqlDb(), createPgDb()]);
  lite = { kind: 'pglite', path: path.join(runFolder, 'lite') };
  connections = { src: my, wh: pgc, lite };
});
afterAll(async () => {
  await closePglite(path.join(runFolder, 'lite'));
  await Promise.all([dropMysqlDb(my), dropPgDb(pgc)]);
  await rm(runFolder, { recursive: true, force: true });
});

async function ctxFor(taskId: string, inputs = {}) {
  return testTaskContext({ runFolder, taskId, connections, inputs });
}

const SEED_SALES = `
CREATE TABLE sales (rowid INT PRIMARY KEY, product VARCHAR(20), amount DECIMAL(10,2), sold_at DATETIME NULL);
INSERT INTO sales VALUES (1, 'it''s; a pen', 10.50, '2024-01-01 10:00:00'), (2, 'book', 99.99, NULL), (3, 'tab\\there', 0.01, '2024-02-29 23:59:59');
UPDATE sales SET amount = amount + 0 WHERE rowid > 1`;

describe('sql.run', () => {
  it('runs every statement of a script in order and logs the rows each affected', async () => {
    const ctx = await ctxFor('seed');
    const out = await sqlRunTask.run(sqlRunConfigSchema.parse({ connection: 'src', sql: SEED_SALES }), ctx);
    expect(out.values).toMatchObject({ statements: 3, rowsAffected: 5 });
    expect(ctx.logs.map((l) => l.message.replace(/ in \d+ ms/, ''))).toEqual([
      'Statement 1/3 affected 0 rows: CREATE TABLE sales (rowid INT PRIMARY KEY, product VARCHAR(20), amount DECIMAL(1…',
      "Statement 2/3 affected 3 rows: INSERT INTO sales VALUES (1, 'it''s; a pen', 10.50, '2024-01-01 10:00:00'), (2, …",
      'Statement 3/3 affected 2 rows: UPDATE sales SET amount = amount + 0 WHERE rowid > 1',
    ]);
  });

  it('rolls back all statements when one fails, naming the statement', async () => {
    const ctx = await ctxFor('bad-sql');
    await sqlRunTask.run(sqlRunConfigSchema.parse({ connection: 'wh', sql: 'CREATE TABLE t_ok (id int)' }), ctx);
    await expect(sqlRunTask.run(sqlRunConfigSchema.parse({ connection: 'wh', sql: 'INSERT INTO t_ok VALUES (1); INSERT INTO t_missing VALUES (2)' }), ctx))
      .rejects.toThrow(/^Statement 2 of 2 failed \(INSERT INTO t_missing VALUES \(2\)\): relation "t_missing" does not exist/);
    const check = await sqlRunTask.run(sqlRunConfigSchema.parse({ connection: 'wh', sql: 'SELECT count(*) AS n FROM t_ok' }), ctx);
    expect(check.values).toMatchObject({ n: '0' });
  });

  it('splits scripts only at semicolons outside strings, comments and dollar quotes', () => {
    expect(splitSql("SELECT 'a;b'; -- c;\nSELECT $$x;y$$; /* ; */ SELECT 1;")).toEqual(["SELECT 'a;b'", '-- c;\nSELECT $$x;y$$', '/* ; */ SELECT 1']);
    expect(splitSql("SELECT 'C:\\'; SELECT 2")).toEqual(["SELECT 'C:\\'", 'SELECT 2']);
    expect(splitSql("SELECT 'it\\'s; x'; SELECT 2", 'mysql')).toEqual(["SELECT 'it\\'s; x'", 'SELECT 2']);
  });
});

describe('sql.extract', () => {
  it('streams a MySQL table to TSV with exact values, then only the rows above the warehouse\'s largest key', async () => {
    const ctx = await ctxFor('extract1');
    const out = await sqlExtractTask.run(sqlExtractConfigSchema.parse({ connection: 'src', table: 'sales', incrementalKey: 'rowid', since: 'warehouse-max', warehouse: 'wh', warehouseTable: 'sales_copy' }), ctx);
    expect(await readFile(out.artifacts[0]!.path!, 'utf8')).toBe(
      'rowid\tproduct\tamount\tsold_at\n1\tit\'s; a pen\t10.50\t2024-01-01 10:00:00\n2\tbook\t99.99\t\\N\n3\ttab\\there\t0.01\t2024-02-29 23:59:59\n',
    );
    expect(out.values).toMatchObject({ rows: 3, lastValue: null, newValue: '3' });

    const load = await ctxFor('load1', { extract1: out });
    await loadTableTask.run(loadTableConfigSchema.parse({ connection: 'wh', table: 'sales_copy', mode: 'upsert', keyColumns: ['rowid'] }), load);
    await sqlRunTask.run(sqlRunConfigSchema.parse({ connection: 'src', sql: "INSERT INTO sales VALUES (4, 'new', 1.00, NULL)" }), ctx);

    const ctx2 = await ctxFor('extract2');
    const next = await sqlExtractTask.run(sqlExtractConfigSchema.parse({ connection: 'src', table: 'sales', incrementalKey: 'rowid', since: 'warehouse-max', warehouse: 'wh', warehouseTable: 'sales_copy' }), ctx2);
    expect(await readFile(next.artifacts[0]!.path!, 'utf8')).toBe('rowid\tproduct\tamount\tsold_at\n4\tnew\t1.00\t\\N\n');
    expect(next.values).toMatchObject({ rows: 1, lastValue: '3', newValue: '4' });
  });

  it('extracts from PostgreSQL with COPY and from PGlite with a cursor, as CSV, after a given key', async () => {
    for (const conn of ['wh', 'lite']) {
      const ctx = await ctxFor(`extract_${conn}`);
      await sqlRunTask.run(sqlRunConfigSchema.parse({ connection: conn, sql: "CREATE TABLE nums AS SELECT g AS id, 'n,' || g AS label, CASE WHEN g % 2 = 0 THEN NULL ELSE g * 1.5 END AS x FROM generate_series(1, 12000) g" }), ctx);
      const out = await sqlExtractTask.run(sqlExtractConfigSchema.parse({ connection: conn, query: 'SELECT id, label, x FROM nums', incrementalKey: 'id', since: 'value', sinceValue: '11997', output: 'nums.csv' }), ctx);
      expect(await readFile(out.artifacts[0]!.path!, 'utf8')).toBe('id,label,x\n11998,"n,11998",\n11999,"n,11999",17998.5\n12000,"n,12000",\n');
      expect(out.values).toMatchObject({ rows: 3, newValue: '12000' });
    }
  });

  it('rejects configs that cannot work, naming the field', () => {
    const r = sqlExtractConfigSchema.safeParse({ connection: 'src', table: 'sales', since: 'warehouse-max' });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(['incrementalKey', 'warehouse']);
  });
});

describe('check.rowcount', () => {
  it('passes with both numbers when source and warehouse agree, fails with both when they do not', async () => {
    const ctx = await ctxFor('count-ok');
    const ok = await checkRowcountTask.run(checkRowcountConfigSchema.parse({ source: { connection: 'src', table: 'sales' }, warehouse: { connection: 'wh', query: 'SELECT * FROM sales_copy UNION ALL SELECT 4, NULL, NULL, NULL' } }), ctx);
    expect(ok.values).toEqual({ ok: true, source: 4, warehouse: 4, difference: 0 });
    const bad = await ctxFor('count-bad');
    await expect(checkRowcountTask.run(checkRowcountConfigSchema.parse({ source: { connection: 'src', table: 'sales' }, warehouse: { connection: 'wh', table: 'public.sales_copy' } }), bad))
      .rejects.toThrow('Row counts differ: source sales: 4 rows, warehouse public.sales_copy: 3 rows, difference -1');
    const tolerant = await checkRowcountTask.run(checkRowcountConfigSchema.parse({ source: { connection: 'src', table: 'sales' }, warehouse: { connection: 'wh', table: 'sales_copy' }, tolerance: 1 }), bad);
    expect(tolerant.values).toMatchObject({ ok: true, difference: -1 });
  });
});

describe('check.sql', () => {
  it('passes on zero rows and fails showing the offending rows', async () => {
    const ctx = await ctxFor('assert');
    const ok = await checkSqlTask.run(checkSqlConfigSchema.parse({ connection: 'wh', sql: 'SELECT rowid FROM sales_copy WHERE amount < 0' }), ctx);
    expect(ok.values).toEqual({ ok: true, rows: 0 });
    await expect(checkSqlTask.run(checkSqlConfigSchema.parse({ connection: 'wh', sql: 'SELECT rowid, sold_at FROM sales_copy WHERE sold_at IS NULL ORDER BY rowid' }), ctx))
      .rejects.toThrow('Assertion failed: the query returned 1 row: (rowid=2, sold_at=NULL)');
  });

  it('expects true: passes on true, fails with the value it got', async () => {
    const ctx = await ctxFor('assert-true');
    const ok = await checkSqlTask.run(checkSqlConfigSchema.parse({ connection: 'src', sql: 'SELECT SUM(amount) > 100 FROM sales', expect: 'true' }), ctx);
    expect(ok.values).toMatchObject({ ok: true, value: '1' });
    await expect(checkSqlTask.run(checkSqlConfigSchema.parse({ connection: 'wh', sql: 'SELECT SUM(amount) FROM sales_copy', expect: 'true' }), ctx))
      .rejects.toThrow('Assertion failed: the query returned 110.50 (expected true)');
  });
});
