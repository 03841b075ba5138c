import path from 'node:path';
import { copyPipeCase } from '../cases/copy-pipe.js';
import { CASE_LABELS, type CaseContext, type CaseName, type CaseRun } from '../cases/case-context.js';
import { appSyncCase } from '../cases/app-sync.js';
import { etlSyncCase } from '../cases/etl-sync.js';
import { incrementalCase } from '../cases/incremental.js';
import { pgloaderCase } from '../cases/pgloader.js';
import { rowByRowCase } from '../cases/row-by-row.js';
import { startEtlApp, type EtlApp } from '../etl/etl-app.js';
import { generateSoftcart, type EtlCli } from '../etl/etl-cli.js';
import { summarise, type IncrementalSummary, type SizeResult } from '../report/results.js';
import { SMALL_SIZE_ROWS } from '../options/options.js';
import { round } from '../report/stats.js';
import { dropMysqlDb, dropPgDb, mysqlServer, mysqlUrl, pgServer, pgUrl, recreateMysqlDb, type BenchDatabases } from '../servers/servers.js';
import { mysqlSalesFingerprint, mysqlStarFingerprint } from '../verify/fingerprints.js';

export interface DbSuiteOptions {
  sizes: number[];
  runs: number;
  /** Runs per case at sizes up to SMALL_SIZE_ROWS (the row-by-row sample keeps `runs`). */
  smallRuns?: number;
  seed: number;
  rowByRowSample: number;
  dbs: BenchDatabases;
  cli: EtlCli;
  /** Which methods to run (all by default). */
  cases?: CaseName[];
  incremental?: boolean;
  /** Called after the full-load runs of a size, while its data is still in place (the profile). */
  afterSize?: (ctx: CaseContext, rows: number) => Promise<void>;
  /** Keep the databases afterwards (default: drop them). */
  keepDatabases?: boolean;
  log: (message: string) => void;
}

export interface DbSuiteResult {
  sizes: SizeResult[];
  incremental?: IncrementalSummary;
}

export const ALL_CASES: CaseName[] = ['pipe', 'pgloader', 'replicate', 'star', 'replicateApp', 'starApp', 'rowByRow'];

const fmt = (n: number) => n.toLocaleString('en-US');
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

function describeRun(name: CaseName, r: CaseRun): string {
  if (name === 'rowByRow') {
    return `  ${CASE_LABELS[name]}: sample of ${fmt(r.rows)} rows in ${r.wallS.toFixed(2)} s, peak RSS ${r.peakRssMiB.toFixed(0)} MiB; ${r.mismatches.length ? `MISMATCH: ${r.mismatches.join('; ')}` : 'target matches the source'}`;
  }
  const rate = Math.round(r.rows / r.wallS);
  const engine = r.engineS !== undefined ? ` (sync ${r.engineS.toFixed(2)} s)` : '';
  const check = r.mismatches.length ? `MISMATCH: ${r.mismatches.join('; ')}` : 'target matches the source';
  return `  ${CASE_LABELS[name]}: ${r.wallS.toFixed(2)} s${engine}, ${fmt(rate)} rows/s, peak RSS ${r.peakRssMiB.toFixed(0)} MiB; ${check}`;
}

/**
 * The first sync the CLI runs after a build writes V8's code cache for it
 * (electron/cli/code-cache.cts), which every later run reads: a one-time cost of an
 * installation, not of a sync. It runs once per mode before the measured runs, is checked
 * like them, and its time is reported apart.
 */
async function firstCliRuns(ctx: CaseContext, cases: readonly CaseName[], size: SizeResult, log: (m: string) => void): Promise<void> {
  for (const mode of ['replicate', 'star'] as const) {
    if (!cases.includes(mode)) continue;
    const run = await etlSyncCase(ctx, mode);
    if (run.mismatches.length) throw new Error(`The first ${mode} CLI run left a target that does not match the source: ${run.mismatches.join('; ')}`);
    (size.firstCliRunS ??= {})[mode] = round(run.wallS);
    log(`  first ${CASE_LABELS[mode]} CLI run after the build (writes V8's code cache; not in the figures): ${run.wallS.toFixed(2)} s`);
  }
}

/**
 * The MariaDB -> PostgreSQL comparison: for each size, seeded data in the source, then
 * every method `runs` times (interleaved, so a burst of load from other users hits
 * each method alike), each run into a freshly created warehouse and checked against
 * the source. The largest size then gets the incremental 1 % case.
 */
