import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRoot } from '../host/app-paths.js';
import { buildNodeDist } from '../host/testing/build-dist.js';

/**
 * The CLI's loader (code-cache.cts, as compiled into dist/) run in child processes on a
 * small bundle of its own: the first run leaves V8 caches, the next runs use them, and
 * nothing a cache can do (missing, stale, damaged, an import() it cannot carry) changes
 * what the program does.
 */
const loader = path.join(appRoot(), 'dist', 'electron', 'cli', 'code-cache.cjs');
let dir: string;
let bundle: string;
let cacheDir: string;

function run<T = { answer: number; platform: string }>(entry = path.join(bundle, 'main.cjs'), caches = cacheDir): Promise<T> {
  const script = `import { createRequire } from 'node:module';
    const { loadWithCodeCache } = createRequire(import.meta.url)(process.argv[1]);
    const cli = loadWithCodeCache(process.argv[2], process.argv[3]);
    const out = await cli.exports.main();
    cli.save();
    process.stdout.write(JSON.stringify(out));`;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--input-type=module', '-e', script, loader, entry, caches], { timeout: 30_000 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`${err.message}\n${stderr}`));
      resolve(JSON.parse(stdout) as T);
    });
  });
}

const cacheFiles = () => readdirSync(cacheDir).sort();
const mtimes = () => cacheFiles().map((f) => statSync(path.join(cacheDir, f)).mtimeMs);

beforeAll(async () => {
  await buildNodeDist();
  dir = mkdtempSync(path.join(os.tmpdir(), 'etl-code-cache-'));
  bundle = path.join(dir, 'bundle');
  cacheDir = path.join(dir, 'cache');
  mkdirSync(bundle);
  writeFileSync(path.join(bundle, 'main.cjs'), `const { sum } = require('./part.cjs');
    exports.main = async () => ({ answer: sum(40, 2), platform: await require('./dynamic.cjs').platform() });`);
  writeFileSync(path.join(bundle, 'part.cjs'), 'exports.sum = (a, b) => a + b;');
  // import() of a module outside the bundle, as the PGlite chunk does.
  writeFileSync(path.join(bundle, 'dynamic.cjs'), 'exports.platform = async () => (await import("node:os")).platform();');
}, 300_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the CLI loader with V8 code cache', () => {
  it('writes a cache per bundle file on the first run and reuses it on the next', async () => {
    expect(await run()).toEqual({ answer: 42, platform: os.platform() });
    expect(cacheFiles()).toEqual(['main.cjs.v8cache', 'part.cjs.v8cache']);
    const first = mtimes();
    await new Promise((r) => setTimeout(r, 20));
    expect(await run()).toEqual({ answer: 42, platform: os.platform() });
    // Accepted caches are not written again.
    expect(mtimes()).toEqual(first);
  });

  it('leaves a file that uses import() to the usual loader, where import() works', async () => {
    expect(cacheFiles()).not.toContain('dynamic.cjs.v8cache');
    expect((await run()).platform).toBe(os.platform());
  });

  it('runs the same from a damaged or stale cache, and replaces it', async () => {
    writeFileSync(path.join(cacheDir, 'part.cjs.v8cache'), Buffer.from('not a V8 code cache'));
    writeFileSync(path.join(bundle, 'main.cjs'), `const { sum } = require('./part.cjs');
      exports.main = async () => ({ answer: sum(40, 3), platform: await require('./dynamic.cjs').platform() });`);
    const before = mtimes();
    expect(await run()).toEqual({ answer: 43, platform: os.platform() });
    const after = mtimes();
    expect(after[0]).toBeGreaterThan(before[0]!);
    expect(after[1]).toBeGreaterThan(before[1]!);
  });

  it('reads an ASCII file (the bundle is written so) and a UTF-8 one as the text they hold', async () => {
    const words = path.join(dir, 'words');
    mkdirSync(words);
    writeFileSync(path.join(words, 'main.cjs'), `exports.main = async () => [require('./ascii.cjs').word, require('./utf8.cjs').word];`);
    writeFileSync(path.join(words, 'ascii.cjs'), 'exports.word = "caf\\u00e9 \\u2014 \\u{1F600}";');
    writeFileSync(path.join(words, 'utf8.cjs'), 'exports.word = "caf\u00e9 \u2014 \u{1F600}";', 'utf8');
    const expected = ['caf\u00e9 \u2014 \u{1F600}', 'caf\u00e9 \u2014 \u{1F600}'];
    const caches = path.join(dir, 'words-cache');
    expect(await run<string[]>(path.join(words, 'main.cjs'), caches)).toEqual(expected);
    // And again from the caches that run wrote.
    expect(readdirSync(caches)).toHaveLength(3);
    expect(await run<string[]>(path.join(words, 'main.cjs'), caches)).toEqual(expected);
  });
});
