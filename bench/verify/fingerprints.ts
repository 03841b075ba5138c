import { withMysql, withPg } from '../servers/servers.js';

/**
 * What "the target holds exactly the source's rows" means, computed on both sides:
 * row count, sum of the key, sum of price*quantity, and a sum of per-row hashes
 * (the first 60 bits of md5 over every column's text), so a changed value anywhere
 * shows. For the star schema: fact count, sum of the key, sum of amount, and the
 * count and amount per (country, category, year), which checks the dimension keys.
 */

export interface TableFingerprint {
  rows: string;
  sumKey: string;
  sumAmount: string;
  rowHash: string;
}

export interface StarFingerprint {
  rows: string;
  sumKey: string;
  sumAmount: string;
  /** "country|category|year" -> "count|amount" */
  groups: Record<string, string>;
}

const SALES_COLUMNS = ['rowid', 'product_id', 'customer_id', 'price', 'quantity', 'timestamp'];

/** Exact decimal text without insignificant zeros: "12.50" and "12.5" are the same sum. */
export function normalizeDecimal(text: string): string {
  const t = text.trim();
  if (!/^-?\d+(\.\d+)?$/.test(t)) return t;
  const [int, frac] = t.split('.');
  const f = (frac ?? '').replace(/0+$/, '');
  const i = int!.replace(/^(-?)0+(?=\d)/, '$1');
  return f ? `${i}.${f}` : i === '-0' ? '0' : i;
}

const str = (v: unknown) => (v === null || v === undefined ? '0' : normalizeDecimal(String(v)));

export async function mysqlSalesFingerprint(database: string, limit?: number): Promise<TableFingerprint> {
  const cols = SALES_COLUMNS.map((c) => `\`${c}\``).join(', ');
  const from = limit === undefined ? 'sales_data' : `(SELECT * FROM sales_data ORDER BY rowid LIMIT ${Math.floor(limit)}) s`;
  return withMysql(database, async (c) => {
    const [rows] = await c.query(
      `SELECT COUNT(*) AS n, SUM(rowid) AS k, SUM(price * quantity) AS a,
        SUM(CAST(CONV(SUBSTRING(MD5(CONCAT_WS('|', ${cols})), 1, 15), 16, 10) AS UNSIGNED)) AS h FROM ${from}`,
    );
    const r = (rows as Record<string, unknown>[])[0]!;
    return { rows: str(r.n), sumKey: str(r.k), sumAmount: str(r.a), rowHash: str(r.h) };
  });
}

/** The same fingerprint of a PostgreSQL copy of sales_data (any table with those columns). */
export async function pgSalesFingerprint(database: string, table: string): Promise<TableFingerprint> {
  const cols = SALES_COLUMNS.map((c) => `"${c}"`).join(', ');
  return withPg(database, async (c) => {
    const r = (await c.query<Record<string, unknown>>(
      `SELECT COUNT(*)::text AS n, SUM(rowid)::text AS k, SUM(price * quantity)::text AS a,
        SUM(('x' || substr(md5(concat_ws('|', ${cols})), 1, 15))::bit(60)::bigint)::text AS h FROM ${table}`,
    )).rows[0]!;
    return { rows: str(r.n), sumKey: str(r.k), sumAmount: str(r.a), rowHash: str(r.h) };
  });
}

export async function mysqlStarFingerprint(database: string): Promise<StarFingerprint> {
  return withMysql(database, async (c) => {
    const [tot] = await c.query('SELECT COUNT(*) AS n, SUM(rowid) AS k, SUM(price * quantity) AS a FROM sales_data');
    const t = (tot as Record<string, unknown>[])[0]!;
    const [groups] = await c.query(
      `SELECT cu.country AS country, p.category AS category, YEAR(s.\`timestamp\`) AS y, COUNT(*) AS n, SUM(s.price * s.quantity) AS a
         FROM sales_data s JOIN products p ON p.product_id = s.product_id JOIN customers cu ON cu.customer_id = s.customer_id
        GROUP BY cu.country, p.category, YEAR(s.\`timestamp\`)`,
    );
    const g: Record<string, string> = {};
    for (const r of groups as Record<string, unknown>[]) g[`${String(r.country)}|${String(r.category)}|${String(r.y)}`] = `${str(r.n)}|${str(r.a)}`;
    return { rows: str(t.n), sumKey: str(t.k), sumAmount: str(t.a), groups: g };
  });
}

export async function pgStarFingerprint(database: string): Promise<StarFingerprint> {
  return withPg(database, async (c) => {
    const t = (await c.query<Record<string, unknown>>('SELECT COUNT(*)::text AS n, SUM(orderid)::text AS k, SUM(amount)::text AS a FROM factsales')).rows[0]!;
    const groups = await c.query<Record<string, unknown>>(
      `SELECT co.country, ca.category, d.year AS y, COUNT(*)::text AS n, SUM(f.amount)::text AS a
         FROM factsales f JOIN dimcountry co ON co.countryid = f.countryid JOIN dimcategory ca ON ca.categoryid = f.categoryid
         JOIN dimdate d ON d.dateid = f.dateid
        GROUP BY co.country, ca.category, d.year`,
    );
    const g: Record<string, string> = {};
    for (const r of groups.rows) g[`${String(r.country)}|${String(r.category)}|${String(r.y)}`] = `${str(r.n)}|${str(r.a)}`;
    return { rows: str(t.n), sumKey: str(t.k), sumAmount: str(t.a), groups: g };
  });
}

/** Differences in words; empty when the two match. */
export function compareTable(source: TableFingerprint, target: TableFingerprint): string[] {
  const out: string[] = [];
  const names: Record<keyof TableFingerprint, string> = { rows: 'rows', sumKey: 'sum(rowid)', sumAmount: 'sum(price*quantity)', rowHash: 'row hash' };
  for (const k of Object.keys(names) as (keyof TableFingerprint)[]) {
    if (source[k] !== target[k]) out.push(`${names[k]}: source ${source[k]}, target ${target[k]}`);
  }
  return out;
}

export function compareStar(source: StarFingerprint, target: StarFingerprint): string[] {
  const out: string[] = [];
  if (source.rows !== target.rows) out.push(`facts: source ${source.rows}, target ${target.rows}`);
  if (source.sumKey !== target.sumKey) out.push(`sum(orderid): source ${source.sumKey}, target ${target.sumKey}`);
  if (source.sumAmount !== target.sumAmount) out.push(`sum(amount): source ${source.sumAmount}, target ${target.sumAmount}`);
  const keys = new Set([...Object.keys(source.groups), ...Object.keys(target.groups)]);
  const bad = [...keys].filter((k) => source.groups[k] !== target.groups[k]).sort();
  if (bad.length) {
    const k = bad[0]!;
    out.push(`${bad.length} (country, category, year) groups differ, e.g. ${k}: source ${source.groups[k] ?? 'none'}, target ${target.groups[k] ?? 'none'}`);
  }
  return out;
}
