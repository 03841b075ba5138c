import { mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { ApiError } from '../../../shared/api/contract.js';
import { isProcessAlive } from '../support/process-alive.js';

/**
 * PGlite has no lock across processes, so two processes on one folder would corrupt
 * it. One owner per folder: this process keeps one open instance per path and marks
 * the folder with a lock file naming its pid; another live process is refused.
 */
const open_ = new Map<string, Promise<PGlite>>();
const LOCK = 'etl-studio.lock';


async function takeLock(dir: string): Promise<void> {
  const lockPath = path.join(dir, LOCK);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number((await readFile(lockPath, 'utf8').catch(() => '')).trim());
      if (owner === process.pid) return;
      if (owner && isProcessAlive(owner)) {
        throw new ApiError('conflict', `The embedded database at ${dir} is in use by another ETL Studio process (pid ${owner}). Close it first.`);
      }
      await rm(lockPath, { force: true }); // stale lock of a process that died
    }
  }
}

export function openPglite(dir: string): Promise<PGlite> {
  const key = path.resolve(dir);
  let db = open_.get(key);
  if (!db) {
    db = (async () => {
      await mkdir(key, { recursive: true });
      await takeLock(key);
      // Loaded on first use: most syncs never open an embedded database, and the package is large.
      const { PGlite } = await import('@electric-sql/pglite');
      const instance = await PGlite.create(key);
      await instance.exec("SET TIME ZONE 'UTC'");
      return instance;
    })();
    open_.set(key, db);
    db.catch(() => open_.delete(key));
  }
  return db;
}

export async function closePglite(dir: string): Promise<void> {
  const key = path.resolve(dir);
  const db = open_.get(key);
  if (!db) return;
  open_.delete(key);
  const instance = await db.catch(() => null);
  await instance?.close();
  await rm(path.join(key, LOCK), { force: true });
}

export async function closeAllPglite(): Promise<void> {
  await Promise.all([...open_.keys()].map((key) => closePglite(key)));
}
