import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import {
  createMysqlDb, createPgDb, dropMysqlDb, dropPgDb, mysqlAdmin, pgAdmin, type MysqlConn, type PgConn,
} from '../sync/testing/dbs.js';
import { createOps, insertSales, makeOps, makeSales } from '../sync/testing/seed.js';

/*
 * The SoftCart templates run as a user runs them (`etl-studio run`), on a real MariaDB
 * source seeded by the deterministic generator and a real PostgreSQL warehouse.
 */

let source: MysqlConn;
let star: PgConn;
let replica: PgConn;
let dataDir: string;
const url = (c: MysqlConn | PgConn) => `${c.kind}://${c.user}:${encodeURIComponent(c.password ?? '')}@${c.host}:${c.port}/${c.database}`;

function capture() {
  let out = '';
  const io = {
    stdout: new Writable({ write(chunk, _e, cb) { out += String(chunk); cb(); } }),
    stderr: new Writable({ write(_chunk, _e, cb) { cb(); } }),
    env: {} as NodeJS.ProcessEnv,
  };
  return { io, json: () => JSON.parse(out) as { ok: boolean; status: string; tasks: { taskId: string; state: string; error: string | null }[] } };
}

async function run(template: string, params: Record<string, string>) {
  const c = capture();
  const args = ['run', path.resolve('assets/templates', template), '--json', '--data-dir', dataDir];
  for (const [k, v] of Object.entries(params)) args.push('--param', `${k}=${v}`);
  const code = await main(args, c.io);
  return { code, report: c.json() };
}

const states = (r: { tasks: { taskId: string; state: string }[] }) => Object.fromEntries(r.tasks.map((t) => [t.taskId, t.state]));

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'etl-tplrun-'));
  source = await createMysqlDb();
  star = await createPgDb();
  replica = await createPgDb();
  const conn = await mysqlAdmin(source);
  try {
    await createOps({ kind: 'mysql', conn }, makeOps(11, 2_500));
  } finally {
    await conn.end();
  }
});
afterAll(async () => {
  await dropMysqlDb(source);
  await dropPgDb(star);
  await dropPgDb(replica);
  await rm(dataDir, { recursive: true, force: true });
});

async function pgCount(c: PgConn, table: string): Promise<number> {
  const client = await pgAdmin(c);
  try {
    return Number((await client.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
  } finally {
    await client.end();
  }
}

describe('SoftCart templates on MariaDB -> PostgreSQL', () => {
  it('softcart-star loads the star schema, then its checks pass; a second run adds only new rows', async () => {
    const first = await run('softcart-star.json', { source: url(source), warehouse: url(star) });
    expect(first.report.tasks.filter((t) => t.error).map((t) => `${t.taskId}: ${t.error}`)).toEqual([]);
    expect(first.code).toBe(0);
    expect(states(first.report)).toEqual({ load_star: 'success', check_rowcount: 'success', check_dimensions: 'success' });
    expect(await pgCount(star, 'factsales')).toBe(2_500);

    const conn = await mysqlAdmin(source);
    try {
      await insertSales({ kind: 'mysql', conn }, makeSales(12, 300, 2_501));
    } finally {
      await conn.end();
    }
    const second = await run('softcart-star.json', { source: url(source), warehouse: url(star) });
    expect(second.code).toBe(0);
    expect(await pgCount(star, 'factsales')).toBe(2_800);
  });

  it('softcart-replicate copies sales_data and its row-count check fails when the sides differ', async () => {
    const first = await run('softcart-replicate.json', { source: url(source), warehouse: url(replica) });
    expect(first.code).toBe(0);
    expect(await pgCount(replica, 'sales_data')).toBe(2_800);

    // A row deleted in the warehouse is not re-copied (it is below the watermark): the check says so.
    const client = await pgAdmin(replica);
    try {
      await client.query('DELETE FROM sales_data WHERE rowid = 5');
    } finally {
      await client.end();
    }
    const second = await run('softcart-replicate.json', { source: url(source), warehouse: url(replica) });
    expect(second.code).toBe(1);
    expect(states(second.report)).toEqual({ replicate: 'success', check_rowcount: 'failed' });
    expect(second.report.tasks.find((t) => t.taskId === 'check_rowcount')!.error).toMatch(/2,?800\D.*2,?799|2,?799\D.*2,?800/);
  });
});
