import mysql from 'mysql2';
import type { ConnectionOptions } from 'mysql2';
import type { ResolvedConnection } from './resolved.js';
import { tlsOptions } from './tls.js';

export type MysqlConnection = Extract<ResolvedConnection, { kind: 'mysql' }>;

/**
 * Options every engine connection to MySQL/MariaDB uses. Values come as exact text
 * (dates, decimals, big integers), utf8mb4 is the charset, and the session time zone
 * is explicit, so TIMESTAMP columns read the same on every run.
 */
export function mysqlOptions(c: MysqlConnection, opts: OpenMysqlOptions = {}): ConnectionOptions {
  return {
    host: c.host,
    port: c.port,
    user: c.user,
    password: c.password,
    database: c.database,
    charset: 'utf8mb4_general_ci',
    timezone: c.timeZone,
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    decimalNumbers: false,
    connectTimeout: 10_000,
    multipleStatements: false,
    ssl: tlsOptions(c.ssl),
    disableEval: opts.fewRowsPerQuery === true,
  };
}

export interface OpenMysqlOptions {
  /**
   * Queries on the connection return a few rows each through mysql2 (the sync's extract
   * reads its rows in place). mysql2 then reads them with its interpreted row parser
   * instead of compiling one (`new Function`) for each new result shape, ~2 ms of CPU at
   * every sync's start for parsers that would read a row or two. A query that does read
   * many rows asks for the compiled one (`disableEval: false` among its options).
   */
  fewRowsPerQuery?: boolean;
}

/** Opens a callback-API connection (the streaming fast path needs it) and sets the session time zone. */
export async function openMysql(c: MysqlConnection, opts: OpenMysqlOptions = {}): Promise<mysql.Connection> {
  const conn = mysql.createConnection(mysqlOptions(c, opts));
  await new Promise<void>((resolve, reject) => {
    conn.connect((err) => (err ? reject(err) : resolve()));
  });
  await new Promise<void>((resolve, reject) => {
    conn.query('SET time_zone = ?', [c.timeZone], (err) => (err ? reject(err) : resolve()));
  });
  return conn;
}
