import { performance } from 'node:perf_hooks';
import mysql from 'mysql2';
import pg from 'pg';
import type { ConnectionTestResult } from '../../../shared/profiles/profile.js';
import { describeConnectionError } from './connection-errors.js';
import { DB2_DRIVER_MISSING, db2ConnectionString, loadDb2Driver, type Db2Connection, type Db2Database } from './db2.js';
import { mysqlOptions, type MysqlConnection } from './mysql.js';
import { openPglite } from './pglite.js';
import { pgConfig, type PostgresConnection } from './postgres.js';
import type { ResolvedConnection } from './resolved.js';

/** The UI's "Test connection" must never hang: this bounds connect + queries together. */
export const TEST_CONNECTION_TIMEOUT_MS = 10_000;

interface Probe {
  serverVersion: string;
  roundTripMs: number;
}

/** Something to tear down when the deadline passes mid-handshake. */
type Abandon = (fn: () => void) => void;

/** Median of three timed trivial queries: the first one alone is skewed by warm-up. */
async function timeRoundTrip(query: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    await query();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  // Rounded to microseconds; never 0, so "> 0" holds even on a very fast loopback.
  return Math.max(0.001, Math.round(samples[1] * 1000) / 1000);
}

function mysqlQuery(conn: mysql.Connection, sql: string, values?: unknown[]): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    conn.query({ sql, values, rowsAsArray: true }, (err, rows) => (err ? reject(err) : resolve(rows as unknown[])));
  });
}

async function probeMysql(c: MysqlConnection, timeoutMs: number, onAbandon: Abandon): Promise<Probe> {
  const conn = mysql.createConnection({ ...mysqlOptions(c), database: c.database || undefined, connectTimeout: timeoutMs });
  // A late socket error after the deadline must not crash the process as an unhandled 'error'.
  conn.on('error', () => undefined);
  onAbandon(() => conn.destroy());
  try {
    await new Promise<void>((resolve, reject) => conn.connect((err) => (err ? reject(err) : resolve())));
    // The sync sets this same session time zone, so a zone the server rejects shows up here first.
    await mysqlQuery(conn, 'SET time_zone = ?', [c.timeZone]);
    const rows = (await mysqlQuery(conn, 'SELECT VERSION()')) as [string][];
    const version = String(rows[0]?.[0] ?? '');
    const roundTripMs = await timeRoundTrip(() => mysqlQuery(conn, 'SELECT 1'));
    // A polite QUIT; mysql2 never calls back on a connection that already failed, so only here.
    await new Promise<void>((resolve) => conn.end(() => resolve()));
    return { serverVersion: /mariadb/i.test(version) ? `MariaDB ${version}` : `MySQL ${version}`, roundTripMs };
  } finally {
    conn.destroy();
  }
}

async function probePostgres(c: PostgresConnection, timeoutMs: number, onAbandon: Abandon): Promise<Probe> {
  const client = new pg.Client({ ...pgConfig(c), connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  onAbandon(() => void client.end().catch(() => undefined));
  try {
    await client.connect();
    const res = await client.query<{ server_version: string }>('SHOW server_version');
    const roundTripMs = await timeRoundTrip(() => client.query('SELECT 1'));
    return { serverVersion: `PostgreSQL ${res.rows[0]?.server_version ?? ''}`.trim(), roundTripMs };
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function probePglite(path: string): Promise<Probe> {
  // The instance is shared by the whole process (one owner per folder): never closed here.
  const db = await openPglite(path);
  const res = await db.query<{ server_version: string }>('SHOW server_version');
  const roundTripMs = await timeRoundTrip(() => db.query('SELECT 1'));
  return { serverVersion: `PostgreSQL ${res.rows[0]?.server_version ?? ''} (PGlite, embedded)`, roundTripMs };
}

class DriverUnavailable extends Error {
  readonly code = 'driver_unavailable';
}

async function probeDb2(c: Db2Connection, onAbandon: Abandon): Promise<Probe> {
  const driver = await loadDb2Driver();
  if (!driver) throw new DriverUnavailable(DB2_DRIVER_MISSING);
  let db: Db2Database | undefined;
  onAbandon(() => void db?.close().catch(() => undefined));
  db = await driver.open(db2ConnectionString(c));
  try {
    const rows = await db.query("SELECT service_level FROM TABLE(sysproc.env_get_inst_info()) AS t");
    const level = rows[0] ? Object.values(rows[0])[0] : undefined;
    const roundTripMs = await timeRoundTrip(() => db!.query('SELECT 1 FROM sysibm.sysdummy1'));
    return { serverVersion: typeof level === 'string' && level ? level.trim() : 'IBM DB2', roundTripMs };
  } finally {
    await db.close().catch(() => undefined);
  }
}

function probe(c: ResolvedConnection, timeoutMs: number, onAbandon: Abandon): Promise<Probe> {
  switch (c.kind) {
    case 'mysql':
      return probeMysql(c, timeoutMs, onAbandon);
    case 'postgres':
      return probePostgres(c, timeoutMs, onAbandon);
    case 'pglite':
      return probePglite(c.path);
    case 'db2':
      return probeDb2(c, onAbandon);
  }
}

/**
 * Connects, reads the server version, times a trivial query and disconnects. Never
 * throws for connection problems: they come back as { ok: false } in plain words.
 */
export async function testConnection(
  c: ResolvedConnection,
  options: { timeoutMs?: number } = {},
): Promise<ConnectionTestResult> {
  const timeoutMs = options.timeoutMs ?? TEST_CONNECTION_TIMEOUT_MS;
  const cleanups: (() => void)[] = [];
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new Error(`timed out after ${timeoutMs} ms`) as Error & { code: string };
      err.code = 'ETIMEDOUT';
      reject(err);
    }, timeoutMs);
  });
  try {
    const result = await Promise.race([probe(c, timeoutMs, (fn) => cleanups.push(fn)), deadline]);
    return { ok: true, serverVersion: result.serverVersion, roundTripMs: result.roundTripMs };
  } catch (err) {
    for (const fn of cleanups) {
      try {
        fn();
      } catch {
        // Tearing down a half-open connection can fail in its own ways; the answer stands.
      }
    }
    if (c.kind === 'pglite' && (err as { code?: string }).code === 'ETIMEDOUT') {
      // Creating a new embedded database (initdb) is local work that carries on in the background.
      return { ok: false, code: 'timeout', error: `The embedded database at ${c.path} is still starting (creating a new one can take a while on a busy computer); try again in a moment` };
    }
    const problem = describeConnectionError(err, c);
    return { ok: false, error: problem.error, code: problem.code };
  } finally {
    clearTimeout(timer);
  }
}
