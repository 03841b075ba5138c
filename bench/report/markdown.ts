import { CASE_LABELS, type CaseName } from '../cases/case-context.js';
import type { SyncProfile } from '../profile/profile-sync.js';
import type { DbSuiteResult } from '../suite/db-suite.js';
import type { WeblogResult } from '../weblog/weblog-suite.js';
import type { TimelineEntry } from '../etl/run-log.js';
import type { CaseSummary } from './results.js';
import type { Target } from './targets.js';
import type { NodeStartCost } from '../measure/process-env.js';

export interface Environment {
  /** The commit the benchmarked code was compiled from, and uncommitted app files at that time. */
  commit: string;
  uncommittedAppFiles: string[];
  node: string;
  cpus: number;
  memTotalMiB: number;
  mariadb: string;
  postgres: string;
  pgloader: string;
  /** `uptime` output and 1/5/15-minute load averages, when the benchmark started and ended. */
  uptimeStart: string;
  uptimeEnd: string;
  loadStart: number[];
  loadEnd: number[];
  /** Load averages after each part (size, web log), to judge how noisy each was. */
  loadDuring: { after: string; load: number[] }[];
  /** What the variables the timed processes run without cost a Node start here (measure/process-env.ts). */
  nodeStart?: NodeStartCost | null;
}

export interface BenchResults {
  generatedAt: string;
  durationS: number;
  command: string;
  options: { sizes: number[]; runs: number; seed: number; rowByRowSample: number; weblogBytes: number | null; profile: boolean };
  environment: Environment;
  db?: DbSuiteResult;
  weblog?: WeblogResult;
  profile?: SyncProfile;
  profileError?: string;
  targets: Target[];
}

const n0 = (n: number) => Math.round(n).toLocaleString('en-US');
const f = (n: number | undefined, d = 2) => (n === undefined || !Number.isFinite(n) ? '-' : n.toFixed(d));
const rowsLabel = (n: number) => (n >= 1_000_000 && n % 1_000_000 === 0 ? `${n / 1_000_000} M` : n >= 1000 && n % 1000 === 0 ? `${n / 1000} k` : n0(n));

function table(head: string[], rows: string[][], right: Set<number>): string {
  const sep = head.map((_, i) => (right.has(i) ? '---:' : '---'));
  const cell = (c: string) => c.replace(/\|/g, '\\|');
  return [head.map(cell), sep, ...rows.map((r) => r.map(cell))].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

const ORDER: CaseName[] = ['replicate', 'star', 'replicateApp', 'starApp', 'pipe', 'pgloader', 'rowByRow'];

function caseRow(name: CaseName, c: CaseSummary, pipe: CaseSummary | undefined, pgl: CaseSummary | undefined): string[] {
  const wall = c.extrapolated ? `${f(c.wallS, 1)} (extrapolated from ${n0(c.extrapolated.sampleRows)} rows)` : f(c.wallS);
  return [
    CASE_LABELS[name],
    wall,
    c.engineS !== undefined ? f(c.engineS) : '',
    n0(c.rowsPerS),
    pipe ? `${f(c.rowsPerS / pipe.rowsPerS)}x` : '-',
    pgl ? `${f(c.rowsPerS / pgl.rowsPerS)}x` : '-',
    f(c.peakRssMiB, 0),
    f(c.clientCpuS),
    f(c.pgBackendS),
    f(c.mariadbS),
    c.verified ? 'match' : `MISMATCH: ${c.mismatches.join('; ')}`,
  ];
}

const CASE_HEAD = ['method', 'wall s (median)', 'sync s', 'rows/s', 'x pipe', 'x pgloader', 'peak RSS MiB', 'client CPU s', 'PG backend CPU s', 'mariadbd CPU s', 'target vs source'];
const CASE_RIGHT = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9]);

