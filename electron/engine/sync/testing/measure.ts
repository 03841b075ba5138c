/**
 * Throwaway throughput measurement while working on the sync (the real benchmark suite
 * lives in bench/ and uses fixed database names; this one makes its own, so it can run
 * beside it): N generated rows MariaDB -> PostgreSQL; ETL Studio star and replicate,
 * each in a child process of its own, interleaved with pgloader (data only, into a
 * pre-created table) and `mysql --quick | psql COPY`, medians of R runs; then the
 * incremental case (1 % new rows on a fully loaded warehouse).
 * Run: node <compiled measure.js> [rows=1000000] [runs=3] [methods=star,replicate,pgloader,pipe,incremental]
 * (ETL_MEASURE_BATCH=N sets batchRows). Compile it together with sync-child.ts, which it
 * runs from its own folder: a tsconfig under node_modules/.cache that extends
 * tsconfig.node.json, includes both files and sets outDir and rootDir (as compile-child.ts does).
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createMysqlDb, createPgDb, dropMysqlDb, dropPgDb, mysqlAdmin, pgAdmin, type MysqlConn, type PgConn } from './dbs.js';
import { fillOpsMysql } from './bulk.js';

const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sync-child.js');
const SALES_DDL = 'CREATE TABLE sales_data (rowid integer PRIMARY KEY, product_id integer, customer_id integer, price numeric(10,2), quantity integer, "timestamp" timestamp)';

/** CPU ms of a process from /proc (utime + stime), or null once it is gone. */
async function cpuMs(pid: number): Promise<number | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return null;
  }
}

/**
 * CPU of the PostgreSQL backends serving `database` (sampled while they live: a
 * backend's counters go with it) and of the whole mariadbd, over a span.
 */
