import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Runs a client as a child under GNU time, so its peak RSS and CPU times are its own
 * and not the benchmark's: `/usr/bin/time -f %M` reports the child's maximum resident
 * set, which is what a user watching top would see.
 */

export const TIME_BIN = '/usr/bin/time';
const FORMAT = '%M %U %S';

export interface ProcessUsage {
  /** Peak resident set size in KiB. */
  peakRssKiB: number;
  userS: number;
  sysS: number;
}

export interface TimedRun {
  wallMs: number;
  code: number;
  /** Killed after opts.timeoutMs. */
  timedOut: boolean;
  stdout: string;
  stderr: string;
  /** One entry per measured client (two for the mysql | psql pipe). */
  clients: ProcessUsage[];
  /** With sampleRssMs: the measured program's resident set over time (whether memory stays flat). */
  rss?: RssSample[];
}

export interface RssSample {
  ms: number;
  rssKiB: number;
}

export interface SpawnOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  timeoutMs?: number;
  /** Sample the resident set of the program under time(1) this often. */
  sampleRssMs?: number;
}

function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** time(1) and bash pass no signal on to their children: the program and everything under it go, leaves first. */
function killTree(pid: number): void {
  for (const c of childPids(pid)) killTree(c);
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** VmRSS of the program time(1) runs: its only child. */
function childRssKiB(timePid: number): number | null {
  try {
    const child = childPids(timePid)[0];
    if (!child) return null;
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** A failed run may leave no figures; a successful one must. */
function parseUsage(text: string, ok: boolean): ProcessUsage {
  // time(1) writes "Command exited with non-zero status N" before the figures on failure.
  const line = text.trim().split('\n').at(-1) ?? '';
  const [rss, user, sys] = line.trim().split(/\s+/).map(Number);
  if ([rss, user, sys].every((n) => n !== undefined && Number.isFinite(n))) return { peakRssKiB: rss!, userS: user!, sysS: sys! };
  if (ok) throw new Error(`Unreadable ${TIME_BIN} output: "${text.trim()}"`);
  return { peakRssKiB: 0, userS: 0, sysS: 0 };
}

function run(cmd: string, args: string[], opts: SpawnOptions): Promise<{ wallMs: number; code: number; timedOut: boolean; stdout: string; stderr: string; rss?: RssSample[] }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, args, { env: opts.env ?? process.env, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    let timedOut = false;
    const timer = opts.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          if (child.pid) killTree(child.pid);
        }, opts.timeoutMs)
      : null;
    const rss: RssSample[] = [];
    const sampler = opts.sampleRssMs && child.pid
      ? setInterval(() => {
          const kib = childRssKiB(child.pid!);
          if (kib !== null) rss.push({ ms: Math.round(performance.now() - started), rssKiB: kib });
        }, opts.sampleRssMs)
      : null;
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (sampler) clearInterval(sampler);
      resolve({
        ...(sampler ? { rss } : {}),
        timedOut,
        wallMs: performance.now() - started,
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

async function withUsageFiles<T>(count: number, fn: (files: string[]) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'etl-bench-time-'));
  try {
    return await fn(Array.from({ length: count }, (_, i) => path.join(dir, `usage-${i}.txt`)));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** One program, timed. */
export async function runTimed(cmd: string, args: string[], opts: SpawnOptions = {}): Promise<TimedRun> {
  return withUsageFiles(1, async ([file]) => {
    const r = await run(TIME_BIN, ['-f', FORMAT, '-o', file!, cmd, ...args], opts);
    const usage = parseUsage(await readFile(file!, 'utf8').catch(() => ''), r.code === 0);
    return { ...r, clients: [usage] };
  });
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** A shell pipeline `a | b | ...`, each stage timed on its own; fails if any stage fails. */
export async function runTimedPipeline(stages: { cmd: string; args: string[] }[], opts: SpawnOptions & { stdoutFile?: string } = {}): Promise<TimedRun> {
  return withUsageFiles(stages.length, async (files) => {
    const parts = stages.map((s, i) => [TIME_BIN, '-f', shellQuote(FORMAT), '-o', shellQuote(files[i]!), shellQuote(s.cmd), ...s.args.map(shellQuote)].join(' '));
    const script = `set -o pipefail; ${parts.join(' | ')}${opts.stdoutFile ? ` > ${shellQuote(opts.stdoutFile)}` : ''}`;
    const r = await run('bash', ['-c', script], opts);
    const clients: ProcessUsage[] = [];
    for (const f of files) clients.push(parseUsage(await readFile(f, 'utf8').catch(() => ''), r.code === 0));
    return { ...r, clients };
  });
}

/** The resident set at 10 %, 20 %, ... 100 % of the run, in MiB: flat, growing, or a spike. */
export function rssCurveMiB(samples: RssSample[] | undefined, wallMs: number, points = 10): number[] {
  if (!samples?.length) return [];
  const out: number[] = [];
  for (let i = 1; i <= points; i++) {
    const at = (wallMs * i) / points;
    let best = samples[0]!;
    for (const s of samples) if (s.ms <= at) best = s;
    out.push(Math.round(best.rssKiB / 1024));
  }
  return out;
}

/** A generous limit for one load of `rows` rows, so a hung client cannot stall the benchmark. */
export const loadTimeoutMs = (rows: number) => 300_000 + Math.ceil(rows / 1_000_000) * 60_000;

export function failureText(what: string, run: TimedRun): string {
  if (run.timedOut) return `${what} did not finish within its time limit and was killed`;
  return `${what} failed (exit ${run.code}): ${(run.stderr || run.stdout).trim().slice(-2000)}`;
}

export const sumPeakRssMiB = (clients: ProcessUsage[]) => clients.reduce((a, c) => a + c.peakRssKiB, 0) / 1024;
export const sumCpuS = (clients: ProcessUsage[]) => clients.reduce((a, c) => a + c.userS + c.sysS, 0);
