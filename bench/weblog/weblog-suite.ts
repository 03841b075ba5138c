import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runPipelineTimed, type EtlCli } from '../etl/etl-cli.js';
import { benchDir, repoRoot } from '../etl/paths.js';
import { failureText, runTimedPipeline, sumCpuS, sumPeakRssMiB } from '../measure/timed-process.js';
import { median, round } from '../report/stats.js';
import { pgServer, pgUrl, recreatePgDb, dropPgDb, withPg } from '../servers/servers.js';
import { DROP_IP, makeWebLog, type WebLogStats } from './make-log.js';

export interface WeblogRun {
  wallS: number;
  peakRssMiB: number;
  cpuS: number;
  mismatches: string[];
}

export interface WeblogCaseSummary {
  runs: number;
  wallS: number;
  linesPerS: number;
  mbPerS: number;
  peakRssMiB: number;
  cpuS: number;
  verified: boolean;
  mismatches: string[];
  wallRunsS: number[];
}

export interface WeblogResult {
  file: string;
  bytes: number;
  lines: number;
  dropIpLines: number;
  cutGrep?: WeblogCaseSummary;
  extractFilter?: WeblogCaseSummary;
  parseLoad?: WeblogCaseSummary;
  /** ETL Studio extract+filter wall over cut | grep wall. */
  extractFilterVsCut?: number;
  errors: Record<string, string>;
}

