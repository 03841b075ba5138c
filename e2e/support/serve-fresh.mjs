#!/usr/bin/env node
// Starts `etl-studio serve` on a brand-new, empty data folder and removes the folder when
// the server stops, so every e2e run begins as a first start (welcome panel, no profiles).
// Usage: node e2e/support/serve-fresh.mjs --port 4173 --token <token>
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { port: { type: 'string' }, token: { type: 'string' } } });
if (!values.port || !values.token) {
  process.stderr.write('usage: serve-fresh.mjs --port P --token T\n');
  process.exit(2);
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dataDir = mkdtempSync(path.join(os.tmpdir(), `etl-e2e-${values.port}-`));
const child = spawn(
  process.execPath,
  [path.join(root, 'bin', 'etl-studio.js'), 'serve', '--port', values.port, '--token', values.token, '--data-dir', dataDir],
  { stdio: 'inherit', cwd: root },
);

let stopping = false;
function stop(signal) {
  if (stopping) return;
  stopping = true;
  child.kill(signal);
  // A host that does not close in time is killed; the folder goes either way.
  setTimeout(() => child.kill('SIGKILL'), 8_000).unref();
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
child.on('exit', (code) => {
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(code ?? 0);
});
