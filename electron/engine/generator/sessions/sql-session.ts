import { ApiError } from '../../../../shared/api/contract.js';
import type { ResolvedConnection } from '../../connections/resolved.js';
import type { SqlDialect } from '../softcart-schema.js';
import type { TsvSource } from '../tsv.js';

export interface BulkLoadOptions {
  signal?: AbortSignal;
  /** Called after each piece lands, with the rows loaded so far by this call. */
  onRows?: (rowsSoFar: number) => void;
  /** MySQL only: force the multi-row INSERT path instead of LOAD DATA LOCAL INFILE. */
  mysqlMethod?: 'auto' | 'insert';
}

export interface BulkLoadResult {
  rows: number;
  /** How the rows went in, for logs: 'copy', 'copy-blob', 'load-data' or 'insert'. */
  method: 'copy' | 'copy-blob' | 'load-data' | 'insert';
  /** Said plainly when the loader had to fall back (e.g. LOAD DATA LOCAL disabled on the server). */
  note?: string;
}

export type SqlRow = Record<string, unknown>;

/**
 * One open connection with just what loaders need: statements, small queries and a
 * fast bulk load of COPY-text rows. MySQL/MariaDB, PostgreSQL and PGlite look alike here.
 */
export interface SqlSession {
  readonly dialect: SqlDialect;
  readonly kind: 'mysql' | 'postgres' | 'pglite';
  quote(identifier: string): string;
  exec(sql: string): Promise<void>;
  query(sql: string): Promise<SqlRow[]>;
  loadTsv(table: string, columns: readonly string[], source: TsvSource, options?: BulkLoadOptions): Promise<BulkLoadResult>;
  /** Closes server connections; the shared PGlite instance stays open. */
  close(): Promise<void>;
}

export async function openSqlSession(c: ResolvedConnection): Promise<SqlSession> {
  switch (c.kind) {
    case 'mysql':
      return (await import('./mysql-session.js')).openMysqlSession(c);
    case 'postgres':
      return (await import('./postgres-session.js')).openPostgresSession(c);
    case 'pglite':
      return (await import('./pglite-session.js')).openPgliteSession(c.path);
    case 'db2':
      throw new ApiError('validation', 'Loading data into IBM DB2 is not supported; use MySQL/MariaDB, PostgreSQL or PGlite');
  }
}

/** Rows per piece handed to a loader: big enough to amortise calls, small enough to stay flat in memory. */
export const CHUNK_ROWS = 4_000;
