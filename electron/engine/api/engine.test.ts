import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ApiErrorShape, MethodName, MethodOutput } from '../../../shared/api/contract.js';
import { syncSettingsSchema } from '../../../shared/sync/sync.js';
import { syncSettingsPatchSchema } from '../../../shared/workspace/workspace.js';
import { createEngine } from './create-engine.js';

type TestEngine = Awaited<ReturnType<typeof createEngine>>;

let dataDir: string;
const engines: TestEngine[] = [];

async function engine(): Promise<TestEngine> {
  const e = await createEngine({ dataDir, host: 'headless', version: '9.9.9-test' });
  engines.push(e);
  return e;
}

async function call<M extends MethodName>(e: TestEngine, method: M, input: unknown): Promise<MethodOutput<M>> {
  const reply = await e.dispatch(method, input);
  if (!reply.ok) throw Object.assign(new Error(`${method}: ${reply.error.message}`), { shape: reply.error });
  return reply.output as MethodOutput<M>;
}

async function fail(e: TestEngine, method: string, input: unknown): Promise<ApiErrorShape> {
  const reply = await e.dispatch(method, input);
  if (reply.ok) throw new Error(`${method} should have failed but returned ${JSON.stringify(reply.output)}`);
  return reply.error;
}

const shop = { name: 'Shop', kind: 'mysql', host: 'db.example.com', database: 'shop', user: 'reader', password: 'first-Secret-771' } as const;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'etl-engine-'));
});
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()));
  await rm(dataDir, { recursive: true, force: true });
});