export function dbMarkdown(db: DbSuiteResult, runs: number): string {
  const parts: string[] = [];
  for (const s of db.sizes) {
    const counts = Object.values(s.cases).map((c) => c.runs);
    const most = counts.length ? Math.max(...counts) : runs;
    const fewer = s.cases.rowByRow && s.cases.rowByRow.runs < most ? `; row-by-row: ${s.cases.rowByRow.runs}` : '';
    parts.push(`### ${rowsLabel(s.rows)} rows (MariaDB sales_data -> PostgreSQL, median of ${most} run${most > 1 ? 's' : ''}${fewer})`, '');
    const rows = ORDER.filter((n) => s.cases[n]).map((n) => caseRow(n, s.cases[n]!, s.cases.pipe, s.cases.pgloader));
    for (const [name, err] of Object.entries(s.errors)) rows.push([CASE_LABELS[name as CaseName], 'FAILED', '', '', '', '', '', '', '', '', err.replace(/\n/g, ' ').slice(0, 300)]);
    parts.push(table(CASE_HEAD, rows, CASE_RIGHT), '');
    const first = s.firstCliRunS;
    if (first && (first.replicate !== undefined || first.star !== undefined)) {
      const said = (['replicate', 'star'] as const).filter((k) => first[k] !== undefined).map((k) => `${k} ${f(first[k]!)} s`).join(', ');
      parts.push(`Not in the figures: the first CLI sync after the build, which writes V8's code cache that later runs read (electron/cli/code-cache.cts): ${said}.`, '');
    }
  }
  const inc = db.incremental;
  if (inc) {
    parts.push(`### Incremental: ${n0(inc.newRows)} new rows (1 %) on ${rowsLabel(inc.baseRows)}`, '');
    if (inc.error) parts.push(`FAILED: ${inc.error}`, '');
    else {
      const rows: string[][] = [];
      for (const mode of ['replicate', 'star'] as const) {
        const c = inc[mode];
        if (!c) continue;
        rows.push([
          `ETL Studio ${mode}, incremental`,
          f(c.wallS),
          f(c.engineS),
          `${f((inc[`${mode}ShareWall`] ?? NaN) * 100, 1)} %`,
          `${f((inc[`${mode}ShareEngine`] ?? NaN) * 100, 1)} %`,
          f(c.peakRssMiB, 0),
          f(c.pgBackendS),
          f(c.mariadbS),
          c.verified ? 'match' : `MISMATCH: ${c.mismatches.join('; ')}`,
        ]);
      }
      for (const mode of ['replicate', 'star'] as const) {
        const c = inc[`${mode}App`];
        if (!c) continue;
        rows.push([
          `ETL Studio ${mode}, incremental, in the running app`,
          f(c.wallS),
          f(c.engineS),
          `${f((inc[`${mode}AppShareWall`] ?? NaN) * 100, 1)} %`,
          '',
          f(c.peakRssMiB, 0),
          f(c.pgBackendS),
          f(c.mariadbS),
          c.verified ? 'match' : `MISMATCH: ${c.mismatches.join('; ')}`,
        ]);
      }
      const pipe = inc.pipe;
      if (pipe) {
        rows.push([
          'mysql | psql COPY pipe, rows above a given key (peer)',
          f(pipe.wallS),
          '',
          inc.pipeShareWall === undefined ? '' : `${f(inc.pipeShareWall * 100, 1)} %`,
          '',
          f(pipe.peakRssMiB, 0),
          f(pipe.pgBackendS),
          f(pipe.mariadbS),
          pipe.verified ? 'match' : `MISMATCH: ${pipe.mismatches.join('; ')}`,
        ]);
      }
      parts.push(table(['method', 'wall s (median)', 'sync s', 'wall vs full load', 'sync vs full load', 'peak RSS MiB', 'PG backend CPU s', 'mariadbd CPU s', 'target vs source'], rows, new Set([1, 2, 3, 4, 5, 6, 7])), '');
      if (inc.replicateVsPipe !== undefined) {
        parts.push(
          `For the same new rows, ETL Studio replicate moves ${f(inc.replicateVsPipe)}x the pipe's rows/s (wall time with every process's start). The pipe is handed the key to start above and checks nothing; the sync reads its watermark, takes a snapshot, and checks the counts and sums on both sides. Each pipe run also starts from a copy of the fully loaded warehouse; "vs full load" is over the pipe's own full load, and in the running app over the same mode's full load in the running app.`,
          '',
        );
      }
    }
  }
  return parts.join('\n');
}

