import pg from 'pg';
import { pgServer } from './servers.js';

/**
 * One benchmark at a time on a pair of servers: two runs would drop each other's
 * databases (DROP DATABASE ... WITH (FORCE) ends the other run's sessions) and
 * overwrite each other's source data. A PostgreSQL session advisory lock, keyed on the
 * source database's name, is held for the whole run and freed by the server even if
 * this process dies.
 */
export async function withBenchLock<T>(name: string, log: (m: string) => void, fn: () => Promise<T>): Promise<T> {
  const s = pgServer();
  const adminDb = new URL(process.env.ETL_TEST_PG_URL ?? 'postgres://etl:etl@127.0.0.1:5432/postgres').pathname.replace(/^\//, '') || 'postgres';
  const client = new pg.Client({ host: s.host, port: s.port, user: s.user, password: s.password, database: adminDb, application_name: `etl-bench lock ${name}` });
  await client.connect();
  try {
    const key = `etl-bench:${name}`;
    const got = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [key]);
    if (!got.rows[0]?.ok) {
      log(`Another benchmark is using ${name} on this server; waiting for it to finish...`);
      await client.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
      log('The other benchmark finished; starting.');
    }
    return await fn();
  } finally {
    await client.end().catch(() => undefined);
  }
}
