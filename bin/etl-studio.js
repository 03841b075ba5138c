#!/usr/bin/env node
// The CLI is TypeScript compiled and bundled by `npm run build:node`; this stub only finds it.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = path.join(root, 'dist', 'bundle', 'cli', 'main.js');

if (!existsSync(entry)) {
  process.stderr.write(
    'etl-studio: the command-line tool has not been built yet.\n' +
      `Run "npm run build:node" in ${root} first, then try again.\n`,
  );
  process.exit(1);
}

const { main } = await import(pathToFileURL(entry).href);
const code = await main(process.argv.slice(2));
// Database drivers can keep sockets open after the engine closes; the answer is known, so leave.
process.exit(code);
