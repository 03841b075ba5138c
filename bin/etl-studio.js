#!/usr/bin/env node
// The CLI is TypeScript compiled and bundled by `npm run build:node`; this stub only finds it
// and loads it with V8's code cache (electron/cli/code-cache.cts).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundle = path.join(root, 'dist', 'bundle', 'cli');
const entry = path.join(bundle, 'main.cjs');
const loader = path.join(root, 'dist', 'electron', 'cli', 'code-cache.cjs');

if (!existsSync(entry) || !existsSync(loader)) {
  process.stderr.write(
    'etl-studio: the command-line tool has not been built yet.\n' +
      `Run "npm run build:node" in ${root} first, then try again.\n`,
  );
  process.exit(1);
}

// One cache per command: a sync compiles other functions than --help does.
const command = /^[a-z]+$/.test(process.argv[2] ?? '') ? process.argv[2] : 'other';
const { loadWithCodeCache } = createRequire(import.meta.url)(loader);
const cli = loadWithCodeCache(entry, path.join(bundle, '.v8-cache', `${process.version}-${process.arch}`, command));
const code = await cli.exports.main(process.argv.slice(2));
cli.save();
// Database drivers can keep sockets open after the engine closes; the answer is known, so leave.
process.exit(code);
