import { copyFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CaseContext, CaseRun } from '../cases/case-context.js';
import { etlSyncCase } from '../cases/etl-sync.js';
import { parseCpuProfile, summariseCpuProfile, type ProfileSummary } from './summarise-cpuprofile.js';

export interface SyncProfile {
  rows: number;
  /** The profiled run (profiling itself slows the client down a little). */
  run: CaseRun;
  summary: ProfileSummary;
  /** Where the raw .cpuprofile was kept (open it in Chrome DevTools). */
  savedAs: string | null;
}

/**
 * The replicate sync under `node --cpu-prof`, in the CLI process that does the work
 * (the CLI runs the engine in-process), plus the server CPU split of the same run.
 */
export async function profileReplicate(ctx: CaseContext, rows: number, keepIn: string | null): Promise<SyncProfile> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'etl-bench-prof-'));
  try {
    const run = await etlSyncCase(ctx, 'replicate', ['--cpu-prof', '--cpu-prof-dir', dir]);
    const file = (await readdir(dir)).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error(`node --cpu-prof wrote no profile into ${dir}`);
    const summary = summariseCpuProfile(parseCpuProfile(await readFile(path.join(dir, file), 'utf8')), 25);
    let savedAs: string | null = null;
    if (keepIn) {
      savedAs = path.join(keepIn, `replicate-${rows}.cpuprofile`);
      await copyFile(path.join(dir, file), savedAs);
    }
    return { rows, run, summary, savedAs };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
