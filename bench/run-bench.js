#!/usr/bin/env node
// `npm run bench` entry: compiles the benchmark (TypeScript under bench/) into
// dist/bench, then runs it. The app itself is compiled by `npm run build:node` first.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const bench = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(bench);
if (!existsSync(path.join(root, 'dist', 'electron', 'cli', 'main.js'))) {
  process.stderr.write('The ETL Studio CLI is not built: run "npm run build:node" first (npm run bench does).\n');
  process.exit(1);
}
try {
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(bench, 'tsconfig.json')], { cwd: root, stdio: 'inherit' });
} catch {
  process.stderr.write('The benchmark did not compile (see above).\n');
  process.exit(1);
}
const { main } = await import(pathToFileURL(path.join(root, 'dist', 'bench', 'main.js')).href);
process.exit(await main(process.argv.slice(2)));
