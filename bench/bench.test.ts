import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildNodeDist } from '../electron/host/testing/build-dist.js';
import { copyPipeCase } from './cases/copy-pipe.js';
import type { CaseContext } from './cases/case-context.js';
import { generateSoftcart } from './etl/etl-cli.js';
import { nodeStartCost, timedEnv } from './measure/process-env.js';
import { runTimed } from './measure/timed-process.js';
import { areaOf, parseCpuProfile, summariseCpuProfile } from './profile/summarise-cpuprofile.js';
import { resultsMarkdown, type BenchResults } from './report/markdown.js';
import { evaluateTargets } from './report/targets.js';
import { withBenchLock } from './servers/bench-lock.js';
import { dropMysqlDb, dropPgDb, mysqlServer, mysqlUrl, pgServer, pgUrl, recreateMysqlDb, withPg, type BenchDatabases } from './servers/servers.js';
import { runDbSuite } from './suite/db-suite.js';
import { compareTable, mysqlSalesFingerprint, mysqlStarFingerprint, pgSalesFingerprint } from './verify/fingerprints.js';
import { makeWebLog } from './weblog/make-log.js';
import { runWeblogSuite } from './weblog/weblog-suite.js';

/**
 * The benchmark's correctness on a tiny size, the way `npm run bench -- --quick` runs
 * it: every method really moves the rows and every check really compares them. No
 * timing is asserted here; the benchmark measures performance, tests never do.
 */

const exec = promisify(execFile);
const prefix = `etl_t_${randomBytes(4).toString('hex')}`;
const dbs: BenchDatabases = { source: `${prefix}_src`, warehouse: `${prefix}_wh`, warehouseFull: `${prefix}_whf` };
let dataDir: string;

beforeAll(async () => {
  await buildNodeDist();
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'etl-bench-test-'));
}, 300_000);

