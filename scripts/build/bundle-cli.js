#!/usr/bin/env node
// @ts-check
// Bundles the compiled command-line tool (tsc's dist/electron/cli/main.js) with the
// packages it uses into dist/bundle/cli/, one file per lazily loaded part.
//
// Why: a `sync` from a shell loads about 300 modules (zod, mysql2, pg and ours). Each
// one costs Node a resolve, a stat, a read and a compile of its own; in one file per
// part the same code starts about 60 ms sooner, and another 70 ms with V8's code cache,
// which Node 20 offers for CommonJS only (electron/cli/code-cache.cts).
//
// Usage: node scripts/build/bundle-cli.js [--dist DIR]   (default: <project>/dist)
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build, RolldownMagicString } from 'rolldown';
import { CLI_EXTERNAL_PACKAGES } from './cli-externals.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values } = parseArgs({ options: { dist: { type: 'string' } } });
const dist = path.resolve(values.dist ?? path.join(root, 'dist'));
const entry = path.join(dist, 'electron', 'cli', 'main.js');
// Two folders below dist/, like tsc's dist/electron/cli, so app-paths.ts finds the project root the same way.
const outDir = path.join(dist, 'bundle', 'cli');

// A package and its subpaths (@electric-sql/pglite/vector, ...).
const external = CLI_EXTERNAL_PACKAGES.map((name) => new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(/|$)`));

/**
 * pg asks "am I in a Cloudflare Worker?" when it loads: without a `navigator` global
 * (Node 20; Node 21+ has one) it answers by constructing a fetch `Response`, which makes
 * Node load its whole fetch implementation (undici), about 15 ms of every sync's start.
 * In this bundle pg runs on Node only, so the question gets Node's answer up front.
 * @type {import('rolldown').Plugin}
 */
const pgNodeOnly = {
  name: 'pg-node-only',
  transform(code, id) {
    if (!/node_modules[\\/]pg[\\/]lib[\\/]stream\.js$/.test(id)) return null;
    const probe = 'function isCloudflareRuntime() {';
    // A pg that moved the probe would silently bring the cost back: stop the build instead.
    if (!code.includes(probe)) this.error(`pg/lib/stream.js no longer has "${probe}": review the pg-node-only plugin in ${fileURLToPath(import.meta.url)}`);
    const edited = new RolldownMagicString(code);
    edited.appendRight(code.indexOf(probe) + probe.length, " if (typeof process === 'object' && process.release && process.release.name === 'node') return false;");
    return { code: edited.toString(), map: JSON.parse(edited.generateMap({ hires: true }).toString()) };
  },
};

if (!existsSync(entry)) {
  process.stderr.write(`bundle-cli: ${entry} is missing; compile first (tsc -p tsconfig.node.json).\n`);
  process.exit(1);
}
rmSync(outDir, { recursive: true, force: true });
await build({
  input: entry,
  platform: 'node',
  external,
  plugins: [pgNodeOnly],
  logLevel: 'warn',
  // CommonJS, so bin/etl-studio.js can compile it with V8's code cache (electron/cli/code-cache.cts).
  output: { dir: outDir, format: 'cjs', entryFileNames: 'main.cjs', chunkFileNames: '[name]-[hash].cjs', sourcemap: true },
});
if (!existsSync(path.join(outDir, 'main.cjs'))) {
  process.stderr.write(`bundle-cli: no ${path.join(outDir, 'main.cjs')} was written.\n`);
  process.exit(1);
}