describe('engine dispatch', () => {
  it('answers app.info for a headless engine', async () => {
    const e = await engine();
    const info = await call(e, 'app.info', {});
    expect(info).toMatchObject({ version: '9.9.9-test', host: 'headless', dataDir, db2DriverAvailable: false, problems: [] });
    expect(info.secretStorage.backend).toBe('key-file');
    expect(info.secretStorage.warning).toMatch(/weaker than the OS keyring/);
  });

  it('refuses an unknown method and input that does not fit the contract, naming the fields', async () => {
    const e = await engine();
    expect(await fail(e, 'profiles.explode', {})).toMatchObject({ code: 'not_found', message: 'Unknown method "profiles.explode".' });
    const limit = await fail(e, 'runs.history', { limit: 0 });
    expect(limit.code).toBe('validation');
    expect(limit.issues?.map((i) => i.path)).toEqual(['limit']);
    expect((await fail(e, 'app.info', { surprise: true })).code).toBe('validation');
    const form = await fail(e, 'profiles.save', { kind: 'mysql', name: ' ', host: '', port: 70000, database: 'd' });
    expect(form.code).toBe('validation');
    expect(form.issues?.map((i) => i.path).sort()).toEqual(['host', 'name', 'port', 'user']);
    expect(form.issues?.find((i) => i.path === 'name')?.message).toBe('Name is required');
    // A union input (saved id or form values) reports the form's fields, not "Invalid input".
    const test = await fail(e, 'profiles.test', { kind: 'postgres', name: 'x', database: 'd', user: 'u' });
    expect(test.issues?.map((i) => i.path)).toEqual(['host']);
    expect(await fail(e, 'runs.get', { runId: '2020-01-01T000000Z-abcdef' })).toMatchObject({ code: 'not_found' });
  });

  it('creates, edits, duplicates and deletes profiles without ever returning the password', async () => {
    const e = await engine();
    const saved = await call(e, 'profiles.save', shop);
    expect(saved).toMatchObject({ name: 'Shop', kind: 'mysql', port: 3306, timeZone: '+00:00', hasPassword: true, ssl: { mode: 'disable' } });
    expect(JSON.stringify(saved)).not.toContain(shop.password);
    expect(Object.keys(saved)).not.toContain('password');

    const conflict = await fail(e, 'profiles.save', { ...shop, name: ' shop ', password: undefined });
    expect(conflict).toMatchObject({ code: 'conflict', issues: [{ path: 'name' }] });
    expect((await fail(e, 'profiles.save', { ...shop, id: 'no-such-id' })).code).toBe('not_found');

    const storeFile = path.join(dataDir, 'config.json');
    const cipherOf = async (id: string) =>
      (JSON.parse(await readFile(storeFile, 'utf8')).profiles as { id: string; secret: string | null }[]).find((p) => p.id === id)?.secret;
    const cipher = await cipherOf(saved.id);
    expect(cipher).toMatch(/^v1:kf:/);

    // Editing without a password keeps the saved one.
    const renamed = await call(e, 'profiles.save', { ...shop, id: saved.id, name: 'Shop (prod)', password: undefined, port: 3307 });
    expect(renamed).toMatchObject({ id: saved.id, name: 'Shop (prod)', port: 3307, hasPassword: true });
    expect(await cipherOf(saved.id)).toBe(cipher);

    const copy = await call(e, 'profiles.duplicate', { id: saved.id });
    expect(copy).toMatchObject({ name: 'Shop (prod) (copy)', hasPassword: true, port: 3307 });
    expect(copy.id).not.toBe(saved.id);
    expect(await cipherOf(copy.id)).toBe(cipher); // copied still encrypted
    expect((await call(e, 'profiles.duplicate', { id: saved.id })).name).toBe('Shop (prod) (copy 2)');

    // An empty password clears it.
    const cleared = await call(e, 'profiles.save', { ...shop, id: copy.id, name: copy.name, password: '' });
    expect(cleared.hasPassword).toBe(false);

    await call(e, 'workspace.update', { sourceProfileId: saved.id });
    expect(await call(e, 'profiles.delete', { id: saved.id })).toEqual({ deleted: true });
    expect(await call(e, 'profiles.delete', { id: saved.id })).toEqual({ deleted: false });
    expect((await call(e, 'workspace.get', {})).sourceProfileId).toBeNull();
    expect((await call(e, 'profiles.list', {})).map((p) => p.name)).toEqual(['Shop (prod) (copy)', 'Shop (prod) (copy 2)']);

    // electron-store's format: <dataDir>/config.json, JSON indented with tabs; no plaintext password.
    const text = await readFile(storeFile, 'utf8');
    expect(text.startsWith('{\n\t"')).toBe(true);
    expect(text).not.toContain(shop.password);

    // A new engine on the same folder sees the same profiles.
    const again = await engine();
    expect((await call(again, 'profiles.list', {})).map((p) => p.name)).toEqual(['Shop (prod) (copy)', 'Shop (prod) (copy 2)']);
  });

  it('keeps profiles listed when the key changed, and says which password to enter again', async () => {
    const first = await engine();
    const saved = await call(first, 'profiles.save', shop);
    await call(first, 'profiles.save', { name: 'Local', kind: 'pglite', path: path.join(dataDir, 'db') });
    await first.close();
    await rm(path.join(dataDir, 'secret.key')); // e.g. the data folder was copied without its key

    const second = await engine();
    const list = await call(second, 'profiles.list', {});
    expect(list).toHaveLength(2);
    expect(list.find((p) => p.id === saved.id)).toMatchObject({ hasPassword: true, passwordUnreadable: true });
    const message = 'The saved password of profile Shop cannot be decrypted (the encryption key changed); enter it again.';
    expect((await call(second, 'app.info', {})).problems).toEqual([message]);
    expect(await call(second, 'profiles.test', { id: saved.id })).toEqual({ ok: false, error: message, code: 'password_unreadable' });
    expect(await fail(second, 'sync.start', { request: { source: { profileId: 'Shop' }, warehouse: { profileId: 'Local' } } })).toEqual({
      code: 'auth',
      message,
    });

    // Entering it again fixes it.
    const fixed = await call(second, 'profiles.save', { ...shop, id: saved.id });
    expect(fixed).not.toHaveProperty('passwordUnreadable');
    expect((await call(second, 'app.info', {})).problems).toEqual([]);
  });

  it('reports a damaged settings file instead of crashing', async () => {
    await writeFile(path.join(dataDir, 'config.json'), '{ "profiles": [ oops');
    const e = await engine();
    const error = await fail(e, 'profiles.list', {});
    expect(error.code).toBe('internal');
    expect(error.message).toContain(path.join(dataDir, 'config.json'));
    expect(error.message).toMatch(/cannot be read/);
    const info = await call(e, 'app.info', {});
    expect(info.problems).toHaveLength(1);
    expect(info.problems[0]).toContain('config.json');

    // A hand-edited entry that no longer fits is reported and left in the file; the others still work.
    await writeFile(path.join(dataDir, 'config.json'), JSON.stringify({ profiles: [{ id: 'x', name: 'Half', kind: 'mysql' }] }));
    expect(await call(e, 'profiles.list', {})).toEqual([]);
    expect((await call(e, 'app.info', {})).problems[0]).toMatch(/saved profile "Half" .* is invalid .* ignored/);
    await call(e, 'profiles.save', { name: 'Fine', kind: 'pglite', path: '/tmp/x' });
    const stored = JSON.parse(await readFile(path.join(dataDir, 'config.json'), 'utf8')).profiles;
    expect(stored.map((p: { name: string }) => p.name)).toEqual(['Half', 'Fine']);
  });

  it('updates the workspace partially and checks profile ids', async () => {
    const e = await engine();
    const ws = await call(e, 'workspace.get', {});
    expect(ws).toEqual({
      name: 'My workspace', sourceProfileId: null, warehouseProfileId: null, isDemo: false, demoOffered: false,
      sync: await call(e, 'sync.defaults', {}),
    });
    expect(ws.sync).toMatchObject({ mode: 'replicate', table: 'sales_data', key: 'rowid', batchRows: 200_000 });
    await call(e, 'workspace.update', { sync: { mode: 'star', batchRows: 5000 } });
    const updated = await call(e, 'workspace.update', { name: 'Coursework', sync: { table: 'orders' } });
    expect(updated).toMatchObject({ name: 'Coursework', sync: { mode: 'star', batchRows: 5000, table: 'orders', key: 'rowid' } });
    const bad = await fail(e, 'workspace.update', { warehouseProfileId: 'missing' });
    expect(bad).toMatchObject({ code: 'validation', issues: [{ path: 'warehouseProfileId' }] });
    expect(await fail(e, 'workspace.update', { sync: { mode: 'mirror' } })).toMatchObject({ code: 'validation', issues: [{ path: 'sync.mode' }] });
    // Every sync setting can be changed on its own (a setting added later must be added to the patch too).
    expect(Object.keys(syncSettingsPatchSchema.shape).sort()).toEqual(Object.keys(syncSettingsSchema.shape).sort());
  });

  it('refuses the one-click sync while the workspace has no databases', async () => {
    const e = await engine();
    const error = await fail(e, 'sync.start', {});
    expect(error.code).toBe('validation');
    expect(error.message).toMatch(/no source or warehouse/);
    expect(error.issues?.map((i) => i.path)).toEqual(['sourceProfileId', 'warehouseProfileId']);
    expect(await call(e, 'runs.history', {})).toEqual([]);
  });

  it('saves a DB2 profile and says the driver is missing when it is tested', async () => {
    const e = await engine();
    const db2 = await call(e, 'profiles.save', { name: 'Mainframe', kind: 'db2', host: 'db2.example.com', database: 'SAMPLE', user: 'db2inst1', password: 'db2-Secret-55' });
    expect(db2).toMatchObject({ kind: 'db2', port: 50000, hasPassword: true });
    const result = await call(e, 'profiles.test', { id: db2.id });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.code).toBe('driver_unavailable');
      expect(result.error).toMatch(/ibm_db/);
    }
  });

  it('answers the pipeline rows through the pipelines feature', async () => {
    const e = await engine();
    const preview = await call(e, 'schedules.preview', { cron: '0 2 * * *', timezone: 'UTC', count: 2 });
    expect(preview.next).toHaveLength(2);
    expect(preview.next[0]).toMatch(/T02:00:00\.000Z$/);
    expect((await fail(e, 'schedules.preview', { cron: '61 * * * *' })).code).toBe('validation');
  });

  it('streams run events to subscribers', async () => {
    const e = await engine();
    const names: string[] = [];
    const off = e.subscribe((name) => names.push(name));
    const { done } = e.services.runs.start('sync', 'Tiny', async (ctx) => {
      ctx.log('info', 'one line');
    });
    await done;
    off();
    expect(names).toEqual(['run.state', 'run.log', 'run.state']);
    const [record] = await call(e, 'runs.history', {});
    expect(record).toMatchObject({ title: 'Tiny', status: 'success', logLines: 1 });
    expect(await call(e, 'runs.logs', { runId: record.id })).toMatchObject({ total: 1, lines: [{ message: 'one line' }] });
  });
});

