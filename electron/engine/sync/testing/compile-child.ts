/**
 * Compiles the sync child (and only what it imports) with tsc into a private folder
 * under node_modules/.cache, so plain node can run it as a separate process: tsx is
 * not installed, and the shared dist/ belongs to the project build.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');

export async function compileSyncChild(entry = 'electron/engine/sync/testing/sync-child.ts'): Promise<string> {
  const out = path.join(ROOT, 'node_modules/.cache/etl-sync-child', randomBytes(4).toString('hex'));
  await mkdir(out, { recursive: true });
  const tsconfig = path.join(out, 'tsconfig.json');
  await writeFile(tsconfig, JSON.stringify({
    extends: path.join(ROOT, 'tsconfig.node.json'),
    compilerOptions: { outDir: out, rootDir: ROOT, noEmit: false, sourceMap: false, incremental: false },
    include: [path.join(ROOT, entry)],
    exclude: [],
  }));
  await promisify(execFile)(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', tsconfig], { cwd: ROOT });
  return path.join(out, entry.replace(/\.ts$/, '.js'));
}
