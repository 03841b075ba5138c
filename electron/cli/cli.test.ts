import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchMysql, createScratchPostgres, type Scratch } from '../engine/generator/testing/scratch-databases.js';
import type { MysqlConnection } from '../engine/connections/mysql.js';
import type { PostgresConnection } from '../engine/connections/postgres.js';
import { buildNodeDist } from '../host/testing/build-dist.js';

/**
 * The built CLI as a user runs it: a child process, real MariaDB and PostgreSQL, exit
 * codes and output checked the way a script or a person would read them.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = path.join(root, 'bin', 'etl-studio.js');

let dataDir: string;
let mysql: Scratch<MysqlConnection>;
let pg: Scratch<PostgresConnection>;
let mysqlUrl: string;
let pgUrl: string;

type Ran = { code: number; stdout: string; stderr: string };
function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd: root, env: { ...process.env, ETL_STUDIO_DATA_DIR: dataDir, ...env }, timeout: 240_000, maxBuffer: 32 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

function urlOf(kind: 'mysql' | 'postgres', c: { user: string; password?: string; host: string; port: number; database: string }): string {
  const auth = `${encodeURIComponent(c.user)}${c.password ? `:${encodeURIComponent(c.password)}` : ''}`;
  return `${kind}://${auth}@${c.host}:${c.port}/${c.database}`;
}

beforeAll(async () => {
  // The CLI runs from dist/: compile so the test exercises the current source.
  await buildNodeDist();
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'etl-cli-'));
  mysql = await createScratchMysql();
  pg = await createScratchPostgres();
  mysqlUrl = urlOf('mysql', mysql.conn);
  pgUrl = urlOf('postgres', pg.conn);
}, 240_000);

afterAll(async () => {
  await mysql?.drop();
  await pg?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('etl-studio CLI', () => {
  it('lists its commands with --help', async () => {
    const ran = await cli(['--help']);
    expect(ran.code).toBe(0);
    for (const command of ['demo', 'sync', 'generate', 'sample', 'serve', 'profiles']) expect(ran.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
  });

  it('explains a command with --help', async () => {
    const ran = await cli(['sync', '--help']);
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain('--source');
    expect(ran.stdout).toContain('--json');
  });

  it('exits 2 with one plain line on usage errors', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['frobnicate'], /Unknown command "frobnicate"/],
      [['sync', '--warehouse', 'pglite:/tmp/x'], /--source is required/],
      [['sync', '--source', 'pglite:/a', '--warehouse', 'pglite:/b', '--mode', 'sideways'], /--mode must be one of replicate, star/],
      [['demo', '--rows', 'lots'], /--rows must be a whole number/],
      [['sync', '--no-such-flag'], /--no-such-flag/],
      [['generate', 'softcart', '--rows', '10', '--seed', '1'], /--into is required/],
    ];
    for (const [args, message] of cases) {
      const ran = await cli(args);
      expect(ran.code, args.join(' ')).toBe(2);
      expect(ran.stderr, args.join(' ')).toMatch(message);
      expect(ran.stderr, args.join(' ')).not.toMatch(/\n\s+at /); // no stack trace
    }
  });

  it('generates SoftCart sales in MariaDB and syncs them incrementally into PostgreSQL', async () => {
    const gen = await cli(['generate', 'softcart', '--rows', '3000', '--seed', '42', '--into', mysqlUrl, '--json']);
    expect(gen.code, gen.stderr).toBe(0);

    const first = await cli(['sync', '--source', mysqlUrl, '--warehouse', pgUrl, '--mode', 'star', '--json']);
    expect(first.code, first.stderr).toBe(0);
    const r1 = JSON.parse(first.stdout) as Record<string, unknown> & { checks: Array<{ name: string; source: string; warehouse: string; ok: boolean }> };
    for (const field of ['lastRowid', 'newRows', 'inserted', 'watermark', 'checks', 'durationMs', 'runId', 'logPath']) expect(r1).toHaveProperty(field);
    expect(r1.lastRowid).toBeNull();
    expect(r1.newRows).toBe(3000);
    expect(r1.inserted).toBe(3000);
    expect(r1.checks.length).toBeGreaterThan(0);
    expect(r1.checks.every((c) => c.ok && c.source === c.warehouse)).toBe(true);
    expect(existsSync(String(r1.logPath))).toBe(true);
    // The duration shown covers the whole sync, connecting included: at least the log's span from "Connecting" to the checks.
    const logged = readFileSync(String(r1.logPath), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { time: string; message: string });
    const at = (text: string) => Date.parse(logged.find((l) => l.message.startsWith(text))!.time);
    expect(r1.durationMs as number).toBeGreaterThanOrEqual(at('Checks: all') - at('Connecting to source'));

    const more = await cli(['generate', 'softcart', '--rows', '250', '--seed', '43', '--into', mysqlUrl, '--append', '--json']);
    expect(more.code, more.stderr).toBe(0);

    const second = await cli(['sync', '--source', mysqlUrl, '--warehouse', pgUrl, '--mode', 'star']);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain(`last row id ${String(r1.watermark)}`);
    expect(second.stdout).toContain('250 new rows');
    expect(second.stdout).toContain('inserted 250');
    expect(second.stdout).toMatch(/^\s*PASS /m);
    expect(second.stdout).not.toMatch(/FAIL/);

    // The password in the URLs never reaches the output.
    const password = mysql.conn.password ?? '';
    for (const ran of [gen, first, more, second]) {
      expect(ran.stdout + ran.stderr).not.toContain(`:${password}@`);
    }
  });

  it("loads the coursework sample and reports the coursework's figures", async () => {
    const src = await createScratchMysql();
    const wh = await createScratchPostgres();
    try {
      const srcUrl = urlOf('mysql', src.conn);
      const whUrl = urlOf('postgres', wh.conn);
      const load = await cli(['sample', 'softcart', '--source', srcUrl, '--warehouse', whUrl, '--json']);
      expect(load.code, load.stderr).toBe(0);
      expect(JSON.parse(load.stdout)).toMatchObject({ ok: true, sourceTable: 'sales_data', warehouseRows: 12186 });

      const first = await cli(['sync', '--source', srcUrl, '--warehouse', whUrl, '--mode', 'replicate']);
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toMatch(/^last row id 12289$/m);
      expect(first.stdout).toMatch(/^1650 new rows$/m);
      expect(first.stdout).toMatch(/^inserted 1650$/m);
      expect(first.stdout).toMatch(/^Log: .*log\.ndjson$/m);

      const again = await cli(['sync', '--source', srcUrl, '--warehouse', whUrl, '--mode', 'replicate', '--json']);
      expect(again.code, again.stderr).toBe(0);
      expect(JSON.parse(again.stdout)).toMatchObject({ lastRowid: 13939, newRows: 0, inserted: 0, watermark: 13939 });
    } finally {
      await src.drop();
      await wh.drop();
    }
  });

  it('saves a profile without echoing its password, tests it, and syncs by profile name', async () => {
    const add = await cli(['profiles', 'add', '--name', 'Shop source', '--url', mysqlUrl]);
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toContain('Saved profile "Shop source"');
    expect(add.stdout).toContain(':***@');
    const addWh = await cli(['profiles', 'add', '--name', 'Shop warehouse', '--url', pgUrl]);
    expect(addWh.code, addWh.stderr).toBe(0);

    const list = await cli(['profiles', 'list', '--json']);
    const profiles = JSON.parse(list.stdout) as Array<{ name: string; hasPassword: boolean }>;
    expect(profiles.map((p) => [p.name, p.hasPassword])).toEqual([['Shop source', true], ['Shop warehouse', true]]);
    expect(list.stdout).not.toContain('password"');

    const test = await cli(['profiles', 'test', 'Shop source']);
    expect(test.code, test.stderr).toBe(0);
    expect(test.stdout).toMatch(/^Connected: .*MariaDB.*\(round trip \d+ ms\)\.$/m);

    const bad = await cli(['profiles', 'test', 'mysql://etl:wrong-password-x@127.0.0.1:3306/']);
    expect(bad.code).toBe(1);
    expect(bad.stdout + bad.stderr).not.toContain('wrong-password-x');

    const byName = await cli(['sync', '--source', 'Shop source', '--warehouse', 'Shop warehouse', '--mode', 'star', '--json']);
    expect(byName.code, byName.stderr).toBe(0);
    expect(JSON.parse(byName.stdout)).toMatchObject({ ok: true, newRows: 0, inserted: 0 });

    const unknown = await cli(['sync', '--source', 'No such profile', '--warehouse', 'Shop warehouse']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('saved: Shop source, Shop warehouse');
  });

  it('exits 1 with a plain message when the source cannot be reached', async () => {
    const ran = await cli(['sync', '--source', 'mysql://etl:hunter2-secret@127.0.0.1:1/nowhere', '--warehouse', pgUrl, '--json']);
    expect(ran.code).toBe(1);
    const out = JSON.parse(ran.stdout) as { ok: boolean; status: string; error: string };
    expect(out.ok).toBe(false);
    expect(out.status).toBe('failed');
    expect(out.error).toBeTruthy();
    expect(ran.stdout + ran.stderr).not.toContain('hunter2-secret');
  });

  it('runs the embedded demo end to end with every check passing', async () => {
    const demoDir = await mkdtemp(path.join(os.tmpdir(), 'etl-cli-demo-'));
    try {
      const ran = await cli(['demo', '--rows', '2000', '--json', '--data-dir', demoDir]);
      expect(ran.code, ran.stderr).toBe(0);
      const out = JSON.parse(ran.stdout) as { ok: boolean; status: string; inserted: number; checks: Array<{ ok: boolean }>; logPath: string };
      expect(out.ok).toBe(true);
      expect(out.status).toBe('success');
      expect(out.inserted).toBeGreaterThan(0);
      expect(out.checks.length).toBeGreaterThan(0);
      expect(out.checks.every((c) => c.ok)).toBe(true);
      expect(out.logPath.startsWith(demoDir)).toBe(true);
    } finally {
      await rm(demoDir, { recursive: true, force: true });
    }
  });
});
