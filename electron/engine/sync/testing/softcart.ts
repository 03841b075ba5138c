/**
 * Test helper: loads the coursework files the way a student would have them, with
 * their known defects worked around (the official loader lives in engine/sample/).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { mysqlAdmin, type MysqlConn } from './dbs.js';

export const FIXTURES = process.env.ETL_FIXTURES ?? '/work/shared/fixtures/softcart';

/** sales.sql is a MySQL 8 dump; MariaDB lacks its utf8mb4_0900_ai_ci collation. */
export async function loadSalesSql(c: MysqlConn): Promise<void> {
  const dump = (await readFile(path.join(FIXTURES, 'sales.sql'), 'utf8')).replace(/utf8mb4_0900_ai_ci/g, 'utf8mb4_general_ci');
  const conn = await mysqlAdmin(c);
  try {
    await conn.query(dump);
  } finally {
    await conn.end();
  }
}

/** sales.csv has a space after some commas, in the header and in the values. */
export async function salesCsvRows(): Promise<{ header: string[]; rows: string[][] }> {
  const text = await readFile(path.join(FIXTURES, 'sales.csv'), 'utf8');
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const split = (l: string) => l.split(',').map((v) => v.trim());
  return { header: split(lines[0]), rows: lines.slice(1).map(split) };
}

export const WAREHOUSE_SALES_DDL = `CREATE TABLE sales_data (
  rowid integer PRIMARY KEY,
  product_id integer NOT NULL,
  customer_id integer NOT NULL,
  price numeric DEFAULT 0,
  quantity integer NOT NULL,
  "timestamp" timestamp DEFAULT now()
)`;

/** Creates the coursework's warehouse table and loads sales.csv into it (12,186 rows). */
export async function loadSalesCsv(db: { query(text: string, params?: unknown[]): Promise<unknown> }): Promise<number> {
  const { header, rows } = await salesCsvRows();
  await db.query(WAREHOUSE_SALES_DDL);
  const cols = header.map((h) => `"${h}"`).join(', ');
  for (let i = 0; i < rows.length; i += 2000) {
    const part = rows.slice(i, i + 2000);
    const params: string[] = [];
    const tuples = part.map((r) => `(${r.map((v) => `$${params.push(v)}`).join(', ')})`);
    await db.query(`INSERT INTO sales_data (${cols}) VALUES ${tuples.join(', ')}`, params);
  }
  return rows.length;
}
