import { ApiError } from '../../../../shared/api/contract.js';
import { findPgTable, pgColumns, pgUniqueColumns } from '../sql/pg-catalog.js';
import { pgIdent } from '../sql/quote.js';
import { markKeyPending } from '../state/pending-key.js';
import type { Warehouse } from '../warehouse/warehouse.js';

/**
 * The coursework's star schema, in lower case as the course's PostgreSQL scripts left
 * it: DimDate, DimCategory, DimCountry and FactSales keyed on the source's order id.
 */

const DDL_LOCK = 0x45544c44; // 'ETLD', shared with the state schema

export interface StarTables {
  schema: string;
  dimdate: string;
  dimcategory: string;
  dimcountry: string;
  factsales: string;
  /** factsales.orderid has a unique index, so ON CONFLICT (orderid) can be used. */
  factKeyUnique: boolean;
}

const REQUIRED: Record<string, string[]> = {
  dimdate: ['dateid', 'date', 'year', 'quarter', 'quartername', 'month', 'monthname', 'day', 'weekday', 'weekdayname'],
  dimcategory: ['categoryid', 'category'],
  dimcountry: ['countryid', 'country'],
  factsales: ['orderid', 'dateid', 'countryid', 'categoryid', 'amount'],
};

/** `factKeyLater`: factsales is new, so it is loaded first and keyed after (state/pending-key.ts). */
function ddl(q: (t: string) => string, factKeyLater: boolean): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${q('dimdate')} (
      dateid integer PRIMARY KEY, date date NOT NULL UNIQUE, year integer NOT NULL, quarter integer NOT NULL,
      quartername text NOT NULL, month integer NOT NULL, monthname text NOT NULL, day integer NOT NULL,
      weekday integer NOT NULL, weekdayname text NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${q('dimcategory')} (categoryid integer PRIMARY KEY, category text NOT NULL UNIQUE)`,
    `CREATE TABLE IF NOT EXISTS ${q('dimcountry')} (countryid integer PRIMARY KEY, country text NOT NULL UNIQUE)`,
    `CREATE TABLE IF NOT EXISTS ${q('factsales')} (
      orderid bigint ${factKeyLater ? 'NOT NULL' : 'PRIMARY KEY'},
      dateid integer NOT NULL REFERENCES ${q('dimdate')} (dateid),
      countryid integer NOT NULL REFERENCES ${q('dimcountry')} (countryid),
      categoryid integer NOT NULL REFERENCES ${q('dimcategory')} (categoryid),
      amount numeric NOT NULL)`,
  ];
}

/**
 * The everyday case in one catalog query: all four tables exist in the current schema
 * under their plain names with every column the load needs. Null sends the caller the
 * long way (creation, case-insensitive names, messages about what is missing).
 */
async function existingStar(wh: Warehouse): Promise<StarTables | null> {
  const r = await wh.query<{ schema: string | null; cols: Record<string, string[]> | null; unique: boolean }>(
    `SELECT current_schema() AS schema,
       (SELECT json_object_agg(c.relname, (SELECT array_agg(a.attname::text) FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped))
          FROM pg_class c WHERE c.relnamespace = (SELECT n.oid FROM pg_namespace n WHERE n.nspname = current_schema())
           AND c.relkind IN ('r', 'p') AND c.relname = ANY ($1::text[])) AS cols,
       EXISTS (SELECT 1 FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
          WHERE i.indrelid = to_regclass(quote_ident(current_schema()) || '.factsales') AND i.indisunique AND i.indnkeyatts = 1
            AND i.indpred IS NULL AND i.indexprs IS NULL AND a.attname = 'orderid') AS unique`,
    [Object.keys(REQUIRED)],
  );
  const { schema, cols, unique } = r.rows[0];
  if (!schema || !cols) return null;
  for (const [name, need] of Object.entries(REQUIRED)) {
    const have = new Set(cols[name] ?? []);
    if (!need.every((c) => have.has(c))) return null;
  }
  const q = (t: string) => `${pgIdent(schema)}.${pgIdent(t)}`;
  return { schema, dimdate: q('dimdate'), dimcategory: q('dimcategory'), dimcountry: q('dimcountry'), factsales: q('factsales'), factKeyUnique: unique };
}

/** Creates the star tables that are missing and checks the ones that exist have the columns the load needs. */
export async function ensureStarSchema(wh: Warehouse): Promise<{ tables: StarTables; created: string[] }> {
  const ready = await existingStar(wh);
  if (ready) return { tables: ready, created: [] };
  const schema = (await wh.query<{ s: string | null }>('SELECT current_schema() AS s')).rows[0].s;
  if (!schema) throw new ApiError('validation', 'The warehouse has no current schema to hold the star schema (check search_path)');
  const q = (t: string) => `${pgIdent(schema)}.${pgIdent(t)}`;
  const created: string[] = [];
  await wh.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [DDL_LOCK]);
    for (const name of Object.keys(REQUIRED)) {
      const exists = await findPgTable(tx, `${pgIdent(schema)}.${pgIdent(name)}`);
      if (!exists) created.push(name);
    }
    const factKeyLater = created.includes('factsales');
    for (const stmt of ddl(q, factKeyLater)) await tx.query(stmt);
    if (factKeyLater) await markKeyPending(tx, `${schema}.factsales`, 'orderid');
  });
  for (const [name, cols] of Object.entries(REQUIRED)) {
    const t = await findPgTable(wh, `${pgIdent(schema)}.${pgIdent(name)}`);
    if (!t) throw new ApiError('internal', `Star table ${schema}.${name} is missing after creation`);
    const have = new Set((await pgColumns(wh, t.oid)).map((c) => c.name));
    const missing = cols.filter((c) => !have.has(c));
    if (missing.length) {
      throw new ApiError('validation', `Warehouse table ${schema}.${name} exists but has no column ${missing.join(', ')}; the star load needs ${cols.join(', ')}`);
    }
  }
  const fact = await findPgTable(wh, q('factsales'));
  const unique = await pgUniqueColumns(wh, fact!.oid);
  return {
    created,
    tables: {
      schema,
      dimdate: q('dimdate'),
      dimcategory: q('dimcategory'),
      dimcountry: q('dimcountry'),
      factsales: q('factsales'),
      factKeyUnique: unique.has('orderid'),
    },
  };
}
