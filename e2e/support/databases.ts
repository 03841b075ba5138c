import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import pg from 'pg';

export const MYSQL_URL = process.env.ETL_TEST_MYSQL_URL ?? 'mysql://etl:etl@127.0.0.1:3306/';
export const PG_URL = process.env.ETL_TEST_PG_URL ?? 'postgres://etl:etl@127.0.0.1:5432/postgres';

export type ServerParts = { host: string; port: string; user: string; password: string };

export function parts(url: string, defaultPort: string): ServerParts {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: u.port || defaultPort,
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
  };
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

/** A fresh MariaDB database for one spec; other engineers run tests on the same server. */
export async function createMysqlDatabase(name: string): Promise<() => Promise<void>> {
  const conn = await mysql.createConnection(MYSQL_URL);
  try {
    await conn.query(`CREATE DATABASE \`${name}\``);
  } finally {
    await conn.end();
  }
  return async () => {
    const c = await mysql.createConnection(MYSQL_URL);
    try {
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
    } finally {
      await c.end();
    }
  };
}

export async function createPgDatabase(name: string): Promise<() => Promise<void>> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  return async () => {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    try {
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    } finally {
      await c.end();
    }
  };
}
