import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api/contract.js';
import { createEngine } from './create-engine.js';
import { toApiErrorShape } from './errors.js';

const PG_URL = process.env.ETL_TEST_PG_URL ?? 'postgres://etl:etl@127.0.0.1:5432/postgres';
const MYSQL_URL = new URL(process.env.ETL_TEST_MYSQL_URL ?? 'mysql://etl:etl@127.0.0.1:3306/');

async function caught(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a failure');
}

/** A port nothing listens on: bind one, then close it. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('error mapping', () => {
  it('keeps ApiError as it is', () => {
    expect(toApiErrorShape(new ApiError('conflict', 'Taken', [{ path: 'name', message: 'x' }]))).toEqual({
      code: 'conflict', message: 'Taken', issues: [{ path: 'name', message: 'x' }],
    });
  });

  it('turns real driver errors into connection or auth errors in plain words', async () => {
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    const missing = await caught(() => client.query('SELECT * FROM etl_no_such_table_here'));
    await client.end();
    expect(toApiErrorShape(missing)).toEqual({ code: 'connection', message: 'relation "etl_no_such_table_here" does not exist' });

    const refused = await caught(async () => mysql.createConnection({ host: '127.0.0.1', port: await closedPort(), user: 'x' }));
    const shape = toApiErrorShape(refused);
    expect(shape.code).toBe('connection');
    expect(shape.message).toMatch(/ECONNREFUSED/);

    const denied = await caught(() => mysql.createConnection({
      host: MYSQL_URL.hostname, port: Number(MYSQL_URL.port || 3306), user: decodeURIComponent(MYSQL_URL.username), password: 'not-the-Password-42',
    }));
    const auth = toApiErrorShape(denied);
    expect(auth.code).toBe('auth');
    expect(auth.message).toMatch(/Access denied/);
    expect(JSON.stringify(auth)).not.toContain('not-the-Password-42');
  });

  it('reports anything else as internal, with the message, no stack and no credentials', () => {
    const err = new TypeError('cannot read postgres://etl:hunter22@db/x');
    const shape = toApiErrorShape(err);
    expect(shape).toEqual({ code: 'internal', message: 'cannot read postgres://etl:***@db/x' });
    expect(JSON.stringify(shape)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('maps a handler failure through dispatch', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'etl-errors-'));
    const engine = await createEngine({
      dataDir,
      host: 'headless',
      extraHandlers: () => ({
        'sync.defaults': async () => {
          const client = new pg.Client({ connectionString: PG_URL });
          await client.connect();
          try {
            await client.query('SELEC 1');
          } finally {
            await client.end();
          }
          throw new Error('unreachable');
        },
      }),
    });
    try {
      const reply = await engine.dispatch('sync.defaults', {});
      expect(reply).toEqual({ ok: false, error: { code: 'connection', message: 'syntax error at or near "SELEC"' } });
    } finally {
      await engine.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
