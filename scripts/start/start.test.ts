import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildNodeDist } from '../../electron/host/testing/build-dist.js';

/**
 * `npm start` on a machine without the Electron binary (this one: it cannot be
 * downloaded here) says so plainly and serves the same UI to a browser instead.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const pathTxt = path.join(root, 'node_modules', 'electron', 'path.txt');
const binaryPresent = existsSync(pathTxt) && existsSync(path.join(root, 'node_modules', 'electron', 'dist', readFileSync(pathTxt, 'utf8').trim()));
let dataDir: string;

beforeAll(async () => {
  await buildNodeDist();
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'etl-start-'));
}, 240_000);

afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('npm start', () => {
  it('falls back to the browser UI when Electron cannot run, printing a working URL', async () => {
    // Either the binary is missing, or there is no display: both must end in the browser fallback.
    const env: NodeJS.ProcessEnv = { ...process.env, ETL_STUDIO_DATA_DIR: dataDir };
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    const child = spawn(process.execPath, [path.join(root, 'scripts', 'start', 'start.js')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed:\n${stdout}\n${stderr}`)), 90_000);
        const check = () => {
          const m = /(http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+)/.exec(stdout);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        };
        child.stdout.on('data', check);
        child.on('exit', () => reject(new Error(`exited early:\n${stdout}\n${stderr}`)));
      });
      if (binaryPresent) expect(stdout).toContain('No display was found');
      else expect(stdout).toContain('The Electron binary is not available on this machine (it is downloaded from GitHub, which cannot be reached). Serving the same UI in your browser instead:');
      expect(stdout).toContain('127.0.0.1');
      const res = await fetch(url.replace(/#.*$/, ''));
      expect([200, 503]).toContain(res.status); // 503 = renderer not built, which the page says in words
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
  });
});
