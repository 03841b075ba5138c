import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { appRoot } from '../app-paths.js';

/**
 * Compiles the Node side into dist/ (and bundles the CLI) for tests that run the built CLI or launcher.
 * Test files run in parallel workers, so builds take turns through a lock folder
 * (two tsc writing the same files at once could leave a half-written module).
 */
const LOCK_STALE_MS = 5 * 60_000;

async function takeLock(lock: string): Promise<void> {
  const deadline = Date.now() + LOCK_STALE_MS;
  for (;;) {
    try {
      await mkdir(lock);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const info = await stat(lock).catch(() => null);
      if (info && Date.now() - info.mtimeMs > LOCK_STALE_MS) await rm(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`Timed out waiting for another build (${lock}).`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

export async function buildNodeDist(): Promise<void> {
  const root = appRoot();
  const lock = path.join(root, 'dist', '.build-lock');
  await mkdir(path.join(root, 'dist'), { recursive: true });
  await takeLock(lock);
  try {
    const run = (args: string[]) =>
      new Promise<string>((resolve) => {
        execFile(process.execPath, args, { cwd: root, maxBuffer: 16 * 1024 * 1024 }, (_err, stdout, stderr) => resolve(stdout + stderr));
      });
    const compiled = await run([path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.node.json']);
    // Type errors elsewhere in the tree still emit JS; only a missing CLI is fatal here.
    if (!existsSync(path.join(root, 'dist', 'electron', 'cli', 'main.js'))) throw new Error(`The build produced no CLI:\n${compiled}`);
    // bin/etl-studio.js runs the bundle, as `npm run build:node` leaves it.
    const bundled = await run([path.join(root, 'scripts', 'build', 'bundle-cli.js')]);
    if (!existsSync(path.join(root, 'dist', 'bundle', 'cli', 'main.cjs'))) throw new Error(`The CLI was not bundled:\n${bundled}`);
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}
