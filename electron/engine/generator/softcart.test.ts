import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api/contract.js';
import type { ResolvedConnection } from '../connections/resolved.js';
import { SOFTCART_CATEGORIES, SOFTCART_COUNTRIES } from './reference-data.js';
import { openSqlSession, type SqlSession } from './sessions/sql-session.js';
import { generateSoftcart } from './softcart.js';
import { createScratchMysql, createScratchPglite, createScratchPostgres, type Scratch } from './testing/scratch-databases.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const assets = path.resolve(here, '../../../assets/sample-data/softcart');

async function withSession<T>(c: ResolvedConnection, fn: (s: SqlSession) => Promise<T>): Promise<T> {
  const s = await openSqlSession(c);
  try {
    return await fn(s);
  } finally {
    await s.close();
  }
}

/** Every row of the three tables, as the same text on every database, hashed. */
async function fingerprint(c: ResolvedConnection): Promise<{ sales: string; products: string; customers: string; rows: number }> {
  return withSession(c, async (s) => {
    const text = (e: string) => (s.dialect === 'mysql' ? `CAST(${e} AS CHAR)` : `${e}::text`);
    const ts = s.dialect === 'mysql' ? 'CAST(`timestamp` AS CHAR)' : `to_char("timestamp", 'YYYY-MM-DD HH24:MI:SS')`;
    const hash = (rows: Record<string, unknown>[]) =>
      createHash('sha256').update(rows.map((r) => Object.values(r).map(String).join('|')).join('\n')).digest('hex');
    const sales = await s.query(`SELECT rowid, product_id, customer_id, ${text('price')} AS price, quantity, ${ts} AS ts FROM sales_data ORDER BY rowid`);
    const products = await s.query('SELECT product_id, name, category FROM products ORDER BY product_id');
    const customers = await s.query('SELECT customer_id, name, country FROM customers ORDER BY customer_id');
    return { sales: hash(sales), products: hash(products), customers: hash(customers), rows: sales.length };
  });
}

async function distinct(c: ResolvedConnection, sql: string): Promise<string[]> {
  return withSession(c, async (s) => (await s.query(sql)).map((r) => String(Object.values(r)[0])).sort());
}

let my: Scratch<Extract<ResolvedConnection, { kind: 'mysql' }>>;
let pgdb: Scratch<Extract<ResolvedConnection, { kind: 'postgres' }>>;

beforeAll(async () => {
  [my, pgdb] = await Promise.all([createScratchMysql(), createScratchPostgres()]);
});
afterAll(async () => {
  await Promise.all([my?.drop(), pgdb?.drop()]);
});

describe('reference data', () => {
  it('matches the coursework dimension files exactly (BOM stripped)', async () => {
    const column = async (file: string) =>
      (await readFile(path.join(assets, file), 'utf8')).replace(/^\uFEFF/, '').split('\n').slice(1).filter(Boolean).map((l) => l.split(',')[1]);
    expect(await column('DimCategory.csv')).toEqual([...SOFTCART_CATEGORIES]);
    expect(await column('DimCountry.csv')).toEqual([...SOFTCART_COUNTRIES]);
    expect(SOFTCART_COUNTRIES).toHaveLength(56);
  });
});

