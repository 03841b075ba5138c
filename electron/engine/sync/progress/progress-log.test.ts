import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type mysql from 'mysql2/promise';
import { ApiError } from '../../../../shared/api/contract.js';
import { syncSettingsSchema } from '../../../../shared/sync/sync.js';
import { runSync } from '../run-sync.js';
import { createMysqlDb, createPgDb, dropMysqlDb, dropPgDb, mysqlAdmin, pgAdmin, type MysqlConn, type PgConn } from '../testing/dbs.js';
import { recordingContext } from '../testing/context.js';
import { fillItemsMysql, ITEMS_MYSQL_DDL } from '../testing/bulk.js';

// A warehouse role of its own with a password that cannot occur by chance in any log line.
// (The MySQL test user may not grant privileges, so the source keeps the shared user.)
const tag = randomBytes(4).toString('hex');
const USER = `etl_pw_${tag}`;
const PASSWORD = `Pw-${randomBytes(9).toString('base64url')}`;

let adminSrc: MysqlConn;
let adminWh: PgConn;
let my: mysql.Connection;
let wh: pg.Client;
let source: MysqlConn;
let warehouse: PgConn;

beforeAll(async () => {
  [adminSrc, adminWh] = await Promise.all([createMysqlDb(), createPgDb()]);
  my = await mysqlAdmin(adminSrc);
  await my.query(ITEMS_MYSQL_DDL);
  await fillItemsMysql(my, 1, 20_000);
  wh = await pgAdmin(adminWh);
  await wh.query(`CREATE ROLE "${USER}" LOGIN PASSWORD '${PASSWORD}'`);
  await wh.query(`ALTER DATABASE "${adminWh.database}" OWNER TO "${USER}"`);
  await wh.query(`ALTER SCHEMA public OWNER TO "${USER}"`);
  source = adminSrc;
  warehouse = { ...adminWh, user: USER, password: PASSWORD };
});

afterAll(async () => {
  await my?.end();
  await wh?.end();
  await Promise.all([adminSrc && dropMysqlDb(adminSrc), adminWh && dropPgDb(adminWh)]);
  const admin = await pgAdmin({ ...adminWh, database: 'postgres' });
  await admin.query(`DROP ROLE IF EXISTS "${USER}"`).catch(() => undefined);
  await admin.end();
});

describe('progress and logs', () => {
  it('report sensible, growing numbers and every step, and never the password', async () => {
    const ctx = recordingContext();
    const r = await runSync({ source, warehouse, settings: syncSettingsSchema.parse({ table: 'items', key: 'id', batchRows: 5000 }) }, ctx);
    expect(r).toMatchObject({ newRows: 20_000, inserted: 20_000, batches: 4 });
    expect(r.rowsPerSecond).toBeGreaterThan(0);

    const ev = ctx.progressEvents;
    const phases = [...new Set(ev.map((e) => e.phase))];
    // The table is the sync's own, so its primary key is built after the rows are in.
    expect(phases).toEqual(['waiting for lock', 'watermark', 'snapshot', 'loading', 'building keys', 'checking', 'done']);
    for (let i = 1; i < ev.length; i++) {
      expect(ev[i].rowsRead).toBeGreaterThanOrEqual(ev[i - 1].rowsRead);
      expect(ev[i].rowsWritten).toBeGreaterThanOrEqual(ev[i - 1].rowsWritten);
      expect(ev[i].batch).toBeGreaterThanOrEqual(ev[i - 1].batch);
    }
    const loading = ev.filter((e) => e.phase === 'loading');
    // Reported while rows flow, not only per batch: more updates than batches.
    expect(loading.length).toBeGreaterThan(4);
    expect(loading.every((e) => e.totalRows === 20_000 && e.rowsRead <= 20_000 && e.rowsWritten <= e.rowsRead)).toBe(true);
    expect(loading.some((e) => e.rowsPerSecond > 0 && e.etaMs !== null && e.etaMs >= 0)).toBe(true);
    expect(ev.at(-1)).toMatchObject({ phase: 'done', rowsRead: 20_000, rowsWritten: 20_000, rowsRejected: 0, batch: 4, etaMs: 0 });

    const text = ctx.logs.map((l) => l.message);
    for (const step of [/^Connecting to source mysql:\/\/etl@.* and warehouse postgres:\/\/etl_pw_/, /^No watermark for public\.items yet/, /^Snapshot taken on mysql:\/\//, /^Load path: COPY BINARY straight into/, /^Batch 4 committed: 5,000 rows read, 5,000 inserted; watermark 20000/, /^Checks: all 2 passed/]) {
      expect(text.some((m) => step.test(m))).toBe(true);
    }
    expect(text.filter((m) => m.includes(PASSWORD) || m.includes(`:${source.password}@`))).toEqual([]);
  });

  it('a refused login says which side, where and what is wrong in plain words, without the password', async () => {
    const wrong = `Wrong-${randomBytes(6).toString('hex')}`;
    const ctx = recordingContext();
    const settings = syncSettingsSchema.parse({ table: 'items', key: 'id' });
    const fail = (s: Parameters<typeof runSync>[0]) => runSync(s, ctx).then(() => null, (e: unknown) => e as ApiError);
    const err = await fail({ source: { ...source, password: wrong }, warehouse, settings });
    expect(err?.code).toBe('auth');
    expect(err?.message).toBe(`Source (mysql://${source.user}@${source.host}:${source.port}/${adminSrc.database}): Access denied for user '${source.user}': wrong user name or password`);
    const err2 = await fail({ source, warehouse: { ...warehouse, password: wrong }, settings });
    expect(err2?.code).toBe('auth');
    expect(err2?.message).toBe(`Warehouse (postgres://${USER}@${warehouse.host}:${warehouse.port}/${adminWh.database}): Access denied for user '${USER}': wrong user name or password`);
    for (const secret of [wrong, PASSWORD]) {
      expect(err2?.message.includes(secret)).toBe(false);
      expect(err?.message.includes(secret)).toBe(false);
      expect(ctx.logs.some((l) => l.message.includes(secret))).toBe(false);
    }
  });

  it('a server that is not there, a database that does not exist, and both sides failing at once', async () => {
    const settings = syncSettingsSchema.parse({ table: 'items', key: 'id' });
    const fail = (s: Parameters<typeof runSync>[0]) => runSync(s, recordingContext()).then(() => null, (e: unknown) => e as ApiError);
    // Port 1 on the loopback: nothing listens there, so the connection is refused at once.
    const refused = await fail({ source: { ...source, port: 1 }, warehouse, settings });
    expect(refused?.code).toBe('connection');
    expect(refused?.message).toBe(`Source (mysql://${source.user}@${source.host}:1/${adminSrc.database}): Cannot reach ${source.host}:1: connection refused (is the server running and listening on port 1?)`);
    const missing = await fail({ source, warehouse: { ...warehouse, database: `${adminWh.database}_nope` }, settings });
    expect(missing?.code).toBe('connection');
    expect(missing?.message).toBe(`Warehouse (postgres://${USER}@${warehouse.host}:${warehouse.port}/${adminWh.database}_nope): Database '${adminWh.database}_nope' does not exist on the server`);
    const both = await fail({ source: { ...source, database: `${adminSrc.database}_nope` }, warehouse: { ...warehouse, password: 'wrong' }, settings });
    expect(both?.code).toBe('auth');
    expect(both?.message).toMatch(new RegExp(`^Source \\(.*_nope\\): .*; Warehouse \\(postgres://${USER}@.*\\): Access denied for user '${USER}': wrong user name or password$`));
  });
});
