import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createScratchMysql,
  createScratchPglite,
  createScratchPostgres,
  scratchName,
  type Scratch,
} from '../generator/testing/scratch-databases.js';
import type { MysqlConnection } from './mysql.js';
import type { PostgresConnection } from './postgres.js';
import { testConnection } from './test-connection.js';

/** A port on which nothing listens: bound by us, then released. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A TCP server that accepts connections and never says a word: the classic hung server. */
async function silentServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

let my: Scratch<MysqlConnection>;
let pgdb: Scratch<PostgresConnection>;

beforeAll(async () => {
  [my, pgdb] = await Promise.all([createScratchMysql(), createScratchPostgres()]);
});
afterAll(async () => {
  await Promise.all([my?.drop(), pgdb?.drop()]);
});

describe('testConnection on MariaDB', () => {
  it('reports the server version and a round-trip time', async () => {
    const result = await testConnection(my.conn);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.serverVersion).toMatch(/^(MariaDB|MySQL) \d+\.\d+/);
    expect(result.roundTripMs).toBeGreaterThan(0);
    expect(result.roundTripMs).toBeLessThan(1000);
  });

  it('works without a database chosen', async () => {
    expect((await testConnection({ ...my.conn, database: '' })).ok).toBe(true);
  });

  it('says plainly when the password is wrong', async () => {
    const result = await testConnection({ ...my.conn, password: 'definitely-wrong' });
    expect(result).toEqual({ ok: false, code: 'auth_failed', error: `Access denied for user '${my.conn.user}': wrong user name or password` });
  });

  it('says plainly when the database does not exist', async () => {
    const missing = scratchName('etl_t_missing');
    const result = await testConnection({ ...my.conn, database: missing });
    expect(result).toEqual({ ok: false, code: 'database_not_found', error: `Database '${missing}' does not exist on the server` });
  });

  it('says plainly when nothing listens on the port', async () => {
    const port = await freePort();
    const result = await testConnection({ ...my.conn, host: '127.0.0.1', port });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe('connection_refused');
    expect(result.error).toMatch(new RegExp(`^Cannot reach 127\\.0\\.0\\.1:${port}: connection refused`));
  });

  it('says the server has no SSL when SSL is required of a server without it', async () => {
    const result = await testConnection({ ...my.conn, ssl: { mode: 'require' } });
    // The local MariaDB runs without TLS; a TLS-enabled server would simply answer ok.
    if (result.ok) {
      expect(result.serverVersion).toMatch(/MariaDB|MySQL/);
    } else {
      expect(result.code).toBe('ssl_unsupported');
      expect(result.error).toMatch(/does not support SSL/);
    }
  });

  it('rejects a session time zone the server does not know', async () => {
    const result = await testConnection({ ...my.conn, timeZone: '+99:00' });
    expect(result).toMatchObject({ ok: false, code: 'invalid_time_zone' });
  });
});

describe('testConnection on PostgreSQL', () => {
  it('reports the server version and a round-trip time', async () => {
    const result = await testConnection(pgdb.conn);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.serverVersion).toMatch(/^PostgreSQL \d+/);
    expect(result.roundTripMs).toBeGreaterThan(0);
  });

  it('says plainly when the password is wrong', async () => {
    const result = await testConnection({ ...pgdb.conn, password: 'definitely-wrong' });
    expect(result).toEqual({ ok: false, code: 'auth_failed', error: `Access denied for user '${pgdb.conn.user}': wrong user name or password` });
  });

  it('says plainly when the database does not exist', async () => {
    const missing = scratchName('etl_t_missing');
    const result = await testConnection({ ...pgdb.conn, database: missing });
    expect(result).toEqual({ ok: false, code: 'database_not_found', error: `Database '${missing}' does not exist on the server` });
  });

  it('says plainly when nothing listens on the port', async () => {
    const port = await freePort();
    const result = await testConnection({ ...pgdb.conn, host: '127.0.0.1', port });
    expect(result).toMatchObject({ ok: false, code: 'connection_refused' });
    if (!result.ok) expect(result.error).toMatch(new RegExp(`^Cannot reach 127\\.0\\.0\\.1:${port}: connection refused`));
  });

  it('names a host that does not resolve', async () => {
    const result = await testConnection({ ...pgdb.conn, host: 'no-such-host.invalid' });
    expect(result).toMatchObject({ ok: false, code: 'host_not_found' });
    if (!result.ok) expect(result.error).toContain("Cannot find host 'no-such-host.invalid'");
  });

  it('says when the server asks for a password and none was given', async () => {
    const result = await testConnection({ ...pgdb.conn, password: undefined });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/password/);
  });

  it('tells a MySQL port apart from a PostgreSQL one', async () => {
    const mysqlPort = my.conn.port;
    const result = await testConnection({ ...pgdb.conn, host: my.conn.host, port: mysqlPort });
    expect(result).toMatchObject({ ok: false, code: 'wrong_protocol' });
  });
});

describe('testConnection deadline', () => {
  it('gives up on a server that never answers, within the limit, in plain words', async () => {
    const hung = await silentServer();
    try {
      for (const c of [
        { ...my.conn, host: '127.0.0.1', port: hung.port },
        { ...pgdb.conn, host: '127.0.0.1', port: hung.port },
      ]) {
        const started = Date.now();
        const result = await testConnection(c, { timeoutMs: 700 });
        expect(Date.now() - started).toBeLessThan(3000);
        expect(result).toMatchObject({ ok: false, code: 'timeout' });
        if (!result.ok) expect(result.error).toMatch(new RegExp(`^Cannot reach 127\\.0\\.0\\.1:${hung.port}: no answer in time`));
      }
    } finally {
      await hung.close();
    }
  });
});

describe('testConnection on PGlite', () => {
  it('opens the embedded database, reports its version and keeps it open for others', async () => {
    const lite = await createScratchPglite();
    try {
      // A first open runs initdb, which can outlast the 10 s default on a busy test machine.
      const result = await testConnection(lite.conn, { timeoutMs: 120_000 });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.serverVersion).toMatch(/^PostgreSQL \d+.*PGlite/);
      expect(result.roundTripMs).toBeGreaterThan(0);
      // A second test reuses the same shared instance instead of failing on its own lock.
      expect((await testConnection(lite.conn)).ok).toBe(true);
    } finally {
      await lite.drop();
    }
  }, 180_000);
});
