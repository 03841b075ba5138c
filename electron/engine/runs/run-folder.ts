import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { runRecordSchema, type RunRecord } from '../../../shared/runs/run.js';

/**
 * One folder per run under <dataDir>/runs, named `<yyyy-mm-dd>T<hhmmss>Z-<short id>` (UTC,
 * so names sort in start order whatever the clock's zone). The folder name is the run id.
 */
export const RECORD_FILE = 'run.json';
export const LOG_FILE = 'log.ndjson';

const runIdPattern = /^\d{4}-\d{2}-\d{2}T\d{6}Z-[0-9a-f]{6,16}$/;

export function isRunId(value: string): boolean {
  return runIdPattern.test(value);
}

export function newRunId(now: Date): string {
  const iso = now.toISOString(); // 2025-01-31T14:25:01.123Z
  return `${iso.slice(0, 10)}T${iso.slice(11, 19).replace(/:/g, '')}Z-${randomBytes(3).toString('hex')}`;
}

/** Which process and manager wrote a running record: tells a crashed run from one another process is running. */
export const ownerSchema = z.object({ pid: z.number().int(), instance: z.string() });
export type RunOwner = z.infer<typeof ownerSchema>;

const fileSchema = runRecordSchema.extend({ owner: ownerSchema.optional() });

export function runsDir(dataDir: string): string {
  return path.join(dataDir, 'runs');
}

function serialize(record: RunRecord, owner: RunOwner | null): string {
  return `${JSON.stringify(owner && record.status === 'running' ? { ...record, owner } : record, null, 2)}\n`;
}

/**
 * Runs not finished yet, one empty file per run id in <runs>/.live: what a start checks
 * for runs a dead process left 'running', so that costs the same with ten runs of history
 * or ten thousand (a cron job syncing every five minutes makes 2,000 a week).
 */
export function liveDir(runs: string): string {
  return path.join(runs, '.live');
}

export function markLiveSync(runs: string, runId: string): void {
  mkdirSync(liveDir(runs), { recursive: true });
  writeFileSync(path.join(liveDir(runs), runId), '');
}

export async function unmarkLive(runs: string, runId: string): Promise<void> {
  await rm(path.join(liveDir(runs), runId), { force: true });
}

/** The first write happens inside start(), which returns synchronously with the run id. */
export function createRunFolderSync(folder: string, record: RunRecord, owner: RunOwner): void {
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, RECORD_FILE), serialize(record, owner));
}

/** Atomic (temp file + rename): a crash never leaves a half-written run.json. */
export async function writeRecord(folder: string, record: RunRecord, owner: RunOwner | null): Promise<void> {
  const file = path.join(folder, RECORD_FILE);
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, serialize(record, owner));
  await rename(temp, file);
}

export type StoredRun = { record: RunRecord; owner: RunOwner | null };

/** Null when the folder holds no readable record (deleted, damaged, not a run). */
export async function readRecord(folder: string): Promise<StoredRun | null> {
  let text: string;
  try {
    text = await readFile(path.join(folder, RECORD_FILE), 'utf8');
  } catch {
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) return null;
  const { owner, ...record } = parsed.data;
  // The folder may have been moved along with the data folder: trust where we found it.
  return { record: { ...record, folder }, owner: owner ?? null };
}
