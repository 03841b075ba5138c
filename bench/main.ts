import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { CaseContext } from './cases/case-context.js';
import type { EtlCli } from './etl/etl-cli.js';
import { benchDir, repoRoot } from './etl/paths.js';
import { TIME_BIN } from './measure/timed-process.js';
import { parseOptions, USAGE, type BenchOptions } from './options/options.js';
import { profileReplicate, type SyncProfile } from './profile/profile-sync.js';
import { resultsMarkdown, type BenchResults, type Environment } from './report/markdown.js';
import { evaluateTargets } from './report/targets.js';
import { readResults, writeResults } from './report/write.js';
import { parseCpuProfile, summariseCpuProfile } from './profile/summarise-cpuprofile.js';
import { withBenchLock } from './servers/bench-lock.js';
import { DEFAULT_DATABASES, serverVersions } from './servers/servers.js';
import { runDbSuite, type DbSuiteResult } from './suite/db-suite.js';
import { runWeblogSuite, type WeblogResult } from './weblog/weblog-suite.js';
import { nodeStartCost } from './measure/process-env.js';

const run = promisify(execFile);

async function uptime(): Promise<string> {
  return (await run('uptime').then((r) => r.stdout, () => '')).trim();
}

const loadavg = () => os.loadavg().map((v) => Math.round(v * 100) / 100);

/** The benchmark needs GNU time and pgloader; Debian has both, and root may install them. */
async function ensureTools(log: (m: string) => void): Promise<void> {
  const missing: string[] = [];
  if (!existsSync(TIME_BIN)) missing.push('time');
  if (!(await run('pgloader', ['--version']).then(() => true, () => false))) missing.push('pgloader');
  if (!missing.length) return;
  if (process.getuid?.() !== 0) throw new Error(`Missing ${missing.join(' and ')}: install with: sudo apt-get install -y ${missing.join(' ')}`);
  log(`Installing ${missing.join(', ')} from Debian's packages...`);
  await run('apt-get', ['install', '-y', ...missing], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, maxBuffer: 64 << 20 });
}

async function codeVersion(): Promise<{ commit: string; uncommittedAppFiles: string[] }> {
  const cwd = repoRoot();
  const commit = (await run('git', ['rev-parse', '--short', 'HEAD'], { cwd }).then((r) => r.stdout, () => '?')).trim();
  const status = await run('git', ['status', '--porcelain', '--', 'electron', 'shared'], { cwd }).then((r) => r.stdout, () => '');
  return { commit, uncommittedAppFiles: status.split('\n').filter(Boolean).map((l) => l.slice(3)) };
}

async function pgloaderVersion(): Promise<string> {
  const out = await run('pgloader', ['--version']).then((r) => r.stdout, () => '');
  return /version "([^"]+)"/.exec(out)?.[1] ?? 'not installed';
}

interface Parts {
  db?: DbSuiteResult;
  weblog?: WeblogResult;
  profile?: SyncProfile;
  profileError?: string;
}

/** The selected parts in order: the database comparison (with the profile at its size), then the web log. */
async function runParts(opts: BenchOptions, env: Environment, cli: EtlCli, log: (m: string) => void): Promise<Parts> {
  const out: Parts = {};
  if (opts.db) {
    const profileSize = opts.sizes.includes(1_000_000) ? 1_000_000 : opts.sizes.filter((s) => s <= 1_000_000).at(-1) ?? opts.sizes[0]!;
    out.db = await runDbSuite({
      sizes: opts.sizes,
      runs: opts.runs,
      smallRuns: opts.smallRuns,
      seed: opts.seed,
      rowByRowSample: opts.rowByRowSample,
      dbs: DEFAULT_DATABASES,
      cli,
      log,
      afterSize: async (ctx: CaseContext, rows: number) => {
        env.loadDuring.push({ after: `${rows.toLocaleString('en-US')} rows`, load: loadavg() });
        if (!opts.profile || rows !== profileSize) return;
        log(`  profiling the replicate sync of ${rows.toLocaleString('en-US')} rows under node --cpu-prof`);
        try {
          await mkdir(opts.resultsDir, { recursive: true });
          const profile = await profileReplicate(ctx, rows, opts.resultsDir);
          out.profile = profile;
          log(`  profile: ${profile.summary.areas.slice(0, 6).map((a) => `${a.area} ${a.share.toFixed(0)} %`).join(', ')}`);
        } catch (e) {
          out.profileError = e instanceof Error ? e.message : String(e);
          log(`  profile FAILED: ${out.profileError}`);
        }
      },
    });
  }
  if (opts.weblog) {
    out.weblog = await runWeblogSuite({ cli, bytes: opts.weblogBytes, seed: opts.seed, runs: opts.runs, warehouseDb: DEFAULT_DATABASES.warehouse, log });
    env.loadDuring.push({ after: 'web log', load: loadavg() });
  }
  return out;
}

