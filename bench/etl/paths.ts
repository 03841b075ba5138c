import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file whether it runs from bench/ (vitest) or dist/bench/ (npm run bench). */
export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'etl-studio') return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error('Cannot find the etl-studio repository root above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}

/**
 * The CLI the benchmark runs: run-bench.js compiles the app into a private folder
 * (ETL_BENCH_APP_DIR), so builds by others into dist/ during a long benchmark neither
 * change the code under test half-way nor leave it half-written.
 */
export const cliBin = () => path.join(process.env.ETL_BENCH_APP_DIR || repoRoot(), 'bin', 'etl-studio.js');
export const benchDir = () => path.join(repoRoot(), 'bench');
