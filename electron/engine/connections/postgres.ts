import pg from 'pg';
import type { ResolvedConnection } from './resolved.js';
import { tlsOptions } from './tls.js';

export type PostgresConnection = Extract<ResolvedConnection, { kind: 'postgres' }>;

export function pgConfig(c: PostgresConnection): pg.ClientConfig {
  return {
    host: c.host,
    port: c.port,
    user: c.user,
    password: c.password,
    database: c.database,
    ssl: tlsOptions(c.ssl),
    connectionTimeoutMillis: 10_000,
    application_name: 'etl-studio',
  };
}

/** Opens a client whose session runs in UTC, so timestamps land the same on every load. */
export async function openPostgres(c: PostgresConnection): Promise<pg.Client> {
  const client = new pg.Client(pgConfig(c));
  await client.connect();
  await client.query("SET TIME ZONE 'UTC'");
  return client;
}
