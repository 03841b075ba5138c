import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import pg from 'pg';
import type { ResolvedConnection } from '../../connections/resolved.js';

/**
 * Throwaway databases on the real local servers: each test file makes its own
 * uniquely named ones (other engineers test on the same servers at once) and drops them.
 */

export type MysqlConn = Extract<ResolvedConnection, { kind: 'mysql' }>;
export type PgConn = Extract<ResolvedConnection, { kind: 'postgres' }>;

const MYSQL_URL = process.env.ETL_TEST_MYSQL_URL ?? 'mysql://etl:etl@127.0.0.1:3306/';
const PG_URL = process.env.ETL_TEST_PG_URL ?? 'postgres://etl:etl@127.0.0.1:5432/postgres';

function server(url: string, port: number) {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : port,
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.replace(/^\//, '')),
  };
}

export function uniqueDbName(): string {
  return `etl_t_${randomBytes(5).toString('hex')}`;
}

export async function createPgDb(): Promise<PgConn> {
  const s = server(PG_URL, 5432);
  const name = uniqueDbName();
  const admin = new pg.Client({ ...s, database: s.database || 'postgres' });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  return { kind: 'postgres', host: s.host, port: s.port, user: s.user, password: s.password, database: name, ssl: { mode: 'disable' } };
}

export async function dropPgDb(c: PgConn): Promise<void> {
  const s = server(PG_URL, 5432);
  const admin = new pg.Client({ ...s, database: s.database || 'postgres' });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${c.database}" WITH (FORCE)`);
  await admin.end();
}

export async function createMysqlDb(): Promise<MysqlConn> {
  const s = server(MYSQL_URL, 3306);
  const name = uniqueDbName();
  const admin = await mysql.createConnection({ host: s.host, port: s.port, user: s.user, password: s.password });
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci`);
  await admin.end();
  return { kind: 'mysql', host: s.host, port: s.port, user: s.user, password: s.password, database: name, ssl: { mode: 'disable' }, timeZone: '+00:00' };
}

export async function dropMysqlDb(c: MysqlConn): Promise<void> {
  const admin = await mysql.createConnection({ host: c.host, port: c.port, user: c.user, password: c.password });
  await admin.query(`DROP DATABASE IF EXISTS \`${c.database}\``);
  await admin.end();
}