export async function runDbSuite(opts: DbSuiteOptions): Promise<DbSuiteResult> {
  const cases = opts.cases ?? ALL_CASES;
  const sourceUrl = mysqlUrl(mysqlServer(), opts.dbs.source);
  const warehouseUrl = pgUrl(pgServer(), opts.dbs.warehouse);
  const out: DbSuiteResult = { sizes: [] };
  // The app's engine starts once, as the desktop app's does, and serves every in-app run.
  let app: Promise<EtlApp> | null = null;
  const runningApp = () => (app ??= startEtlApp(path.join(opts.cli.dataDir, 'app')));
  try {
    for (const [index, rows] of opts.sizes.entries()) {
      const largest = index === opts.sizes.length - 1;
      opts.log(`\n== ${fmt(rows)} rows (seed ${opts.seed}) ==`);
      await recreateMysqlDb(opts.dbs.source);
      const gen = await generateSoftcart(opts.cli, { rows, seed: opts.seed, intoUrl: sourceUrl });
      if (gen.rows !== rows) throw new Error(`The generator wrote ${gen.rows} rows, expected ${rows}`);
      opts.log(`  generated ${fmt(gen.rows)} rows in ${(gen.wallMs / 1000).toFixed(1)} s`);
      const ctx: CaseContext = {
        dbs: opts.dbs,
        cli: opts.cli,
        sourceUrl,
        warehouseUrl,
        source: await mysqlSalesFingerprint(opts.dbs.source),
        sourceStar: await mysqlStarFingerprint(opts.dbs.source),
      };
      const size: SizeResult = { rows, generateS: round(gen.wallMs / 1000), cases: {}, errors: {} };
      const runs: Partial<Record<CaseName, CaseRun[]>> = {};
      const sampleRates: number[] = [];
      if (index === 0) await firstCliRuns(ctx, cases, size, opts.log);
      const runCount = rows <= SMALL_SIZE_ROWS ? (opts.smallRuns ?? opts.runs) : opts.runs;
      for (let i = 0; i < runCount; i++) {
        opts.log(` run ${i + 1}/${runCount}`);
        for (const name of cases) {
          if (size.errors[name]) continue;
          // Extrapolated from a fixed sample anyway, and seconds per run: more runs add nothing.
          if (name === 'rowByRow' && i >= opts.runs) continue;
          try {
            let run: CaseRun;
            if (name === 'rowByRow') {
              const r = await rowByRowCase(ctx, Math.min(opts.rowByRowSample, rows));
              sampleRates.push(r.sampleRowsPerS);
              run = r;
            } else if (name === 'pipe') run = await copyPipeCase(ctx);
            else if (name === 'pgloader') run = await pgloaderCase(ctx);
            else if (name === 'replicateApp') run = await appSyncCase(ctx, await runningApp(), 'replicate');
            else if (name === 'starApp') run = await appSyncCase(ctx, await runningApp(), 'star');
            else run = await etlSyncCase(ctx, name);
            (runs[name] ??= []).push(run);
            opts.log(describeRun(name, run));
          } catch (e) {
            size.errors[name] = errorText(e);
            opts.log(`  ${CASE_LABELS[name]}: FAILED: ${errorText(e)}`);
          }
        }
      }
      for (const name of cases) {
        const r = runs[name];
        if (r?.length) size.cases[name] = summarise(r, rows, name === 'rowByRow' ? sampleRates : undefined);
      }
      out.sizes.push(size);
      if (opts.afterSize) await opts.afterSize(ctx, rows);
      if (largest && opts.incremental !== false) {
        try {
          // 1 % of the rows: a run of a fraction of a second, as noisy as the small sizes.
          const appModes = (['replicate', 'star'] as const).filter((m) => cases.includes(`${m}App`));
          const inc = await incrementalCase(ctx, {
            baseRows: rows,
            seed: opts.seed,
            runs: opts.smallRuns ?? opts.runs,
            log: opts.log,
            app: appModes.length ? { modes: appModes, running: runningApp } : undefined,
          });
          const summary: IncrementalSummary = { baseRows: rows, newRows: inc.newRows };
          for (const mode of ['replicate', 'star'] as const) {
            const s = summarise(inc[mode], inc.newRows);
            summary[mode] = s;
            const full = size.cases[mode];
            if (full) {
              summary[`${mode}ShareWall`] = round(s.wallS / full.wallS, 4);
              if (s.engineS !== undefined && full.engineS) summary[`${mode}ShareEngine`] = round(s.engineS / full.engineS, 4);
            }
            const appRuns = inc[`${mode}App`];
            if (appRuns.length) {
              const inApp = summarise(appRuns, inc.newRows);
              summary[`${mode}App`] = inApp;
              const fullInApp = size.cases[`${mode}App`];
              if (fullInApp) summary[`${mode}AppShareWall`] = round(inApp.wallS / fullInApp.wallS, 4);
            }
          }
          if (inc.pipe.length) {
            const pipe = summarise(inc.pipe, inc.newRows);
            summary.pipe = pipe;
            const fullPipe = size.cases.pipe;
            if (fullPipe) summary.pipeShareWall = round(pipe.wallS / fullPipe.wallS, 4);
            if (summary.replicate) summary.replicateVsPipe = round(pipe.wallS / summary.replicate.wallS, 3);
          }
          out.incremental = summary;
        } catch (e) {
          out.incremental = { baseRows: rows, newRows: 0, error: errorText(e) };
          opts.log(`  incremental: FAILED: ${errorText(e)}`);
        }
      }
    }
    return out;
  } finally {
    if (app) await (await app.catch(() => null))?.stop();
    if (!opts.keepDatabases) {
      await dropPgDb(opts.dbs.warehouse).catch(() => undefined);
      await dropPgDb(opts.dbs.warehouseFull).catch(() => undefined);
      await dropMysqlDb(opts.dbs.source).catch(() => undefined);
    }
  }
}