describe('profiles against the real servers', () => {
  const MYSQL_URL = new URL(process.env.ETL_TEST_MYSQL_URL ?? 'mysql://etl:etl@127.0.0.1:3306/');
  const PG_URL = new URL(process.env.ETL_TEST_PG_URL ?? 'postgres://etl:etl@127.0.0.1:5432/postgres');
  const suffix = randomBytes(4).toString('hex');
  const database = `etl_t_${suffix}`;
  // A role of our own on PostgreSQL (etl may create roles there), so the password is long enough to grep for.
  const pgUser = `etl_t_${suffix}`;
  const pgPassword = `Pw-${randomBytes(8).toString('hex')}`;
  const mysqlAdmin = () => mysql.createConnection({
    host: MYSQL_URL.hostname, port: Number(MYSQL_URL.port || 3306),
    user: decodeURIComponent(MYSQL_URL.username), password: decodeURIComponent(MYSQL_URL.password),
  });
  const pgAdmin = async () => {
    const c = new pg.Client({ connectionString: PG_URL.toString() });
    await c.connect();
    return c;
  };

  beforeAll(async () => {
    const m = await mysqlAdmin();
    await m.query(`CREATE DATABASE \`${database}\``);
    await m.end();
    const p = await pgAdmin();
    await p.query(`CREATE ROLE ${pgUser} LOGIN PASSWORD '${pgPassword}'`);
    await p.query(`CREATE DATABASE ${database} OWNER ${pgUser}`);
    await p.end();
  });
  afterAll(async () => {
    const m = await mysqlAdmin();
    await m.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await m.end();
    const p = await pgAdmin();
    await p.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await p.query(`DROP ROLE IF EXISTS ${pgUser}`);
    await p.end();
  });

  it('tests saved profiles and unsaved form values, and keeps the password out of every answer', async () => {
    const e = await engine();
    const mysqlForm = {
      name: 'Coursework MariaDB', kind: 'mysql', host: MYSQL_URL.hostname, port: Number(MYSQL_URL.port || 3306), database,
      user: decodeURIComponent(MYSQL_URL.username),
    };
    const source = await call(e, 'profiles.save', { ...mysqlForm, password: decodeURIComponent(MYSQL_URL.password) });
    const sourceTest = await call(e, 'profiles.test', { id: source.id });
    expect(sourceTest.ok).toBe(true);
    if (sourceTest.ok) expect(sourceTest.serverVersion).toMatch(/\d+\.\d+/);
    // The form without a password falls back to the saved one.
    expect((await call(e, 'profiles.test', { ...mysqlForm, id: source.id })).ok).toBe(true);

    const pgForm = { name: 'Warehouse', kind: 'postgres', host: PG_URL.hostname, port: Number(PG_URL.port || 5432), database, user: pgUser };
    const warehouse = await call(e, 'profiles.save', { ...pgForm, password: pgPassword });
    expect(await call(e, 'profiles.test', { id: warehouse.id })).toMatchObject({ ok: true });
    const wrong = await call(e, 'profiles.test', { ...pgForm, password: `${pgPassword}-wrong` });
    expect(wrong).toMatchObject({ ok: false, code: 'auth_failed' });
    expect(JSON.stringify(wrong)).not.toContain(pgPassword);

    expect(await e.services.resolveConnection('warehouse')).toMatchObject({ kind: 'postgres', user: pgUser, password: pgPassword, database });
    const byUrl = await e.services.resolveConnection(`postgres://${pgUser}:${pgPassword}@${PG_URL.hostname}/${database}`);
    expect(byUrl).toMatchObject({ kind: 'postgres', user: pgUser, password: pgPassword, database });
    expect(JSON.stringify(await call(e, 'profiles.list', {}))).not.toContain(pgPassword);
    expect(await readFile(path.join(dataDir, 'config.json'), 'utf8')).not.toContain(pgPassword);
  });
});
