import type mysql from 'mysql2';
import type pg from 'pg';
import { types, type PGlite, type Transaction } from '@electric-sql/pglite';
import type { ResolvedConnection } from '../../connections/resolved.js';
import { openMysql } from '../../connections/mysql.js';
import { openPostgres } from '../../connections/postgres.js';
import { openPglite } from '../../connections/pglite.js';

/**
 * One small SQL surface over MySQL, PostgreSQL and PGlite for the tasks that run SQL
 * (sql.run, checks, extracts, loads). Every value comes back as exact text (null for
 * NULL), so numbers, dates and decimals print and compare the same on every engine.
 */

export type DbKind = 'mysql' | 'postgres' | 'pglite';
export type SqlValue = string | number | boolean | null;
export type TextRow = (string | null)[];

export interface QueryResult {
  fields: string[];
  rows: TextRow[];
  /** Rows returned by a SELECT, or affected by a DML statement. */
  rowCount: number;
}

export interface Queryable {
  query(sql: string, params?: readonly SqlValue[]): Promise<QueryResult>;
}

export type RawDb =
  | { kind: 'mysql'; conn: mysql.Connection }
  | { kind: 'postgres'; client: pg.Client }
  | { kind: 'pglite'; db: PGlite };

export interface Db extends Queryable {
  readonly kind: DbKind;
  readonly raw: RawDb;
  /** Quotes an identifier for this dialect. */
  ident(name: string): string;
  /** Placeholder for the i-th parameter (1-based). */
  param(i: number): string;
  /** Runs fn in one transaction; for PGlite no other query interleaves meanwhile. */
  transaction<T>(fn: (q: Queryable & { pgliteTx?: Transaction }) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export function pgIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function myIdent(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

function toText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (v instanceof Date) return v.toISOString();
  if (Buffer.isBuffer(v) || v instanceof Uint8Array) return `\\x${Buffer.from(v).toString('hex')}`;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Every PGlite type parsed as its text, as pg does with an identity type parser. */
const pgliteTextParsers: Record<number, (text: string) => string> = Object.fromEntries(
  Object.values(types as Record<string, unknown>)
    .filter((v): v is number => typeof v === 'number')
    .map((oid) => [oid, (text: string) => text]),
);

const pgTextTypes = { getTypeParser: () => (text: string) => text } as unknown as pg.CustomTypesConfig;

async function pgQuery(client: pg.Client, sql: string, params?: readonly SqlValue[]): Promise<QueryResult> {
  const res = await client.query({ text: sql, values: params ? [...params] : undefined, rowMode: 'array', types: pgTextTypes });
  return {
    fields: (res.fields ?? []).map((f) => f.name),
    rows: (res.rows as unknown[][] | undefined ?? []).map((r) => r.map(toText)),
    rowCount: res.rowCount ?? res.rows?.length ?? 0,
  };
}

async function pgliteQuery(db: PGlite | Transaction, sql: string, params?: readonly SqlValue[]): Promise<QueryResult> {
  const res = await db.query<unknown[]>(sql, params ? [...params] : undefined, { rowMode: 'array', parsers: pgliteTextParsers });
  return {
    fields: res.fields.map((f) => f.name),
    rows: res.rows.map((r) => r.map(toText)),
    rowCount: res.fields.length > 0 ? res.rows.length : (res.affectedRows ?? res.rowCount ?? 0),
  };
}

function mysqlQuery(conn: mysql.Connection, sql: string, params?: readonly SqlValue[]): Promise<QueryResult> {
  return new Promise((resolve, reject) => {
    conn.query(
      { sql, values: params ? [...params] : undefined, rowsAsArray: true, typeCast: (field, next) => (field.type === 'GEOMETRY' ? next() : field.string()) },
      (err, result, fields) => {
        if (err) return reject(err);
        if (Array.isArray(result)) {
          const rows = (result as unknown[][]).map((r) => r.map(toText));
          resolve({ fields: (fields ?? []).map((f) => f.name), rows, rowCount: rows.length });
        } else {
          const header = result as { affectedRows?: number };
          resolve({ fields: [], rows: [], rowCount: header.affectedRows ?? 0 });
        }
      },
    );
  });
}

export async function openDb(c: ResolvedConnection): Promise<Db> {
  switch (c.kind) {
    case 'postgres': {
      const client = await openPostgres(c);
      const q: Queryable = { query: (sql, params) => pgQuery(client, sql, params) };
      return {
        kind: 'postgres',
        raw: { kind: 'postgres', client },
        ...q,
        ident: pgIdent,
        param: (i) => `$${i}`,
        async transaction(fn) {
          await client.query('BEGIN');
          try {
            const out = await fn(q);
            await client.query('COMMIT');
            return out;
          } catch (err) {
            await client.query('ROLLBACK').catch(() => undefined);
            throw err;
          }
        },
        close: () => client.end(),
      };
    }
    case 'pglite': {
      const db = await openPglite(c.path);
      return {
        kind: 'pglite',
        raw: { kind: 'pglite', db },
        query: (sql, params) => pgliteQuery(db, sql, params),
        ident: pgIdent,
        param: (i) => `$${i}`,
        transaction: (fn) => db.transaction((tx) => fn({ query: (sql, params) => pgliteQuery(tx, sql, params), pgliteTx: tx })),
        // The instance is shared by the whole process (one owner per folder): leave it open.
        close: async () => undefined,
      };
    }
    case 'mysql': {
      const conn = await openMysql(c);
      const q: Queryable = { query: (sql, params) => mysqlQuery(conn, sql, params) };
      return {
        kind: 'mysql',
        raw: { kind: 'mysql', conn },
        ...q,
        ident: myIdent,
        param: () => '?',
        async transaction(fn) {
          await q.query('START TRANSACTION');
          try {
            const out = await fn(q);
            await q.query('COMMIT');
            return out;
          } catch (err) {
            await q.query('ROLLBACK').catch(() => undefined);
            throw err;
          }
        },
        close: () => new Promise<void>((resolve) => conn.end(() => resolve())),
      };
    }
    case 'db2':
      throw new Error('connection: DB2 is not supported by this task kind yet; use MySQL, PostgreSQL or an embedded database');
  }
}

/** Opens, runs fn, and always closes. */
export async function withDb<T>(c: ResolvedConnection, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDb(c);
  try {
    return await fn(db);
  } finally {
    await db.close().catch(() => undefined);
  }
}
