#!/usr/bin/env node
// `npm start` (after `npm run build`): the desktop app when Electron can run here,
// otherwise the same UI in a browser through the headless host.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const electronDir = path.join(root, 'node_modules', 'electron');
const INSTALL_TIMEOUT_MS = 30_000;

/** The binary the electron package would run (the same lookup as its index.js), or null. */
function electronBinary() {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const bin = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, process.platform === 'win32' ? 'electron.exe' : 'electron');
    return existsSync(bin) ? bin : null;
  }
  const pathFile = path.join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const bin = path.join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(bin) ? bin : null;
}

/** One attempt at the download the electron package's install script does (skipped by npm's allowScripts). */
function tryInstallElectron() {
  const installer = path.join(electronDir, 'install.js');
  if (!existsSync(installer)) return;
  process.stdout.write('The Electron binary is missing; trying to download it once...\n');
  const env = { ...process.env };
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  spawnSync(process.execPath, [installer], { cwd: electronDir, env, stdio: 'ignore', timeout: INSTALL_TIMEOUT_MS });
}

function hasDisplay() {
  if (process.platform !== 'linux') return true;
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

async function serveInBrowser(reason) {
  process.stdout.write(`${reason} Serving the same UI in your browser instead:\n`);
  const cli = path.join(root, 'dist', 'bundle', 'cli', 'main.cjs');
  if (!existsSync(cli)) {
    process.stderr.write('The app has not been built: run "npm run build" first.\n');
    process.exit(1);
  }
  const { main } = await import(pathToFileURL(cli).href);
  process.exit(await main(['serve', ...process.argv.slice(2)]));
}

function launchElectron(bin) {
  const args = [root];
  // Chromium refuses to run as root unless its sandbox is off; say so rather than fail.
  if (process.platform === 'linux' && process.getuid?.() === 0) {
    process.stdout.write('Running as root: starting Electron with --no-sandbox (Chromium requires it for root).\n');
    args.push('--no-sandbox');
  }
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE; // set, it would start Electron as plain Node
  const child = spawn(bin, args, { stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

let bin = electronBinary();
if (!bin) {
  tryInstallElectron();
  bin = electronBinary();
}
if (!bin) {
  await serveInBrowser('The Electron binary is not available on this machine (it is downloaded from GitHub, which cannot be reached).');
} else if (!hasDisplay()) {
  await serveInBrowser('No display was found (DISPLAY and WAYLAND_DISPLAY are unset), so the desktop window cannot open.');
} else {
  launchElectron(bin);
}
