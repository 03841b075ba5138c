#!/usr/bin/env node
'use strict';
// The CLI is TypeScript compiled and bundled by `npm run build:node`; this stub only finds it
// and loads it with V8's code cache (electron/cli/code-cache.cts). It is CommonJS (see
// bin/package.json): an ES module entry would make Node set up its module loader first.
const { existsSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
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
const { loadWithCodeCache } = require(loader);
const cli = loadWithCodeCache(entry, path.join(bundle, '.v8-cache', `${process.version}-${process.arch}`, command));
cli.exports.main(process.argv.slice(2)).then(
  (code) => {
    cli.save();
    // Database drivers can keep sockets open after the engine closes; the answer is known, so leave.
    process.exit(code);
  },
  (err) => {
    process.stderr.write(`etl-studio: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