async function serverCpu<T>(database: string, work: () => Promise<T>): Promise<{ value: T; pgMs: number; mariadbMs: number }> {
  const pids = (await readdir('/proc')).filter((d) => /^\d+$/.test(d)).map(Number);
  const cmd = async (pid: number) => (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).replace(/\0/g, ' ');
  let mariadb = 0;
  for (const pid of pids) if (/(^|\/)(mariadbd|mysqld) ?/.test((await cmd(pid)).split(' ')[0] ?? '')) mariadb = pid;
  const m0 = (await cpuMs(mariadb)) ?? 0;
  const start = new Map<number, number>();
  const peak = new Map<number, number>();
  let stop = false;
  const sample = async () => {
    for (const d of await readdir('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      const pid = Number(d);
      if (!peak.has(pid)) {
        const c = await cmd(pid);
        if (!c.startsWith('postgres: ') || !c.includes(` ${database} `)) continue;
      }
      const t = await cpuMs(pid);
      if (t === null) continue;
      if (!start.has(pid)) start.set(pid, t);
      peak.set(pid, t);
    }
  };
  const loop = (async () => {
    while (!stop) {
      await sample();
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  try {
    const value = await work();
    return { value, pgMs: [...peak.values()].reduce((a, b) => a + b, 0), mariadbMs: ((await cpuMs(mariadb)) ?? 0) - m0 };
  } finally {
    stop = true;
    await loop;
  }
}

interface ChildResult {
  wallMs: number;
  syncMs: number;
  inserted: number;
  checksOk: boolean;
  checks: string[];
  steps: string[];
  peakRssMiB: number;
  clientCpuMs: number;
  pgCpuMs: number;
  mariadbCpuMs: number;
}

async function runChild(source: MysqlConn, warehouse: PgConn, settings: object): Promise<ChildResult> {
  const r = await serverCpu(warehouse.database, () => runChildBare(source, warehouse, settings));
  return { ...r.value, pgCpuMs: r.pgMs, mariadbCpuMs: r.mariadbMs };
}

async function runChildBare(source: MysqlConn, warehouse: PgConn, settings: object): Promise<Omit<ChildResult, 'pgCpuMs' | 'mariadbCpuMs'>> {
  const started = performance.now();
  const p = spawn(process.execPath, [child, JSON.stringify({ source, warehouse, settings })], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out: { result?: { inserted: number; durationMs: number; checks: { ok: boolean; name: string; source: string; warehouse: string }[] }; peakRssMiB?: number; cpuMs?: number; message?: string } = {};
  const steps: string[] = [];
  for await (const line of createInterface({ input: p.stdout! })) {
    const msg = JSON.parse(line);
    if (msg.type === 'result' || msg.type === 'error') out = msg;
    if (msg.type === 'log' && /star SQL|^Checks|^Load path/.test(msg.message)) steps.push(msg.message);
  }
  const wallMs = performance.now() - started;
  if (!out.result) throw new Error(out.message ?? 'child failed');
  return {
    wallMs,
    syncMs: out.result.durationMs,
    inserted: out.result.inserted,
    checksOk: out.result.checks.every((c) => c.ok),
    checks: out.result.checks.map((c) => `${c.ok ? 'PASS' : 'FAIL'} ${c.name}: ${c.source} / ${c.warehouse}`),
    steps,
    peakRssMiB: out.peakRssMiB ?? 0,
    clientCpuMs: out.cpuMs ?? 0,
  };
}

function sh(cmd: string, env: Record<string, string> = {}): Promise<number> {
  const started = performance.now();
  return promisify(execFile)('bash', ['-c', cmd], { maxBuffer: 1 << 24, env: { ...process.env, ...env } }).then(() => performance.now() - started);
}

async function pgloader(source: MysqlConn, warehouse: PgConn): Promise<number> {
  const wh = await pgAdmin(warehouse);
  await wh.query(SALES_DDL);
  await wh.end();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'etl-measure-pgloader-'));
  try {
    const file = path.join(dir, 'sales.load');
    await writeFile(file, `LOAD DATABASE
  FROM mysql://${encodeURIComponent(source.user)}@${source.host}:${source.port}/${source.database}
  INTO postgresql://${encodeURIComponent(warehouse.user)}@${warehouse.host}:${warehouse.port}/${warehouse.database}
  WITH data only
  INCLUDING ONLY TABLE NAMES MATCHING 'sales_data'
  ALTER SCHEMA '${source.database}' RENAME TO 'public';
`);
    return await sh(`pgloader --root-dir ${dir} --quiet ${file}`, { MYSQL_PWD: source.password ?? '', PGPASSWORD: warehouse.password ?? '' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function pipe(source: MysqlConn, warehouse: PgConn): Promise<number> {
  const wh = await pgAdmin(warehouse);
  await wh.query(SALES_DDL);
  await wh.end();
  return sh(
    `mysql --quick -N -B -h ${source.host} -P ${source.port} -u ${source.user} -e 'SELECT rowid, product_id, customer_id, price, quantity, \`timestamp\` FROM sales_data ORDER BY rowid' ${source.database}` +
      ` | psql -q -h ${warehouse.host} -p ${warehouse.port} -U ${warehouse.user} -d ${warehouse.database} -c 'COPY sales_data FROM STDIN'`,
    { MYSQL_PWD: source.password ?? '', PGPASSWORD: warehouse.password ?? '' },
  );
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const rows = Number(process.argv[2] ?? 1_000_000);
  const runs = Number(process.argv[3] ?? 3);
  const methods = new Set((process.argv[4] ?? 'star,replicate,pgloader,pipe,incremental').split(','));
  const batchRows = process.env.ETL_MEASURE_BATCH ? Number(process.env.ETL_MEASURE_BATCH) : undefined;
  const source = await createMysqlDb();
  const made: PgConn[] = [];
  const fresh = async () => {
    const w = await createPgDb();
    made.push(w);
    return w;
  };
  const dropAll = async () => {
    while (made.length) await dropPgDb(made.pop()!);
  };
  try {
    const my = await mysqlAdmin(source);
    await fillOpsMysql(my, rows);
    await my.end();
    const times: Record<string, number[]> = {};
    const note = (k: string, ms: number) => (times[k] ??= []).push(ms);
    for (let i = 0; i < runs; i++) {
      if (methods.has('pgloader')) {
        const w = await fresh();
        const r = await serverCpu(w.database, () => pgloader(source, w));
        note('pgloader', r.value);
        note('pgloader pg cpu', r.pgMs);
        note('pgloader mariadb cpu', r.mariadbMs);
        console.log(`  run ${i + 1} pgloader: wall ${(r.value / 1000).toFixed(2)} s; CPU s: PG backend ${(r.pgMs / 1000).toFixed(2)}, mariadbd ${(r.mariadbMs / 1000).toFixed(2)}`);
      }
      if (methods.has('pipe')) note('pipe', await pipe(source, await fresh()));
      for (const mode of ['star', 'replicate'] as const) {
        if (!methods.has(mode)) continue;
        const r = await runChild(source, await fresh(), { mode, ...(batchRows ? { batchRows } : {}) });
        note(mode, r.wallMs);
        note(`${mode} sync`, r.syncMs);
        if (!r.checksOk || r.inserted !== rows) console.log(`  ${mode}: WRONG: inserted ${r.inserted}; ${r.checks.join('; ')}`);
        console.log(`  run ${i + 1} ${mode}: wall ${(r.wallMs / 1000).toFixed(2)} s, sync ${(r.syncMs / 1000).toFixed(2)} s, peak ${r.peakRssMiB} MiB; CPU s: client ${(r.clientCpuMs / 1000).toFixed(2)}, PG backend ${(r.pgCpuMs / 1000).toFixed(2)}, mariadbd ${(r.mariadbCpuMs / 1000).toFixed(2)}`);
        note(`${mode} pg cpu`, r.pgCpuMs);
        note(`${mode} client cpu`, r.clientCpuMs);
        note(`${mode} mariadb cpu`, r.mariadbCpuMs);
        for (const s of r.steps) console.log(`    ${s}`);
      }
      await dropAll();
      console.log(`  after run ${i + 1}: ${JSON.stringify(Object.fromEntries(Object.entries(times).map(([k, v]) => [k, +(v[v.length - 1] / 1000).toFixed(2)])))}`);
    }
    const rate = (k: string) => (times[k] ? Math.round(rows / (median(times[k]) / 1000)) : null);
    const report: Record<string, unknown> = { rows, runs };
    for (const k of Object.keys(times)) {
      if (/cpu$/.test(k)) report[`${k} s`] = +(median(times[k]) / 1000).toFixed(2);
      else report[`${k} rows/s`] = rate(k);
    }
    if (rate('pgloader')) {
      for (const k of ['star', 'replicate']) if (rate(k)) report[`${k} x pgloader`] = +(rate(k)! / rate('pgloader')!).toFixed(2);
    }
    if (methods.has('incremental')) {
      const full: Record<string, PgConn> = {};
      for (const mode of ['replicate', 'star'] as const) {
        full[mode] = await fresh();
        await runChild(source, full[mode], { mode });
      }
      const more = Math.max(1, Math.round(rows / 100));
      const my2 = await mysqlAdmin(source);
      await my2.query(`INSERT INTO sales_data
        SELECT seq, 1 + (seq * 7919) % 1000, 1 + (seq * 104729) % 20000, ((seq * 31) % 500000) / 100 + 1, 1 + seq % 9,
               TIMESTAMP('2022-01-01 00:00:00') + INTERVAL (seq % 86400) SECOND
        FROM seq_${rows + 1}_to_${rows + more}`);
      await my2.end();
      for (const mode of ['replicate', 'star'] as const) {
        // Each measured run starts from the same fully loaded warehouse (a template copy).
        const inc: number[] = [];
        for (let i = 0; i < runs; i++) {
          const name = `${full[mode].database}_i${i}`;
          const admin = await pgAdmin({ ...full[mode], database: 'postgres' });
          await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${full[mode].database}"`);
          await admin.end();
          const w = { ...full[mode], database: name };
          made.push(w);
          const r = await runChild(source, w, { mode });
          inc.push(r.syncMs);
          console.log(`  incremental ${mode} ${i + 1}: wall ${(r.wallMs / 1000).toFixed(2)} s, sync ${(r.syncMs / 1000).toFixed(3)} s; ${r.checks.join('; ')}`);
        }
        report[`incremental ${mode} sync s`] = +(median(inc) / 1000).toFixed(3);
        if (times[`${mode} sync`]) report[`incremental ${mode} vs full sync`] = `${((median(inc) / median(times[`${mode} sync`])) * 100).toFixed(1)} %`;
      }
    }
    console.log(JSON.stringify(report, null, 2));
  } finally {
    await dropAll();
    await dropMysqlDb(source);
  }
}

void main();
