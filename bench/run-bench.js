#!/usr/bin/env node
// `npm run bench` entry. Compiles (and bundles) the app into a private folder (so builds by others
// into dist/ during a long benchmark neither change the code under test half-way nor
// leave it half-written), compiles the benchmark (TypeScript under bench/) into
// dist/bench, then runs it against that private build.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const bench = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(bench);
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');

// Under node_modules/.cache so the private build still resolves the project's packages.
const app = path.join(root, 'node_modules', '.cache', 'etl-bench-app', `${process.pid}`);
const cleanUp = () => rmSync(app, { recursive: true, force: true });
mkdirSync(path.join(app, 'bin'), { recursive: true });
copyFileSync(path.join(root, 'package.json'), path.join(app, 'package.json'));
// package.json beside it says the launcher is CommonJS (the root one says ES modules).
for (const file of ['etl-studio.js', 'package.json']) copyFileSync(path.join(root, 'bin', file), path.join(app, 'bin', file));
symlinkSync(path.join(root, 'assets'), path.join(app, 'assets'));
process.stdout.write('Compiling ETL Studio into a private folder for the benchmark...\n');
try {
  execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.node.json'), '--outDir', path.join(app, 'dist')], { cwd: root, stdio: 'inherit' });
} catch {
  // Type errors in work in progress elsewhere still emit JavaScript; only a missing CLI is fatal.
  process.stderr.write('(tsc reported errors; going on with what it emitted)\n');
}
if (!existsSync(path.join(app, 'dist', 'electron', 'cli', 'main.js'))) {
  process.stderr.write('The ETL Studio CLI did not compile (see above).\n');
  cleanUp();
  process.exit(1);
}
try {
  // The CLI runs bundled, as `npm run build:node` leaves it for users.
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build', 'bundle-cli.js'), '--dist', path.join(app, 'dist')], { cwd: root, stdio: 'inherit' });
} catch {
  process.stderr.write('The ETL Studio CLI did not bundle (see above).\n');
  cleanUp();
  process.exit(1);
}
try {
  execFileSync(process.execPath, [tsc, '-p', path.join(bench, 'tsconfig.json')], { cwd: root, stdio: 'inherit' });
} catch {
  process.stderr.write('The benchmark did not compile (see above).\n');
  cleanUp();
  process.exit(1);
}
process.env.ETL_BENCH_APP_DIR = app;
process.once('SIGINT', () => {
  cleanUp();
  process.exit(130);
});
let code = 1;
try {
  const { main } = await import(pathToFileURL(path.join(root, 'dist', 'bench', 'main.js')).href);
  code = await main(process.argv.slice(2));
} finally {
  cleanUp();
}
process.exit(code);
