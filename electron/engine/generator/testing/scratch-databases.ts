import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openMysql, type MysqlConnection } from '../../connections/mysql.js';
import { closePglite } from '../../connections/pglite.js';
import { openPostgres, type PostgresConnection } from '../../connections/postgres.js';
import { parseConnectionUrl } from '../../connections/url.js';

/**
 * Throw-away databases for tests and benchmarks on the shared local servers. Every
 * caller gets its own uniquely named database, because several people run tests on
 * the same servers at the same time.
 */

export interface Scratch<C> {
  conn: C;
  drop(): Promise<void>;
}

export function scratchName(prefix = 'etl_t'): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

export function testMysqlServer(): MysqlConnection {
  const c = parseConnectionUrl(process.env.ETL_TEST_MYSQL_URL ?? 'mysql://etl:etl@127.0.0.1:3306/');
  if (c.kind !== 'mysql') throw new Error('ETL_TEST_MYSQL_URL must be a mysql:// URL');
  return c;
}

export function testPostgresServer(): PostgresConnection {
  const c = parseConnectionUrl(process.env.ETL_TEST_PG_URL ?? 'postgres://etl:etl@127.0.0.1:5432/postgres');
  if (c.kind !== 'postgres') throw new Error('ETL_TEST_PG_URL must be a postgres:// URL');
  return c;
}

async function mysqlAdmin(sql: string): Promise<void> {
  const conn = await openMysql({ ...testMysqlServer(), database: '' });
  try {
    await new Promise<void>((resolve, reject) => conn.query(sql, (err) => (err ? reject(err) : resolve())));
  } finally {
    conn.destroy();
  }
}

export async function createScratchMysql(prefix?: string): Promise<Scratch<MysqlConnection>> {
  const name = scratchName(prefix);
  await mysqlAdmin(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
  return { conn: { ...testMysqlServer(), database: name }, drop: () => mysqlAdmin(`DROP DATABASE IF EXISTS \`${name}\``) };
}

async function postgresAdmin(sql: string): Promise<void> {
  const client = await openPostgres(testPostgresServer());
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createScratchPostgres(prefix?: string): Promise<Scratch<PostgresConnection>> {
  const name = scratchName(prefix);
  await postgresAdmin(`CREATE DATABASE "${name}"`);
  return {
    conn: { ...testPostgresServer(), database: name },
    drop: () => postgresAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

export async function createScratchPglite(): Promise<Scratch<{ kind: 'pglite'; path: string }>> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'etl-pglite-'));
  return {
    conn: { kind: 'pglite', path: dir },
    drop: async () => {
      await closePglite(dir);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
