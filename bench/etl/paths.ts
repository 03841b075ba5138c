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

export const cliBin = () => path.join(repoRoot(), 'bin', 'etl-studio.js');
export const benchDir = () => path.join(repoRoot(), 'bench');