export function weblogMarkdown(w: WeblogResult): string {
  const rows: string[][] = [];
  const add = (label: string, c: WeblogResult['cutGrep']) => {
    if (!c) return;
    rows.push([label, f(c.wallS), n0(c.linesPerS), f(c.mbPerS, 0), f(c.peakRssMiB, 0), f(c.cpuS), c.verified ? 'match' : `MISMATCH: ${c.mismatches.join('; ')}`]);
  };
  add('cut -d" " -f1 | grep -v 198.46.149.143 > out', w.cutGrep);
  add('ETL Studio extract + filter (log.extract, transform.filter)', w.extractFilter);
  add('ETL Studio full parse + COPY (log.extract combined, load.table)', w.parseLoad);
  for (const [k, e] of Object.entries(w.errors)) rows.push([k, 'FAILED', '', '', '', '', e.replace(/\n/g, ' ').slice(0, 300)]);
  return [
    `### Web log: ${(w.bytes / 2 ** 20).toFixed(0)} MiB, ${n0(w.lines)} combined lines (${n0(w.dropIpLines)} from the dropped IP)`,
    '',
    table(['method', 'wall s (median)', 'lines/s', 'MB/s', 'peak RSS MiB', 'CPU s', 'output check'], rows, new Set([1, 2, 3, 4, 5])),
    '',
  ].join('\n');
}

export function profileMarkdown(p: SyncProfile): string {
  const lines = [
    `### Profile: replicate sync of ${rowsLabel(p.rows)} rows under node --cpu-prof`,
    '',
    `Wall ${f(p.run.wallS)} s (sync ${f(p.run.engineS)} s). CPU seconds: ETL Studio client ${f(p.run.clientCpuS)}, PostgreSQL backend ${f(p.run.server.pgBackendS)}, ` +
      `PostgreSQL helpers (WAL writer, checkpointer, autovacuum) ${f(p.run.server.pgAuxS)}, mariadbd ${f(p.run.server.mariadbS)}. ` +
      `Client profile: ${n0(p.summary.totalMs)} ms sampled, ${n0(p.summary.busyMs)} ms busy.`,
    '',
    table(['area', 'self ms', 'share'], p.summary.areas.slice(0, 12).map((a) => [a.area, n0(a.selfMs), `${f(a.share, 1)} %`]), new Set([1, 2])),
    '',
    table(['function', 'where', 'self ms', 'share'], p.summary.top.slice(0, 15).map((t) => [t.name, t.where, n0(t.selfMs), `${f(t.share, 1)} %`]), new Set([2, 3])),
    '',
  ];
  return lines.join('\n');
}

function timelineBlock(title: string, c: CaseSummary | undefined): string[] {
  if (!c?.timeline?.length) return [];
  const line = (e: TimelineEntry) => `${`+${e.ms}`.padStart(7)} ms ${e.level.padEnd(5)} ${e.message.length > 220 ? `${e.message.slice(0, 217)}...` : e.message}`;
  // Fifty batches say no more than a few: the head, the tail, and how many were left out (latest.json has them all).
  const t = c.timeline;
  const body = t.length <= 30 ? t.map(line) : [...t.slice(0, 14).map(line), `   ... ${t.length - 24} more lines ...`, ...t.slice(-10).map(line)];
  const rss = c.rssCurveMiB?.length ? [`RSS of the CLI at 10 %, 20 %, ... 100 % of that run: ${c.rssCurveMiB.join(', ')} MiB (peak ${f(c.peakRssMiB, 0)} MiB).`, ''] : [];
  return [`${title} (the run closest to the median, from its log):`, '', '```', ...body, '```', '', ...rss];
}

/** The sync's own log lines with their offsets: connect, snapshot, batches (with per-step SQL times), checks. */
export function timelinesMarkdown(db: DbSuiteResult): string {
  const largest = db.sizes.at(-1);
  const parts: string[] = [];
  const curves = db.sizes.flatMap((s) =>
    (['replicate', 'star'] as const).filter((m) => s.cases[m]?.rssCurveMiB?.length).map((m) => `| ${rowsLabel(s.rows)} | ${m} | ${s.cases[m]!.rssCurveMiB!.join(' ')} | ${f(s.cases[m]!.peakRssMiB, 0)} |`),
  );
  if (curves.length) {
    parts.push('Memory over a run (RSS of the CLI in MiB at 10 %, 20 %, ... 100 % of the wall time, the run closest to the median):', '', '| rows | mode | RSS curve | peak |', '| ---: | --- | --- | ---: |', ...curves, '');
  }
  if (largest) {
    parts.push(...timelineBlock(`Replicate, full load of ${rowsLabel(largest.rows)} rows`, largest.cases.replicate));
    parts.push(...timelineBlock(`Star, full load of ${rowsLabel(largest.rows)} rows`, largest.cases.star));
  }
  if (db.incremental) {
    parts.push(...timelineBlock(`Replicate, incremental ${n0(db.incremental.newRows)} rows`, db.incremental.replicate));
    parts.push(...timelineBlock(`Star, incremental ${n0(db.incremental.newRows)} rows`, db.incremental.star));
  }
  return parts.join('\n');
}