async function md5File(file: string): Promise<string> {
  const h = createHash('md5');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

function summarise(runs: WeblogRun[], log: WebLogStats): WeblogCaseSummary {
  const wall = median(runs.map((r) => r.wallS));
  const mismatches = [...new Set(runs.flatMap((r) => r.mismatches))];
  return {
    runs: runs.length,
    wallS: round(wall, 3),
    linesPerS: Math.round(log.lines / wall),
    mbPerS: round(log.bytes / 1e6 / wall, 1),
    peakRssMiB: round(Math.max(...runs.map((r) => r.peakRssMiB)), 1),
    cpuS: round(median(runs.map((r) => r.cpuS))),
    verified: mismatches.length === 0,
    mismatches,
    wallRunsS: runs.map((r) => round(r.wallS, 3)),
  };
}

/**
 * The web-log comparison on a generated log: `cut -d" " -f1 | grep -v IP > out` against
 * ETL Studio's extract + filter pipeline (outputs compared byte for byte), and the full
 * parse of every combined field loaded into the warehouse with COPY (rows and sums checked).
 */
export async function runWeblogSuite(opts: {
  cli: EtlCli;
  bytes: number;
  seed: number;
  runs: number;
  warehouseDb: string;
  cacheDir?: string;
  log: (m: string) => void;
}): Promise<WeblogResult> {
  const sample = path.join(repoRoot(), 'assets', 'sample-data', 'softcart', 'accesslog.txt');
  opts.log(`\n== web log (${(opts.bytes / 2 ** 20).toFixed(0)} MiB, seed ${opts.seed}) ==`);
  const log = await makeWebLog({ sample, cacheDir: opts.cacheDir ?? path.join(os.tmpdir(), 'etl-bench-weblog'), bytes: opts.bytes, seed: opts.seed });
  opts.log(`  log: ${log.file}, ${log.lines.toLocaleString('en-US')} lines, ${log.dropIpLines.toLocaleString('en-US')} of them from ${DROP_IP}`);
  const result: WeblogResult = { file: log.file, bytes: log.bytes, lines: log.lines, dropIpLines: log.dropIpLines, errors: {} };
  const work = await mkdtemp(path.join(os.tmpdir(), 'etl-bench-weblog-run-'));
  const cutRuns: WeblogRun[] = [];
  const etlRuns: WeblogRun[] = [];
  const loadRuns: WeblogRun[] = [];
  const cutOut = path.join(work, 'cut-grep.txt');
  let expectedMd5 = '';
  try {
    for (let i = 0; i < opts.runs; i++) {
      opts.log(` run ${i + 1}/${opts.runs}`);
      if (!result.errors.cutGrep) {
        try {
          const run = await runTimedPipeline([{ cmd: 'cut', args: ['-d', ' ', '-f1', log.file] }, { cmd: 'grep', args: ['-v', DROP_IP] }], { stdoutFile: cutOut, timeoutMs: 1_800_000 });
          if (run.code !== 0) throw new Error(failureText('cut | grep', run));
          const mismatches: string[] = [];
          expectedMd5 = await md5File(cutOut);
          const lines = await countLines(cutOut);
          if (lines !== log.lines - log.dropIpLines) mismatches.push(`cut | grep wrote ${lines} lines, expected ${log.lines - log.dropIpLines}`);
          cutRuns.push({ wallS: run.wallMs / 1000, peakRssMiB: sumPeakRssMiB(run.clients), cpuS: sumCpuS(run.clients), mismatches });
          opts.log(`  cut | grep: ${(run.wallMs / 1000).toFixed(2)} s`);
        } catch (e) {
          result.errors.cutGrep = e instanceof Error ? e.message : String(e);
          opts.log(`  cut | grep: FAILED: ${result.errors.cutGrep}`);
        }
      }
      if (!result.errors.extractFilter) {
        try {
          const file = path.join(benchDir(), 'weblog', 'pipelines', 'extract-filter.json');
          const { run, result: out } = await runPipelineTimed(opts.cli, file, { input: log.file, drop_ip: DROP_IP });
          const produced = path.join(out.folder, 'transform_data', 'transformed_data.txt');
          const mismatches: string[] = [];
          const md5 = await md5File(produced).catch(() => 'missing');
          if (expectedMd5 && md5 !== expectedMd5) {
            mismatches.push(`transformed_data.txt (${await stat(produced).then((s) => s.size, () => 0)} bytes) differs from the cut | grep output`);
          }
          const lines = await countLines(produced).catch(() => -1);
          if (lines !== log.lines - log.dropIpLines) mismatches.push(`transformed_data.txt has ${lines} lines, expected ${log.lines - log.dropIpLines}`);
          const rejected = out.tasks.reduce((a, t) => a + t.metrics.rowsRejected, 0);
          if (rejected) mismatches.push(`${rejected} lines rejected`);
          etlRuns.push({ wallS: run.wallMs / 1000, peakRssMiB: sumPeakRssMiB(run.clients), cpuS: sumCpuS(run.clients), mismatches });
          opts.log(`  ETL Studio extract + filter: ${(run.wallMs / 1000).toFixed(2)} s${mismatches.length ? `, MISMATCH: ${mismatches.join('; ')}` : ', output byte-equal to cut | grep'}`);
          await rm(out.folder, { recursive: true, force: true });
        } catch (e) {
          result.errors.extractFilter = e instanceof Error ? e.message : String(e);
          opts.log(`  ETL Studio extract + filter: FAILED: ${result.errors.extractFilter}`);
        }
      }
      if (!result.errors.parseLoad) {
        try {
          await recreatePgDb(opts.warehouseDb);
          const file = path.join(benchDir(), 'weblog', 'pipelines', 'parse-load.json');
          const { run, result: out } = await runPipelineTimed(opts.cli, file, {
            input: log.file,
            warehouse: pgUrl(pgServer(), opts.warehouseDb),
            log_table: 'web_log',
          });
          const got = await withPg(opts.warehouseDb, async (c) =>
            (await c.query<{ n: string; drop: string; b: string | null }>(
              'SELECT COUNT(*)::text AS n, COUNT(*) FILTER (WHERE ip = $1)::text AS drop, SUM(bytes)::text AS b FROM web_log',
              [DROP_IP],
            )).rows[0]!,
          );
          const mismatches: string[] = [];
          if (Number(got.n) !== log.lines) mismatches.push(`web_log holds ${got.n} rows, the log has ${log.lines} lines`);
          if (Number(got.drop) !== log.dropIpLines) mismatches.push(`web_log has ${got.drop} rows of ${DROP_IP}, expected ${log.dropIpLines}`);
          if (Number(got.b ?? 0) !== log.sumBytes) mismatches.push(`sum(bytes) ${got.b}, expected ${log.sumBytes}`);
          loadRuns.push({ wallS: run.wallMs / 1000, peakRssMiB: sumPeakRssMiB(run.clients), cpuS: sumCpuS(run.clients), mismatches });
          const task = (id: string) => out.tasks.find((t) => t.taskId === id)?.durationMs ?? 0;
          opts.log(
            `  ETL Studio parse + COPY: ${(run.wallMs / 1000).toFixed(2)} s (parse ${(task('parse_log') / 1000).toFixed(1)} s, load ${(task('load_log_table') / 1000).toFixed(1)} s), ` +
              `${Math.round(log.lines / (run.wallMs / 1000)).toLocaleString('en-US')} lines/s${mismatches.length ? `, MISMATCH: ${mismatches.join('; ')}` : ', table matches the log'}`,
          );
          await rm(out.folder, { recursive: true, force: true });
        } catch (e) {
          result.errors.parseLoad = e instanceof Error ? e.message : String(e);
          opts.log(`  ETL Studio parse + COPY: FAILED: ${result.errors.parseLoad}`);
        }
      }
    }
  } finally {
    await rm(work, { recursive: true, force: true });
    await dropPgDb(opts.warehouseDb).catch(() => undefined);
  }
  if (cutRuns.length) result.cutGrep = summarise(cutRuns, log);
  if (etlRuns.length) result.extractFilter = summarise(etlRuns, log);
  if (loadRuns.length) result.parseLoad = summarise(loadRuns, log);
  if (result.cutGrep && result.extractFilter) result.extractFilterVsCut = round(result.extractFilter.wallS / result.cutGrep.wallS, 2);
  return result;
}

async function countLines(file: string): Promise<number> {
  let n = 0;
  for await (const chunk of createReadStream(file)) {
    const b = chunk as Buffer;
    for (let i = b.indexOf(10); i !== -1; i = b.indexOf(10, i + 1)) n++;
  }
  return n;
}
