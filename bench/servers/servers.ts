import mysql from 'mysql2/promise';
import pg from 'pg';
import { timedEnv } from '../measure/process-env.js';

/**
 * The local MariaDB and PostgreSQL servers the benchmark runs on, as the test suite
 * names them (ETL_TEST_MYSQL_URL / ETL_TEST_PG_URL), and the databases it owns there.
 */

export interface Server {
  host: string;
  port: number;
  user: string;
  password: string;
}

export interface BenchDatabases {
  source: string;
  warehouse: string;
  /** The warehouse after a full load: the template each incremental run starts from. */
  warehouseFull: string;
}

export const DEFAULT_DATABASES: BenchDatabases = { source: 'etl_bench_src', warehouse: 'etl_bench_wh', warehouseFull: 'etl_bench_wh_full' };

function serverOf(envValue: string | undefined, fallback: string, defaultPort: number): Server {
  const url = new URL(envValue ?? fallback);
  return {
    host: url.hostname || '127.0.0.1',
    port: url.port ? Number(url.port) : defaultPort,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  };
}

export function mysqlServer(): Server {
  return serverOf(process.env.ETL_TEST_MYSQL_URL, 'mysql://etl:etl@127.0.0.1:3306/', 3306);
}

export function pgServer(): Server {
  return serverOf(process.env.ETL_TEST_PG_URL, 'postgres://etl:etl@127.0.0.1:5432/postgres', 5432);
}

export function mysqlUrl(s: Server, database: string): string {
  return `mysql://${encodeURIComponent(s.user)}:${encodeURIComponent(s.password)}@${s.host}:${s.port}/${database}`;
}

export function pgUrl(s: Server, database: string): string {
  return `postgres://${encodeURIComponent(s.user)}:${encodeURIComponent(s.password)}@${s.host}:${s.port}/${database}`;
}

/** Database names are ours, but they still go into SQL text: refuse anything odd. */
function checkName(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`Unsafe database name "${name}"`);
  return name;
}

export async function withMysql<T>(database: string | null, fn: (c: mysql.Connection) => Promise<T>): Promise<T> {
  const s = mysqlServer();
  const conn = await mysql.createConnection({
    host: s.host, port: s.port, user: s.user, password: s.password,
    database: database ?? undefined,
    // Sums of 10 M rows exceed 2^53: keep them exact, as text.
    supportBigNumbers: true, bigNumberStrings: true, decimalNumbers: false, dateStrings: true,
  });
  try {
    return await fn(conn);
  } finally {
    await conn.end().catch(() => conn.destroy());
  }
}

export async function withPg<T>(database: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const s = pgServer();
  const client = new pg.Client({ host: s.host, port: s.port, user: s.user, password: s.password, database });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function pgAdminDb(): string {
  const url = new URL(process.env.ETL_TEST_PG_URL ?? 'postgres://etl:etl@127.0.0.1:5432/postgres');
  return url.pathname.replace(/^\//, '') || 'postgres';
}

export async function recreateMysqlDb(name: string): Promise<void> {
  await withMysql(null, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS \`${checkName(name)}\``);
    await c.query(`CREATE DATABASE \`${checkName(name)}\` CHARACTER SET utf8mb4`);
  });
}

export async function dropMysqlDb(name: string): Promise<void> {
  await withMysql(null, (c) => c.query(`DROP DATABASE IF EXISTS \`${checkName(name)}\``));
}

/**
 * An empty warehouse, or (with template) a copy of one: every measured load starts from the same state.
 * A copy is made file by file (STRATEGY FILE_COPY, PostgreSQL 15+), not page by page through the
 * WAL, which is 15's default: a 10 M-row warehouse is 1.6 GB, and logging it set off two
 * checkpoints that ran during the timed sync that followed. The everyday incremental sync meets a
 * warehouse at rest; FILE_COPY checkpoints before and after the copy, so the timed run does too.
 */
export async function recreatePgDb(name: string, template?: string): Promise<void> {
  await withPg(pgAdminDb(), async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${checkName(name)} WITH (FORCE)`);
    if (!template) {
      await c.query(`CREATE DATABASE ${checkName(name)}`);
      return;
    }
    const version = await c.query<{ v: string }>('SHOW server_version_num');
    const fileCopy = Number(version.rows[0].v) >= 150000 ? ' STRATEGY FILE_COPY' : '';
    await c.query(`CREATE DATABASE ${checkName(name)} TEMPLATE ${checkName(template)}${fileCopy}`);
  });
}

export async function dropPgDb(name: string): Promise<void> {
  await withPg(pgAdminDb(), (c) => c.query(`DROP DATABASE IF EXISTS ${checkName(name)} WITH (FORCE)`));
}

/** Environment for the mysql/psql command-line clients, so no password sits in a command line. */
export function clientEnv(): NodeJS.ProcessEnv {
  return timedEnv({ MYSQL_PWD: mysqlServer().password, PGPASSWORD: pgServer().password });
}

export async function serverVersions(): Promise<{ mariadb: string; postgres: string }> {
  const mariadb = await withMysql(null, async (c) => {
    const [rows] = await c.query('SELECT VERSION() AS v');
    return String((rows as { v: string }[])[0]?.v ?? '?');
  });
  const postgres = await withPg(pgAdminDb(), async (c) => String((await c.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]?.v ?? '?'));
  return { mariadb, postgres };
}
