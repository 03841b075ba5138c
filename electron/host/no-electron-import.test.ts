import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appRoot } from './app-paths.js';

/**
 * The CLI, the headless host and the engine run in plain Node, where 'electron'
 * (and electron-store, which imports it) either is missing or tries to download a
 * binary. One such import anywhere below these folders breaks `etl-studio` for
 * every user, so it is caught here, with the file named.
 */
const plainNodeFolders = ['electron/engine', 'electron/host', 'electron/cli', 'electron/utility', 'shared'];
const electronImport = /(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)['"](electron|electron-store)(?:\/[^'"]*)?['"]/;

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const files = await Promise.all(
    entries.map(async (e) => {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(full);
      // Tests never ship in the CLI; this file's own examples would match too.
      return /\.(c|m)?tsx?$/.test(e.name) && !/\.test\./.test(e.name) ? [full] : [];
    }),
  );
  return files.flat();
}

describe('plain-Node code', () => {
  it('never imports electron or electron-store', async () => {
    const offenders: string[] = [];
    let scanned = 0;
    for (const folder of plainNodeFolders) {
      for (const file of await sourceFiles(path.join(appRoot(), folder))) {
        scanned += 1;
        const text = await readFile(file, 'utf8');
        const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
        if (electronImport.test(code)) offenders.push(path.relative(appRoot(), file));
      }
    }
    expect(scanned).toBeGreaterThan(20);
    expect(offenders).toEqual([]);
  });

  it('recognises the import forms it guards against', () => {
    for (const line of ["import { app } from 'electron';", 'import Store from "electron-store";', "const e = require('electron');", "await import('electron')", "import 'electron';", "import type { App } from 'electron/main';"]) {
      expect(electronImport.test(line), line).toBe(true);
    }
    for (const line of ["import { x } from './electron-helpers.js';", "const name = 'electron';", "import { z } from 'zod';"]) {
      expect(electronImport.test(line), line).toBe(false);
    }
  });
});
