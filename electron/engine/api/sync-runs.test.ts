import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MethodName, MethodOutput } from '../../../shared/api/contract.js';
import type { RunRecord } from '../../../shared/runs/run.js';
import { generateSoftcart } from '../generator/softcart.js';
import { createEngine } from './create-engine.js';

type TestEngine = Awaited<ReturnType<typeof createEngine>>;

let dataDir: string;
let e: TestEngine;

async function call<M extends MethodName>(method: M, input: unknown): Promise<MethodOutput<M>> {
  const reply = await e.dispatch(method, input);
  if (!reply.ok) throw new Error(`${method}: ${reply.error.code}: ${reply.error.message}`);
  return reply.output as MethodOutput<M>;
}

/** The final record of a run, from its last run.state event. */
function waitFor(runId: string): Promise<RunRecord> {
  return new Promise((resolve) => {
    const off = e.subscribe((name, payload) => {
      const state = payload as { runId: string; status: string; record: RunRecord };
      if (name === 'run.state' && state.runId === runId && state.status !== 'running') {
        off();
        resolve(state.record);
      }
    });
  });
}

async function syncNow(request?: unknown): Promise<RunRecord> {
  let runId = '';
  const seen = new Promise<RunRecord>((resolve) => {
    const off = e.subscribe((name, payload) => {
      const state = payload as { runId: string; status: string; record: RunRecord };
      if (name === 'run.state' && state.status !== 'running' && state.runId === runId) {
        off();
        resolve(state.record);
      }
    });
  });
  runId = (await call('sync.start', request === undefined ? {} : { request })).runId;
  // The run may already be over (it ran while sync.start returned): then history has it.
  const record = await call('runs.get', { runId });
  return record.status === 'running' ? seen : record;
}

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'etl-engine-sync-'));
  e = await createEngine({ dataDir, host: 'headless' });
});
afterEach(async () => {
  await e.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('demo workspace and one-click sync', () => {
  it('creates the embedded demo, syncs it into the star schema, and syncs only new rows next time', async () => {
    const ws = await call('workspace.createDemo', { rows: 3000 });
    expect(ws).toMatchObject({ name: 'Demo workspace', isDemo: true, demoOffered: true, sync: { mode: 'star', table: 'sales_data' } });
    const profiles = await call('profiles.list', {});
    expect(profiles.map((p) => [p.name, p.kind, p.kind === 'pglite' ? p.path : null])).toEqual([
      ['Demo source (embedded)', 'pglite', path.join(dataDir, 'demo', 'source')],
      ['Demo warehouse (embedded)', 'pglite', path.join(dataDir, 'demo', 'warehouse')],
    ]);
    expect(ws.sourceProfileId).toBe(profiles[0].id);
    expect(ws.warehouseProfileId).toBe(profiles[1].id);

    const first = await syncNow();
    expect(first.status).toBe('success');
    expect(first.kind).toBe('sync');
    expect(first.title).toBe('Sync Demo source (embedded) → Demo warehouse (embedded)');
    expect(first.sync).toMatchObject({ mode: 'star', lastRowid: null, newRows: 3000, inserted: 3000, watermark: 3000 });
    const checks = first.sync?.checks ?? [];
    expect(checks.length).toBeGreaterThan(0);
    expect(checks.every((c) => c.ok)).toBe(true);

    // The log ends with one line per check, PASS/FAIL with both numbers.
    const { lines, total } = await call('runs.logs', { runId: first.id, offset: 0, limit: 100_000 });
    expect(total).toBe(first.logLines);
    const tail = lines.slice(-checks.length).map((l) => l.message);
    expect(tail).toEqual(checks.map((c) => `PASS ${c.name}: source ${c.source}, warehouse ${c.warehouse}`));

    // Reopening the demo reuses the profiles and keeps the data; a new sync finds nothing new.
    const again = await call('workspace.createDemo', {});
    expect([again.sourceProfileId, again.warehouseProfileId]).toEqual([ws.sourceProfileId, ws.warehouseProfileId]);
    const second = await syncNow();
    expect(second.sync).toMatchObject({ lastRowid: 3000, newRows: 0, inserted: 0, watermark: 3000 });
    expect((await call('runs.history', { limit: 10 })).map((r) => r.id)).toEqual([second.id, first.id]);
  }, 180_000);
});

describe('a sync between the real servers', () => {
  const MYSQL_URL = new URL(process.env.ETL_TEST_MYSQL_URL ?? 'mysql://etl:etl@127.0.0.1:3306/');
  const PG_URL = new URL(process.env.ETL_TEST_PG_URL ?? 'postgres://etl:etl@127.0.0.1:5432/postgres');
  const suffix = randomBytes(4).toString('hex');
  const database = `etl_t_${suffix}`;
  const pgUser = `etl_t_${suffix}`;
  const pgPassword = `Pw-${randomBytes(8).toString('hex')}`;
  const mysqlServer = {
    host: MYSQL_URL.hostname, port: Number(MYSQL_URL.port || 3306),
    user: decodeURIComponent(MYSQL_URL.username), password: decodeURIComponent(MYSQL_URL.password),
  };
  const pgAdmin = async () => {
    const c = new pg.Client({ connectionString: PG_URL.toString() });
    await c.connect();
    return c;
  };

  beforeAll(async () => {
    const m = await mysql.createConnection(mysqlServer);
    await m.query(`CREATE DATABASE \`${database}\``);
    await m.end();
    const p = await pgAdmin();
    await p.query(`CREATE ROLE ${pgUser} LOGIN PASSWORD '${pgPassword}'`);
    await p.query(`CREATE DATABASE ${database} OWNER ${pgUser}`);
    await p.end();
    await generateSoftcart({ rows: 2000, seed: 7, into: { kind: 'mysql', ...mysqlServer, database, ssl: { mode: 'disable' }, timeZone: '+00:00' } });
  }, 120_000);
  afterAll(async () => {
    const m = await mysql.createConnection(mysqlServer);
    await m.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await m.end();
    const p = await pgAdmin();
    await p.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await p.query(`DROP ROLE IF EXISTS ${pgUser}`);
    await p.end();
  });

  it('syncs MariaDB into PostgreSQL and never writes the password to the run folder or the settings file', async () => {
    const source = await call('profiles.save', { name: 'Shop MariaDB', kind: 'mysql', ...mysqlServer, database });
    const warehouse = await call('profiles.save', {
      name: 'Warehouse PG', kind: 'postgres', host: PG_URL.hostname, port: Number(PG_URL.port || 5432), database, user: pgUser, password: pgPassword,
    });
    const record = await syncNow({ source: { profileId: source.id }, warehouse: { profileId: 'Warehouse PG' }, mode: 'star' });
    expect(record.status).toBe('success');
    expect(record.sync).toMatchObject({ inserted: 2000, watermark: 2000 });
    expect(record.sync?.checks.every((c) => c.ok)).toBe(true);

    // A failing run too: its error and log must not carry the password either.
    const broken = await syncNow({ source: { url: `mysql://${mysqlServer.user}:${mysqlServer.password}@${mysqlServer.host}:${mysqlServer.port}/${database}` },
      warehouse: { url: `postgres://${pgUser}:${pgPassword}@${PG_URL.hostname}:${PG_URL.port || 5432}/${database}` }, mode: 'replicate', table: 'no_such_table' });
    expect(broken.status).toBe('failed');
    expect(broken.error).toBeTruthy();

    const texts: string[] = [await readFile(path.join(dataDir, 'config.json'), 'utf8')];
    for (const run of await readdir(path.join(dataDir, 'runs'))) {
      for (const file of await readdir(path.join(dataDir, 'runs', run), { recursive: true })) {
        const full = path.join(dataDir, 'runs', run, String(file));
        texts.push(await readFile(full, 'utf8').catch(() => ''));
      }
    }
    expect(texts.length).toBeGreaterThanOrEqual(5);
    for (const text of texts) expect(text).not.toContain(pgPassword);
    expect(JSON.stringify(await call('runs.history', { limit: 10 }))).not.toContain(pgPassword);
  }, 180_000);

  it('loads the coursework sample as a run, then the incremental sync copies only the newer rows', async () => {
    const source = await call('profiles.save', { name: 'Coursework source', kind: 'mysql', ...mysqlServer, database });
    const warehouse = await call('profiles.save', {
      name: 'Coursework warehouse', kind: 'postgres', host: PG_URL.hostname, port: Number(PG_URL.port || 5432), database, user: pgUser, password: pgPassword,
    });
    const { runId } = await call('sample.loadSoftcart', { sourceProfileId: source.id, warehouseProfileId: warehouse.id });
    const loaded = await e.services.runs.get(runId).then((r) => (r.status === 'running' ? waitFor(runId) : r));
    expect(loaded).toMatchObject({ kind: 'sample', status: 'success', title: 'Load the SoftCart sample into Coursework source and Coursework warehouse' });
    expect(loaded.sample).toMatchObject({ sourceTable: 'sales_data', warehouseTable: 'sales_data', warehouseRows: 12186 });
    expect(loaded.sample?.sourceRows).toBeGreaterThan(12186);
    expect(loaded.sample?.adaptations.length).toBeGreaterThan(0);
    expect((await call('sample.loadSoftcart', { sourceProfileId: source.id, warehouseProfileId: 'nope' }).catch((err: Error) => err.message)))
      .toMatch(/not_found/);

    await call('workspace.update', { sourceProfileId: source.id, warehouseProfileId: warehouse.id, sync: { mode: 'replicate' } });
    const synced = await syncNow();
    expect(synced.status).toBe('success');
    expect(synced.sync).toMatchObject({ mode: 'replicate', lastRowid: 12289, inserted: loaded.sample!.sourceRows - 12186 });
    const { lines } = await call('runs.logs', { runId: synced.id, offset: Math.max(0, synced.logLines - 20), limit: 20 });
    const checks = synced.sync!.checks;
    expect(lines.slice(-checks.length).map((l) => l.message)).toEqual(checks.map((c) => `PASS ${c.name}: source ${c.source}, warehouse ${c.warehouse}`));
  }, 180_000);
});
