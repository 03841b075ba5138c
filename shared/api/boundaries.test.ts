import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The UI side of the architecture's lines (the plain-Node side is pinned in
 * electron/host/no-electron-import.test.ts): the renderer and the contract it shares run
 * in a browser with no Node, and the sandboxed preload can load nothing but electron.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (/\.(c|m)?tsx?$/.test(name)) out.push(full);
  }
  return out;
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const specs: string[] = [];
  for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)) specs.push(m[1]);
  return specs;
}

describe('UI module boundaries', () => {
  it('the renderer and the shared contract never import Node built-ins or engine code', () => {
    const files = [...sourceFiles(path.join(root, 'renderer/src')), ...sourceFiles(path.join(root, 'shared'))].filter(
      (f) => !/\.test\.tsx?$/.test(f),
    );
    const offenders = files
      .filter((f) => importsOf(f).some((s) => s.startsWith('node:') || /(^|\/)electron\/(engine|host|cli|main)\//.test(s)))
      .map((f) => path.relative(root, f));
    expect(offenders).toEqual([]);
  });

  it('the sandboxed preload imports nothing but electron', () => {
    const preloads = sourceFiles(path.join(root, 'electron/preload')).filter((f) => !/\.test\./.test(f));
    expect(preloads.length).toBeGreaterThan(0);
    for (const f of preloads) expect(importsOf(f).filter((s) => s !== 'electron')).toEqual([]);
  });
});
