import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { appRoot } from '../host/app-paths.js';

/**
 * Every module a command imports at its top is loaded (read, compiled, run) before the
 * command does anything: with zod, the drivers and conf that was 0.3 s of a 0.7 s sync.
 * What only some commands need is loaded with `await import()` where it is used; these
 * tests catch a top-level import that would bring it back into every start.
 */
const root = appRoot();

/** The modules the compiled file imports at its top (type-only imports are erased, as tsc does). */
function staticImports(file: string): string[] {
  const js = ts.transpileModule(readFileSync(file, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, isolatedModules: true },
    fileName: file,
  }).outputText;
  const specs: string[] = [];
  for (const m of js.matchAll(/^\s*(?:import|export)\s+(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm)) specs.push(m[1]!);
  return specs;
}

/** The app files and the packages loaded by importing `entry` (relative to the project root). */
function loadedWith(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const spec of staticImports(file)) {
      if (spec.startsWith('.')) visit(path.resolve(path.dirname(file), spec).replace(/\.js$/, '.ts'));
      else if (!spec.startsWith('node:')) packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
  };
  visit(path.join(root, entry));
  return { files: [...files].map((f) => path.relative(root, f)).sort(), packages: [...packages].sort() };
}

describe('what a CLI start loads', () => {
  it('answers --help and usage errors without loading any package', () => {
    const { files, packages } = loadedWith('electron/cli/main.ts');
    expect(packages).toEqual([]);
    expect(files).toContain('electron/cli/commands/sync.ts');
  });

  it('opens the engine without the pipelines feature, the settings file library or the database drivers', () => {
    const { files, packages } = loadedWith('electron/engine/api/create-engine.ts');
    // The contract (zod) validates every call; the drivers come with the run that uses them (PGlite: the engine's close).
    for (const p of packages) expect(['zod', '@electric-sql/pglite'], `package ${p}`).toContain(p);
    expect(files.filter((f) => /^electron\/engine\/(pipelines|schedules|tasks)\//.test(f))).toEqual([]);
    expect(files).toContain('electron/engine/runs/run-manager.ts');
  });

  it('sees through type-only imports and finds re-exports', () => {
    const { files } = loadedWith('shared/api/contract.ts');
    expect(files).toContain('shared/api/api-error.ts');
    expect(loadedWith('electron/engine/api/handlers/handler.ts').files).toEqual(['electron/engine/api/handlers/handler.ts']);
  });
});