describe('generateSoftcart', () => {
  it('writes the same rows for the same seed on MariaDB and PostgreSQL, and other rows for another seed', async () => {
    const progress: number[] = [];
    const [a, b] = await Promise.all([
      generateSoftcart({ rows: 5_000, seed: 2024, into: my.conn, onProgress: (n) => progress.push(n) }),
      generateSoftcart({ rows: 5_000, seed: 2024, into: pgdb.conn }),
    ]);
    expect(a).toEqual({ rows: 5_000, firstRowid: 1, lastRowid: 5_000, products: 1_000, customers: 10_000 });
    expect(b).toEqual(a);
    expect(progress.at(-1)).toBe(5_000);
    const [fa, fb] = await Promise.all([fingerprint(my.conn), fingerprint(pgdb.conn)]);
    expect(fa.rows).toBe(5_000);
    expect(fb).toEqual(fa);

    await generateSoftcart({ rows: 5_000, seed: 2025, into: pgdb.conn });
    const other = await fingerprint(pgdb.conn);
    expect(other.sales).not.toBe(fa.sales);
    expect(other.customers).not.toBe(fa.customers);
  });

  it('uses exactly the coursework categories and countries, with sales over 2019-2021 climbing with rowid', async () => {
    await generateSoftcart({ rows: 20_000, seed: 7, into: pgdb.conn });
    expect(await distinct(pgdb.conn, 'SELECT DISTINCT category FROM products')).toEqual([...SOFTCART_CATEGORIES].sort());
    expect(await distinct(pgdb.conn, 'SELECT DISTINCT country FROM customers')).toEqual([...SOFTCART_COUNTRIES].sort());
    const stats = await withSession(pgdb.conn, (s) =>
      s.query(`SELECT min("timestamp")::text AS first, max("timestamp")::text AS last,
                 count(DISTINCT extract(year FROM "timestamp")) AS years,
                 count(DISTINCT date_trunc('month', "timestamp")) AS months,
                 min(quantity) AS qmin, max(quantity) AS qmax, min(price)::text AS pmin,
                 (SELECT count(*) FROM sales_data s LEFT JOIN products p USING (product_id) LEFT JOIN customers c USING (customer_id)
                   WHERE p.product_id IS NULL OR c.customer_id IS NULL) AS orphans,
                 (SELECT count(*) FROM (SELECT "timestamp" < lag("timestamp") OVER (ORDER BY rowid) AS back FROM sales_data) x WHERE back) AS backwards
               FROM sales_data`),
    );
    const r = stats[0];
    expect(String(r.first) >= '2019-01-01').toBe(true);
    expect(String(r.first) < '2019-01-02').toBe(true);
    expect(String(r.last) < '2022-01-01').toBe(true);
    expect(Number(r.years)).toBe(3);
    expect(Number(r.months)).toBe(35);
    expect([Number(r.qmin), Number(r.qmax)]).toEqual([1, 5]);
    expect(Number(r.pmin)).toBeGreaterThan(0);
    expect(Number(r.orphans)).toBe(0);
    expect(Number(r.backwards)).toBe(0);
  });

  it('appends rows after the current maximum rowid, later in time, on both servers alike', async () => {
    await Promise.all([
      generateSoftcart({ rows: 10_000, seed: 99, into: my.conn }),
      generateSoftcart({ rows: 10_000, seed: 99, into: pgdb.conn }),
    ]);
    const before = await fingerprint(pgdb.conn);
    const maxBefore = await distinct(pgdb.conn, `SELECT max("timestamp")::text FROM sales_data`);
    const [ma, pa] = await Promise.all([
      generateSoftcart({ rows: 100, seed: 99, into: my.conn, append: true }),
      generateSoftcart({ rows: 100, seed: 99, into: pgdb.conn, append: true }),
    ]);
    expect(ma).toMatchObject({ rows: 100, firstRowid: 10_001, lastRowid: 10_100 });
    expect(pa).toEqual(ma);
    const [fa, fb] = await Promise.all([fingerprint(my.conn), fingerprint(pgdb.conn)]);
    expect(fa).toEqual(fb);
    expect(fb.rows).toBe(10_100);
    expect(fb.products).toBe(before.products);
    expect(fb.customers).toBe(before.customers);
    const appended = await withSession(pgdb.conn, (s) =>
      s.query(`SELECT min("timestamp")::text AS first, max("timestamp")::text AS last FROM sales_data WHERE rowid > 10000`),
    );
    expect(String(appended[0].first) > maxBefore[0]).toBe(true);
    expect(String(appended[0].last) < '2022-01-01').toBe(true);

    // A PostgreSQL INSERT without a rowid gets the next one: the identity moved past the generated rows.
    const next = await withSession(pgdb.conn, (s) =>
      s.query(`INSERT INTO sales_data (product_id, customer_id, price, quantity, "timestamp") VALUES (1, 1, 1, 1, now()) RETURNING rowid`),
    );
    expect(Number(next[0].rowid)).toBe(10_101);
  });

  it('refuses an append start that would collide with existing rows', async () => {
    await generateSoftcart({ rows: 50, seed: 1, into: pgdb.conn });
    const err = await generateSoftcart({ rows: 10, seed: 1, into: pgdb.conn, append: true, startRowid: 40 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).message).toMatch(/startRowid 40 is not above the current maximum rowid 50/);
  });

  it('writes the same rows through MySQL multi-row INSERTs as through LOAD DATA', async () => {
    await generateSoftcart({ rows: 3_000, seed: 5, into: my.conn });
    const viaLoad = await fingerprint(my.conn);
    await generateSoftcart({ rows: 3_000, seed: 5, into: my.conn, mysqlMethod: 'insert' });
    expect(await fingerprint(my.conn)).toEqual(viaLoad);
  });

  it.each(['mysql', 'postgres'] as const)('leaves no half-loaded sales on %s when cancelled', async (kind) => {
    const target = kind === 'mysql' ? my.conn : pgdb.conn;
    const controller = new AbortController();
    const err = await generateSoftcart({
      rows: 400_000,
      seed: 3,
      into: target,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    const rows = await withSession(target, (s) => s.query('SELECT count(*) AS n FROM sales_data'));
    expect(Number(rows[0].n)).toBe(0);
  });

  it('writes the same rows into PGlite', async () => {
    const lite = await createScratchPglite();
    try {
      await Promise.all([
        generateSoftcart({ rows: 2_000, seed: 77, into: lite.conn }),
        generateSoftcart({ rows: 2_000, seed: 77, into: pgdb.conn }),
      ]);
      expect(await fingerprint(lite.conn)).toEqual(await fingerprint(pgdb.conn));
      await generateSoftcart({ rows: 20, seed: 77, into: lite.conn, append: true });
      expect((await fingerprint(lite.conn)).rows).toBe(2_020);
    } finally {
      await lite.drop();
    }
  }, 180_000);
});