/** Rebuilds latest.md from latest.json: after a change to the report, or to re-read the saved profile. */
async function rerender(dir: string, log: (m: string) => void): Promise<number> {
  const results = await readResults(dir);
  const saved = results.profile?.savedAs;
  if (results.profile && saved && existsSync(saved)) {
    results.profile.summary = summariseCpuProfile(parseCpuProfile(await readFile(saved, 'utf8')), 25);
  }
  results.targets = evaluateTargets(results.db, results.weblog);
  const md = resultsMarkdown(results);
  const written = await writeResults(dir, results, md);
  log(md);
  log(`Written: ${written.join(', ')}`);
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  let opts: BenchOptions | 'help';
  try {
    opts = parseOptions(argv, path.join(benchDir(), 'results'));
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n\n${USAGE}\n`);
    return 2;
  }
  if (opts === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const log = (m: string) => process.stdout.write(`${m}\n`);
  if (opts.rerender) return rerender(opts.resultsDir, log);
  const started = Date.now();
  await ensureTools(log);
  const versions = await serverVersions();
  const env: Environment = {
    ...(await codeVersion()),
    node: process.version,
    cpus: os.cpus().length,
    memTotalMiB: Math.round(os.totalmem() / 2 ** 20),
    mariadb: versions.mariadb,
    postgres: versions.postgres,
    pgloader: await pgloaderVersion(),
    uptimeStart: await uptime(),
    uptimeEnd: '',
    loadStart: loadavg(),
    loadEnd: [],
    loadDuring: [],
    nodeStart: await nodeStartCost(),
  };
  log(`ETL Studio benchmark: sizes ${opts.db ? opts.sizes.map((s) => s.toLocaleString('en-US')).join(', ') : '-'}, ${opts.runs} run(s) each, seed ${opts.seed}${opts.weblog ? ', web log' : ''}${opts.profile ? ', profile' : ''}`);
  log(`Load at start: ${env.uptimeStart}`);

  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'etl-bench-data-'));
  let parts: Parts;
  try {
    parts = await withBenchLock(DEFAULT_DATABASES.source, log, () => runParts(opts, env, { dataDir }, log));
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
  const { db, weblog, profile, profileError } = parts;
  env.uptimeEnd = await uptime();
  env.loadEnd = loadavg();
  const results: BenchResults = {
    generatedAt: new Date().toISOString(),
    durationS: Math.round((Date.now() - started) / 1000),
    command: `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`,
    options: {
      sizes: opts.db ? opts.sizes : [],
      runs: opts.runs,
      seed: opts.seed,
      rowByRowSample: opts.rowByRowSample,
      weblogBytes: opts.weblog ? opts.weblogBytes : null,
      profile: opts.profile,
    },
    environment: env,
    ...(db ? { db } : {}),
    ...(weblog ? { weblog } : {}),
    ...(profile ? { profile } : {}),
    ...(profileError ? { profileError } : {}),
    targets: evaluateTargets(db, weblog),
  };
  const md = resultsMarkdown(results);
  const written = await writeResults(opts.resultsDir, results, md);
  log(`\n${md}`);
  log(`Written: ${written.join(', ')}`);
  // Performance targets inform; a wrong result or a failed method is an error.
  const broken = results.targets.filter((t) => t.pass === false && /match/.test(t.name));
  if (broken.length || profileError) {
    log(`Correctness problems: ${[...broken.map((t) => `${t.name}: ${t.measured}`), ...(profileError ? [`profile: ${profileError}`] : [])].join('; ')}`);
    return 1;
  }
  return 0;
}

