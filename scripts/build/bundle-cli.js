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
import { existsSync, readFileSync, rmSync } from 'node:fs';
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

/**
 * pg's crypto helpers on node:crypto instead of Web Crypto (scripts/build/pg-node-crypto.cjs
 * says why). The build stops if pg's module no longer exports exactly these functions.
 * @type {import('rolldown').Plugin}
 */
const PG_CRYPTO_EXPORTS = ['postgresMd5PasswordHash', 'randomBytes', 'deriveKey', 'sha256', 'hashByName', 'hmacSha256', 'md5'];
const pgNodeCrypto = {
  name: 'pg-node-crypto',
  load(id) {
    if (!/node_modules[\\/]pg[\\/]lib[\\/]crypto[\\/]utils\.js$/.test(id)) return null;
    const original = readFileSync(id, 'utf8');
    const listed = /module\.exports = \{([^}]*)\}/.exec(original)?.[1].split(',').map((s) => s.trim()).filter(Boolean);
    if (!listed || listed.join() !== PG_CRYPTO_EXPORTS.join()) {
      this.error(`pg/lib/crypto/utils.js exports ${listed?.join(', ') ?? 'something else'}, not ${PG_CRYPTO_EXPORTS.join(', ')}: review the pg-node-crypto plugin in ${fileURLToPath(import.meta.url)}`);
    }
    return readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'pg-node-crypto.cjs'), 'utf8');
  },
};

/**
 * What the drivers require the moment they load but use on few paths, they get here on
 * first use instead (each costs every sync's start):
 * - mysql2's table of ~2,000 server error names (constants/errors.js, ~4 ms), read only
 *   to name an error;
 * - Node's `tls` (~3 ms: its own modules are compiled at first load), which mysql2 uses
 *   only for an encrypted connection (pg already loads it only then);
 * - Node's `zlib` (mysql2, the compressed protocol) and `dns` (pg, libpq-style
 *   connection strings), under a millisecond each.
 * The module becomes a Proxy that loads it at its first property read, which is how
 * these files use it (`Tls.connect(...)`, `zlib.inflate(...)`, `dns.lookup(...)`): the
 * build stops if a file no longer requires it as expected or uses it other than by a
 * property (`bundle-cli.test.ts` connects without loading them, and over TLS).
 * @type {Record<string, { name: string; spec: string }>}
 */
const REQUIRED_ON_DEMAND = {
  'mysql2/lib/packets/packet.js': { name: 'ErrorCodeToName', spec: '../constants/errors.js' },
  'mysql2/lib/base/pool.js': { name: 'Errors', spec: '../constants/errors.js' },
  'mysql2/lib/commands/server_handshake.js': { name: 'Errors', spec: '../constants/errors.js' },
  'mysql2/lib/base/connection.js': { name: 'Tls', spec: 'tls' },
  'mysql2/lib/auth_plugins/sha256_password.js': { name: 'Tls', spec: 'tls' },
  'mysql2/lib/compressed_protocol.js': { name: 'zlib', spec: 'zlib' },
  'pg/lib/connection-parameters.js': { name: 'dns', spec: 'dns' },
};
/** @type {import('rolldown').Plugin} */
const requiredOnDemand = {
  name: 'required-on-demand',
  transform(code, id) {
    const file = /node_modules[\\/]((?:mysql2|pg)[\\/].+)$/.exec(id)?.[1].replaceAll('\\', '/');
    const wanted = file && REQUIRED_ON_DEMAND[file];
    if (!wanted) return null;
    const { name, spec } = wanted;
    const statement = `const ${name} = require('${spec}')`;
    const at = code.indexOf(statement);
    // Comments may name the module in words ("zlib work below these sizes...").
    const rest = (code.slice(0, at) + code.slice(at + statement.length)).replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
    if (at < 0 || new RegExp(`\\b${name}\\b(?!\\.|\\[)`).test(rest)) {
      this.error(`${file} no longer uses "${statement}" by property only: review the required-on-demand plugin in ${fileURLToPath(import.meta.url)}`);
    }
    const edited = new RolldownMagicString(code);
    edited.overwrite(at, at + statement.length, `let ${name}Module; const ${name} = new Proxy({}, { get: (_, key) => (${name}Module ??= require('${spec}'))[key] })`);
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
  plugins: [pgNodeOnly, pgNodeCrypto, requiredOnDemand],
  logLevel: 'warn',
  // CommonJS, so bin/etl-studio.js can compile it with V8's code cache (electron/cli/code-cache.cts).
  // ASCII, so that loader can read a file as Latin-1, ~6x faster than decoding UTF-8 (the
  // MySQL driver's 1.1 MB: 3-4 ms of every sync's start); the escapes mean the same, and
  // doc comments, the only text left that cannot be escaped, go (licences stay).
  output: {
    dir: outDir,
    format: 'cjs',
    entryFileNames: 'main.cjs',
    chunkFileNames: '[name]-[hash].cjs',
    sourcemap: true,
    charset: 'ascii',
    comments: { legal: true, annotation: true, jsdoc: false },
  },
});
if (!existsSync(path.join(outDir, 'main.cjs'))) {
  process.stderr.write(`bundle-cli: no ${path.join(outDir, 'main.cjs')} was written.\n`);
  process.exit(1);
}
