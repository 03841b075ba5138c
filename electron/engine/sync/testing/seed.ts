/**
 * A tiny deterministic maker of the operational schema star mode reads by default:
 * sales_data(rowid, product_id, customer_id, price, quantity, timestamp),
 * products(product_id, category), customers(customer_id, country).
 * Kept apart from the real generator (electron/engine/generator) so sync tests can shape
 * odd data freely; both draw from the same seeded PRNG.
 */
import type { PGlite } from '@electric-sql/pglite';
import type mysql from 'mysql2/promise';
import type pg from 'pg';
import { mulberry32 } from '../../generator/prng.js';

export const CATEGORIES = ['Electronics', 'Books', 'Toys', 'Sports', 'Garden'];
export const COUNTRIES = ['Argentina', 'Brazil', "Côte d'Ivoire", 'Denmark', 'Egypt', 'France', 'Japan', 'Kenya', 'Mexico', 'Norway'];

/** A seeded PRNG, so every run makes the same rows. */
export const rng = mulberry32;

export interface Sale {
  rowid: number;
  product_id: number;
  customer_id: number;
  price: string;
  quantity: number;
  timestamp: string;
}

export interface OpsData {
  products: { product_id: number; category: string }[];
  customers: { customer_id: number; country: string }[];
  sales: Sale[];
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export function makeSales(seed: number, count: number, firstRowid: number, products = 40, customers = 120): Sale[] {
  const r = rng(seed);
  const start = Date.UTC(2019, 0, 1);
  const span = Date.UTC(2021, 11, 31, 23, 59, 59) - start;
  const sales: Sale[] = [];
  for (let i = 0; i < count; i++) {
    const t = new Date(start + Math.floor(r() * span / 1000) * 1000);
    sales.push({
      rowid: firstRowid + i,
      product_id: 1 + Math.floor(r() * products),
      customer_id: 1 + Math.floor(r() * customers),
      price: `${1 + Math.floor(r() * 5000)}.${pad(Math.floor(r() * 100))}`,
      quantity: 1 + Math.floor(r() * 9),
      timestamp: `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`,
    });
  }
  return sales;
}

export function makeOps(seed: number, sales: number, products = 40, customers = 120): OpsData {
  const r = rng(seed ^ 0x5eed);
  return {
    products: Array.from({ length: products }, (_, i) => ({ product_id: i + 1, category: CATEGORIES[Math.floor(r() * CATEGORIES.length)] })),
    customers: Array.from({ length: customers }, (_, i) => ({ customer_id: i + 1, country: COUNTRIES[Math.floor(r() * COUNTRIES.length)] })),
    sales: makeSales(seed, sales, 1, products, customers),
  };
}

type Dialect = 'mysql' | 'postgres';

export function opsDdl(d: Dialect): string[] {
  const ts = d === 'mysql' ? 'DATETIME' : 'timestamp';
  const q = (n: string) => (d === 'mysql' ? `\`${n}\`` : `"${n}"`);
  return [
    `CREATE TABLE products (product_id integer PRIMARY KEY, category varchar(50))`,
    `CREATE TABLE customers (customer_id integer PRIMARY KEY, country varchar(80))`,
    `CREATE TABLE sales_data (rowid integer PRIMARY KEY, product_id integer NOT NULL, customer_id integer NOT NULL,
       price decimal(10,2) NOT NULL, quantity integer NOT NULL, ${q('timestamp')} ${ts} NULL)`,
  ];
}

type Exec = (sql: string, params: unknown[]) => Promise<unknown>;

async function insertRows(exec: Exec, d: Dialect, table: string, cols: string[], rows: unknown[][]): Promise<void> {
  const q = (n: string) => (d === 'mysql' ? `\`${n}\`` : `"${n}"`);
  for (let i = 0; i < rows.length; i += 1000) {
    const part = rows.slice(i, i + 1000);
    const params: unknown[] = [];
    const tuples = part.map((r) => `(${r.map((v) => (params.push(v), d === 'mysql' ? '?' : `$${params.length}`)).join(', ')})`);
    await exec(`INSERT INTO ${table} (${cols.map(q).join(', ')}) VALUES ${tuples.join(', ')}`, params);
  }
}

export function saleTuples(sales: Sale[]): unknown[][] {
  return sales.map((s) => [s.rowid, s.product_id, s.customer_id, s.price, s.quantity, s.timestamp]);
}
const SALE_COLS = ['rowid', 'product_id', 'customer_id', 'price', 'quantity', 'timestamp'];

export type AnyDb =
  | { kind: 'mysql'; conn: mysql.Connection }
  | { kind: 'postgres'; client: pg.Client }
  | { kind: 'pglite'; db: PGlite };

function execOf(db: AnyDb): { exec: Exec; d: Dialect } {
  switch (db.kind) {
    case 'mysql':
      return { d: 'mysql', exec: (sql, params) => db.conn.query(sql, params) };
    case 'postgres':
      return { d: 'postgres', exec: (sql, params) => db.client.query(sql, params) };
    case 'pglite':
      return { d: 'postgres', exec: (sql, params) => db.db.query(sql, params) };
  }
}

export async function createOps(db: AnyDb, data: OpsData): Promise<void> {
  const { exec, d } = execOf(db);
  for (const stmt of opsDdl(d)) await exec(stmt, []);
  await insertRows(exec, d, 'products', ['product_id', 'category'], data.products.map((p) => [p.product_id, p.category]));
  await insertRows(exec, d, 'customers', ['customer_id', 'country'], data.customers.map((c) => [c.customer_id, c.country]));
  await insertSales(db, data.sales);
}

export async function insertSales(db: AnyDb, sales: Sale[]): Promise<void> {
  const { exec, d } = execOf(db);
  await insertRows(exec, d, 'sales_data', SALE_COLS, saleTuples(sales));
}