afterAll(async () => {
  await dropPgDb(dbs.warehouse).catch(() => undefined);
  await dropPgDb(dbs.warehouseFull).catch(() => undefined);
  await dropMysqlDb(dbs.source).catch(() => undefined);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('MariaDB -> PostgreSQL comparison (quick mode on 5 k rows)', () => {
  it('loads the same seeded rows with every method, checks each target against the source, and syncs 1 % incrementally', async () => {
    const lines: string[] = [];
    const db = await runDbSuite({ sizes: [5000], runs: 1, smallRuns: 2, seed: 11, rowByRowSample: 1000, dbs, cli: { dataDir }, log: (m) => lines.push(m) });
    const size = db.sizes[0]!;
    expect(size.errors).toEqual({});
    // A small size runs every method smallRuns times (the row-by-row sample `runs` times),
    // after one first CLI sync per mode that is timed apart (it writes the code cache).
    expect(size.cases.replicate!.runs).toBe(2);
    expect(size.cases.rowByRow!.runs).toBe(1);
    expect(size.firstCliRunS?.replicate).toBeGreaterThan(0);
    expect(size.firstCliRunS?.star).toBeGreaterThan(0);
    for (const name of ['replicate', 'star', 'replicateApp', 'starApp', 'pipe', 'pgloader', 'rowByRow'] as const) {
      const c = size.cases[name];
      expect(c, name).toBeDefined();
      expect(c!.mismatches, name).toEqual([]);
      expect(c!.verified).toBe(true);
      expect(c!.peakRssMiB, name).toBeGreaterThan(1);
    }
    expect(size.cases.rowByRow!.extrapolated?.sampleRows).toBe(1000);
    expect(size.cases.replicate!.engineS).toBeGreaterThan(0);
    // In the running app the wait covers the sync the engine reports, and the engine's own process was measured.
    expect(size.cases.replicateApp!.wallS).toBeGreaterThanOrEqual(size.cases.replicateApp!.engineS!);
    expect(size.cases.starApp!.clientCpuS).toBeGreaterThan(0);
    const inc = db.incremental!;
    expect(inc.error).toBeUndefined();
    expect(inc.newRows).toBe(50);
    expect(inc.replicate!.verified && inc.star!.verified).toBe(true);
    expect(inc.replicateShareWall).toBeGreaterThan(0);
    // The same new rows, synced as Sync now in the running app's engine, measured against its own full load.
    for (const mode of ['replicateApp', 'starApp'] as const) {
      expect(inc[mode]?.runs, mode).toBe(2);
      expect(inc[mode]?.verified, inc[mode]?.mismatches.join('; ')).toBe(true);
      expect(inc[mode]!.wallS).toBeGreaterThanOrEqual(inc[mode]!.engineS!);
    }
    expect(inc.replicateAppShareWall).toBeCloseTo(inc.replicateApp!.wallS / size.cases.replicateApp!.wallS, 3);
    // The peer moved the same 50 new rows on top of the same full warehouse.
    expect(inc.pipe?.verified, inc.pipe?.mismatches.join('; ')).toBe(true);
    expect(inc.pipe!.rowsPerS).toBeGreaterThan(0);
    expect(inc.replicateVsPipe).toBeCloseTo(inc.pipe!.wallS / inc.replicate!.wallS, 2);

    const targets = evaluateTargets(db, undefined);
    expect(targets.find((t) => t.name.startsWith('every target matches'))?.pass).toBe(true);
    expect(targets.find((t) => t.name.startsWith('incremental targets match'))?.pass).toBe(true);
    // Every performance target got a verdict: nothing silently left unmeasured.
    expect(targets.filter((t) => t.pass === null)).toEqual([]);
    const results: BenchResults = {
      generatedAt: new Date().toISOString(), durationS: 1, command: 'test',
      options: { sizes: [5000], runs: 1, seed: 11, rowByRowSample: 1000, weblogBytes: null, profile: false },
      environment: { commit: '?', uncommittedAppFiles: [], node: process.version, cpus: 2, memTotalMiB: 1, mariadb: '?', postgres: '?', pgloader: '?', uptimeStart: '', uptimeEnd: '', loadStart: [0, 0, 0], loadEnd: [0, 0, 0], loadDuring: [] },
      db, targets,
    };
    const md = resultsMarkdown(results);
    expect(md).toMatch(/\| ETL Studio replicate \|/);
    expect(md).toMatch(/\| ETL Studio star, in the running app \|/);
    expect(md).toMatch(/\| mysql \\\| psql COPY pipe \|/);
    expect(md).toMatch(/\| row-by-row INSERT \(extrapolated\) \| [\d.]+ \(extrapolated from 1,000 rows\)/);
    expect(md).toMatch(/median of 2 runs; row-by-row: 1\)/);
    expect(md).toMatch(/Not in the figures: the first CLI sync after the build, .*: replicate [\d.]+ s, star [\d.]+ s\./);
    expect(md).toMatch(/\| mysql \\\| psql COPY pipe, rows above a given key \(peer\) \| [\d.]+ \|/);
    expect(md).toMatch(/\| ETL Studio replicate, incremental, in the running app \| [\d.]+ \| [\d.]+ \| [\d.]+ % \|/);
    expect(targets.find((t) => t.name.startsWith('incremental 1 % star vs full load, in the running app'))?.pass).not.toBeNull();
    expect(md).toMatch(/For the same new rows, ETL Studio replicate moves [\d.]+x the pipe's rows\/s/);
    // The databases were dropped afterwards.
    const left = await withPg('postgres', async (c) => (await c.query('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${prefix}%`])).rowCount);
    expect(left).toBe(0);
  }, 600_000);

  it('notices a target that differs from the source, even when count and sums agree', async () => {
    const sourceUrl = mysqlUrl(mysqlServer(), dbs.source);
    await recreateMysqlDb(dbs.source);
    await generateSoftcart({ dataDir }, { rows: 2000, seed: 5, intoUrl: sourceUrl });
    const ctx: CaseContext = {
      dbs, cli: { dataDir }, sourceUrl, warehouseUrl: pgUrl(pgServer(), dbs.warehouse),
      source: await mysqlSalesFingerprint(dbs.source), sourceStar: await mysqlStarFingerprint(dbs.source),
    };
    const run = await copyPipeCase(ctx);
    expect(run.mismatches).toEqual([]);
    expect(run.rows).toBe(2000);
    // Swap the prices of two rows with the same quantity: count, sum(rowid) and sum(price*quantity) stay put.
    await withPg(dbs.warehouse, (c) => c.query(`
      WITH pair AS (
        SELECT a.rowid AS a, b.rowid AS b, a.price AS pa, b.price AS pb FROM sales_data a JOIN sales_data b
          ON a.quantity = b.quantity AND a.rowid < b.rowid AND a.price <> b.price ORDER BY a.rowid, b.rowid LIMIT 1)
      UPDATE sales_data s SET price = CASE WHEN s.rowid = pair.a THEN pair.pb ELSE pair.pa END FROM pair WHERE s.rowid IN (pair.a, pair.b)`));
    const diff = compareTable(ctx.source, await pgSalesFingerprint(dbs.warehouse, 'public.sales_data'));
    expect(diff).toHaveLength(1);
    expect(diff[0]).toMatch(/^row hash: source \d+, target \d+$/);
  }, 300_000);
});

describe('web log comparison (small log)', () => {
  it('generates the same log for the same seed, and ETL Studio writes exactly what cut | grep writes', async () => {
    const cacheDir = await mkdtemp(path.join(os.tmpdir(), 'etl-bench-weblog-test-'));
    try {
      const sample = path.resolve('assets/sample-data/softcart/accesslog.txt');
      const a = await makeWebLog({ sample, cacheDir: path.join(cacheDir, 'a'), bytes: 1 << 20, seed: 3 });
      const b = await makeWebLog({ sample, cacheDir: path.join(cacheDir, 'b'), bytes: 1 << 20, seed: 3 });
      expect(await readFile(a.file)).toEqual(await readFile(b.file));
      expect(a.dropIpLines).toBeGreaterThan(0);
      expect(a.dropIpLines).toBeLessThan(a.lines);

      const w = await runWeblogSuite({ cli: { dataDir }, bytes: 2 << 20, seed: 3, runs: 1, warehouseDb: dbs.warehouse, cacheDir, log: () => undefined });
      expect(w.errors).toEqual({});
      for (const c of [w.cutGrep, w.extractFilter, w.parseLoad]) {
        expect(c?.mismatches).toEqual([]);
        expect(c?.verified).toBe(true);
      }
      expect(w.lines).toBeGreaterThan(5000);
      expect(w.extractFilterVsCut).toBeGreaterThan(0);
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  }, 300_000);
});

describe('one benchmark at a time', () => {
  it('makes a second run wait until the first one is done with the databases', async () => {
    const order: string[] = [];
    const messages: string[] = [];
    let releaseFirst!: () => void;
    const firstHolds = new Promise<void>((r) => (releaseFirst = r));
    let firstStarted!: () => void;
    const started = new Promise<void>((r) => (firstStarted = r));
    const first = withBenchLock(dbs.source, () => undefined, async () => {
      order.push('first start');
      firstStarted();
      await firstHolds;
      order.push('first end');
    });
    await started;
    const second = withBenchLock(dbs.source, (m) => messages.push(m), async () => void order.push('second'));
    await new Promise((r) => setTimeout(r, 500));
    expect(order).toEqual(['first start']);
    releaseFirst();
    await Promise.all([first, second]);
    expect(order).toEqual(['first start', 'first end', 'second']);
    expect(messages[0]).toMatch(/Another benchmark is using .* waiting/);
  });
});

describe('the environment of timed processes', () => {
  it('is this machine\'s less NODE_EXTRA_CA_CERTS, which the report then names with what it costs a Node start', async () => {
    const saved = process.env.NODE_EXTRA_CA_CERTS;
    const bundle = path.join(os.tmpdir(), `etl-bench-ca-${process.pid}.pem`);
    await writeFile(bundle, '');
    process.env.NODE_EXTRA_CA_CERTS = bundle;
    try {
      const seen = await runTimed(process.execPath, ['-e', 'process.stdout.write(JSON.stringify([process.env.NODE_EXTRA_CA_CERTS ?? null, process.env.PATH ? 1 : 0]))'], { env: timedEnv({ EXTRA: '1' }) });
      expect(JSON.parse(seen.stdout)).toEqual([null, 1]);
      const cost = await nodeStartCost(1);
      expect(cost?.cleared).toEqual({ NODE_EXTRA_CA_CERTS: bundle });
      const md = resultsMarkdown({
        generatedAt: '', durationS: 1, command: 'test',
        options: { sizes: [], runs: 1, seed: 1, rowByRowSample: 1, weblogBytes: null, profile: false },
        environment: { commit: '?', uncommittedAppFiles: [], node: process.version, cpus: 2, memTotalMiB: 1, mariadb: '?', postgres: '?', pgloader: '?', uptimeStart: '', uptimeEnd: '', loadStart: [0, 0, 0], loadEnd: [0, 0, 0], loadDuring: [], nodeStart: cost },
        targets: [],
      });
      expect(md).toContain(`this machine sets NODE_EXTRA_CA_CERTS=${bundle}`);
    } finally {
      if (saved === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
      else process.env.NODE_EXTRA_CA_CERTS = saved;
      await rm(bundle, { force: true });
    }
  });
});

describe('cpuprofile summary', () => {
  it('names the function that burned the CPU in a real node --cpu-prof profile', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'etl-bench-prof-test-'));
    try {
      const script = 'function spinForTheProfile(ms){const end=Date.now()+ms;let x=0;for(;;){for(let i=0;i<100000;i++)x=(x*31+i)%1000003;if(Date.now()>end)return x}} spinForTheProfile(400)';
      await exec(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, '-e', script]);
      const file = (await readdir(dir)).find((f) => f.endsWith('.cpuprofile'))!;
      const s = summariseCpuProfile(parseCpuProfile(await readFile(path.join(dir, file), 'utf8')), 5);
      expect(s.top[0]!.name).toBe('spinForTheProfile');
      expect(s.top[0]!.share).toBeGreaterThan(30);
      expect(s.busyMs).toBeGreaterThan(300);
      // The benchmark's private build is app code, reported by engine folder, not as a package.
      expect(areaOf('file:///r/node_modules/.cache/etl-bench-app/42/dist/electron/engine/sync/copy/copy-encoder.js', 'field')).toBe('engine/sync/copy');
      expect(areaOf('file:///r/node_modules/mysql2/lib/packets/packet.js', 'readInt32')).toBe('mysql2');
      expect(areaOf('', '(garbage collector)')).toBe('GC');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("names the package behind bundled code through the bundle's source map", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'etl-bench-prof-map-'));
    try {
      const bundled = path.join(dir, 'dist', 'bundle', 'cli', 'mysql-x1.cjs');
      await mkdir(path.dirname(bundled), { recursive: true });
      await writeFile(bundled, 'function readRow(){}\n');
      // Generated line 1, column 0 comes from line 1 of ../../../node_modules/mysql2/lib/packet.js.
      await writeFile(`${bundled}.map`, JSON.stringify({ version: 3, sources: ['../../../node_modules/mysql2/lib/packet.js'], names: [], mappings: 'AAAA' }));
      const frame = { functionName: 'readRow', url: pathToFileURL(bundled).href, lineNumber: 0, columnNumber: 0 };
      const s = summariseCpuProfile({ nodes: [{ id: 1, callFrame: frame }], startTime: 0, endTime: 3000, samples: [1, 1, 1], timeDeltas: [0, 1000, 1000] }, 5);
      expect(s.top[0]).toMatchObject({ name: 'readRow', area: 'mysql2', where: 'mysql2/lib/packet.js:1' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
