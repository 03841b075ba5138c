/**
 * Throwaway databases for the sync tests: each test file gets its own uniquely named
 * MariaDB and PostgreSQL databases (other engineers run tests on the same servers at
 * the same time) and drops them afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';
import type { ResolvedConnection } from '../../connections/resolved.js';
import { closePglite } from '../../connections/pglite.js';

export type MysqlConn = Extract<ResolvedConnection, { kind: 'mysql' }>;
export type PgConn = Extract<ResolvedConnection, { kind: 'postgres' }>;
export type PgliteConn = Extract<ResolvedConnection, { kind: 'pglite' }>;

const MYSQL_URL = process.env.ETL_TEST_MYSQL_URL ?? 'mysql://etl:etl@127.0.0.1:3306/';
const PG_URL = process.env.ETL_TEST_PG_URL ?? 'postgres://etl:etl@127.0.0.1:5432/postgres';

function server(url: string, defaultPort: number) {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : defaultPort,
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.replace(/^\//, '')),
  };
}

export function uniqueName(prefix = 'etl_t'): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

export async function createMysqlDb(name = uniqueName(), timeZone = '+00:00'): Promise<MysqlConn> {
  const s = server(MYSQL_URL, 3306);
  const admin = await mysql.createConnection({ host: s.host, port: s.port, user: s.user, password: s.password });
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci`);
  await admin.end();
  return { kind: 'mysql', host: s.host, port: s.port, user: s.user, password: s.password, database: name, ssl: { mode: 'disable' }, timeZone };
}

export async function dropMysqlDb(c: MysqlConn): Promise<void> {
  const admin = await mysql.createConnection({ host: c.host, port: c.port, user: c.user, password: c.password });
  await admin.query(`DROP DATABASE IF EXISTS \`${c.database}\``);
  await admin.end();
}

/** A promise-API connection for test setup (multiple statements allowed, values as exact text). */
export function mysqlAdmin(c: MysqlConn): Promise<mysql.Connection> {
  return mysql.createConnection({
    host: c.host, port: c.port, user: c.user, password: c.password, database: c.database,
    multipleStatements: true, dateStrings: true, supportBigNumbers: true, bigNumberStrings: true,
    charset: 'utf8mb4_general_ci', timezone: c.timeZone,
  });
}

export async function createPgDb(name = uniqueName()): Promise<PgConn> {
  const s = server(PG_URL, 5432);
  const admin = new pg.Client({ host: s.host, port: s.port, user: s.user, password: s.password, database: s.database });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  return { kind: 'postgres', host: s.host, port: s.port, user: s.user, password: s.password, database: name, ssl: { mode: 'disable' } };
}

export async function dropPgDb(c: PgConn): Promise<void> {
  const s = server(PG_URL, 5432);
  const admin = new pg.Client({ host: s.host, port: s.port, user: s.user, password: s.password, database: s.database });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${c.database}" WITH (FORCE)`);
  await admin.end();
}

export async function pgAdmin(c: PgConn): Promise<pg.Client> {
  const client = new pg.Client({ host: c.host, port: c.port, user: c.user, password: c.password, database: c.database });
  await client.connect();
  await client.query("SET TIME ZONE 'UTC'");
  return client;
}

export async function createPgliteDir(): Promise<PgliteConn> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'etl-sync-pglite-'));
  return { kind: 'pglite', path: dir };
}

export async function dropPgliteDir(c: PgliteConn): Promise<void> {
  await closePglite(c.path);
  await rm(c.path, { recursive: true, force: true });
}