export function targetsMarkdown(targets: Target[]): string {
  const rows = targets.map((t) => [t.pass === null ? 'N/A' : t.pass ? 'PASS' : 'FAIL', t.name, t.measured, t.required]);
  return table(['', 'target', 'measured', 'required'], rows, new Set());
}

function nodeStartMarkdown(s: NodeStartCost): string {
  const names = Object.entries(s.cleared).map(([k, v]) => `${k}=${v}`).join(', ');
  return (
    `Process environment: this machine sets ${names}. Node reads and parses that file before it runs any code ` +
    `(\`node -e 0\`: ${n0(s.withMachineEnvMs)} ms with it, ${n0(s.timedEnvMs)} ms without). No connection in the benchmark uses TLS and the ` +
    `peers never read it, so every process the benchmark times runs without it, as on a machine that does not set it; ` +
    `run from a shell here, each ETL Studio CLI run would take about ${n0(Math.max(0, s.withMachineEnvMs - s.timedEnvMs))} ms longer.`
  );
}

export function resultsMarkdown(r: BenchResults): string {
  const e = r.environment;
  const load = (l: number[]) => l.map((v) => v.toFixed(2)).join(' / ');
  const parts = [
    '# ETL Studio benchmark: latest results',
    '',
    `Generated ${r.generatedAt} by \`${r.command}\` in ${f(r.durationS / 60, 1)} min, code of commit ${e.commit}` +
      `${e.uncommittedAppFiles.length ? ` plus ${e.uncommittedAppFiles.length} uncommitted file(s) under electron/ and shared/` : ''}. ` +
      `${e.cpus} CPUs, ${n0(e.memTotalMiB)} MiB RAM, Node ${e.node}, MariaDB ${e.mariadb}, PostgreSQL ${e.postgres}, pgloader ${e.pgloader}.`,
    '',
    `Machine load (1/5/15-min load averages; the machine is shared, so figures are noisy): start ${load(e.loadStart)}, end ${load(e.loadEnd)}` +
      (e.loadDuring.length ? `; ${e.loadDuring.map((d) => `after ${d.after}: ${load(d.load)}`).join('; ')}` : '') + '.',
    '',
    ...(e.nodeStart ? [nodeStartMarkdown(e.nodeStart), ''] : []),
    '## Targets',
    '',
    targetsMarkdown(r.targets),
    '',
  ];
  if (r.db) {
    parts.push('## MariaDB -> PostgreSQL', '');
    parts.push(
      'wall s: the client process from start to exit (ETL Studio: the CLI, including Node start and engine set-up); sync s: the sync\'s own duration as ETL Studio reports it. ' +
        '"in the running app": Sync now in an engine that is already running, as in the desktop app (the headless host, `etl-studio serve`, asked over its API): wall s from the request to the run\'s end, peak RSS and CPU of the engine process during the run. ' +
        'rows/s = rows / median wall. Peak RSS of the client process (pipe: mysql + psql). CPU seconds of the client(s), of the PostgreSQL backend(s) serving the load, and of the whole mariadbd. ' +
        'Every run loads into a freshly created database and is then checked against the source (count, sum(rowid), sum(price*quantity), sum of per-row md5; star: fact count, sums, and count + amount per country, category and year).',
      '',
    );
    parts.push(dbMarkdown(r.db, r.options.runs));
  }
  if (r.weblog) parts.push('## Web log', '', weblogMarkdown(r.weblog));
  const timelines = r.db ? timelinesMarkdown(r.db) : '';
  if (r.profile || r.profileError || timelines) parts.push('## Where the time goes', '');
  if (r.profile) parts.push(profileMarkdown(r.profile));
  if (r.profileError) parts.push(`Profile FAILED: ${r.profileError}`, '');
  if (timelines) parts.push('### Sync timelines', '', timelines);
  return parts.join('\n');
}
