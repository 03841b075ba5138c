import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// `npm test` is run for real on small throwaway projects: the real scripts, the real
// vitest and playwright from this repo's node_modules, the real database check.
const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '..', '..');
const made: string[] = [];

interface Project {
  build?: string;
  typecheck?: string;
  unit: Record<string, string>;
  e2e?: Record<string, string>;
}

function makeProject(p: Project): string {
  const root = mkdtempSync(join(tmpdir(), 'etl-run-tests-'));
  made.push(root);
  for (const dir of ['scripts/test', 'scripts/services']) {
    mkdirSync(join(root, dir), { recursive: true });
    for (const f of readdirSync(join(REPO, dir)).filter((f) => f.endsWith('.js'))) {
      cpSync(join(REPO, dir, f), join(root, dir, f));
    }
  }
  symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'));
  writeFileSync(
    join(root, 'package.json'),
    JSON.stringify({
      name: 'mini',
      private: true,
      type: 'module',
      scripts: { build: p.build ?? 'node -e "0"', typecheck: p.typecheck ?? 'node -e "0"' },
    }),
  );
  writeFileSync(join(root, 'vitest.config.mjs'), "export default { test: { include: ['unit/*.test.mjs'] } };\n");
  mkdirSync(join(root, 'unit'));
  for (const [name, body] of Object.entries(p.unit)) writeFileSync(join(root, 'unit', name), body);
  if (p.e2e) {
    writeFileSync(join(root, 'playwright.config.mjs'), "export default { testDir: 'e2e', testMatch: '*.spec.mjs', retries: 0 };\n");
    mkdirSync(join(root, 'e2e'));
    for (const [name, body] of Object.entries(p.e2e)) writeFileSync(join(root, 'e2e', name), body);
  }
  return root;
}

function npmTest(root: string, extraEnv: Record<string, string> = {}) {
  // The outer vitest's own variables must not leak into the inner runs.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'NODE_ENV'));
  const res = spawnSync(process.execPath, [join(root, 'scripts/test/run-tests.js')], {
    cwd: root,
    env: { ...env, ...extraEnv },
    encoding: 'utf8',
    timeout: 180_000,
  });
  const out = `${res.stdout}`;
  const lines = out.trimEnd().split('\n');
  return { code: res.status, out, last: lines[lines.length - 1], stderr: res.stderr };
}

const passing = "import { test, expect } from 'vitest';\ntest('adds', () => expect(1 + 1).toBe(2));\n";

afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe('npm test (scripts/test/run-tests.js)', () => {
  it('adds up the real vitest and playwright counts, keeps going past type errors, and fails', () => {
    const root = makeProject({
      typecheck: 'node -e "console.error(\'TS2322 fake type error\'); process.exit(2)"',
      unit: {
        'a.test.mjs':
          "import { test, expect } from 'vitest';\n" +
          "test('one', () => expect(1).toBe(1));\n" +
          "test('two', () => expect('x').toBe('x'));\n" +
          "test('three', () => expect(2).toBe(3));\n" +
          "test.skip('later', () => {});\n",
        'broken.test.mjs': "import './missing-module.mjs';\n",
      },
      e2e: {
        'a.spec.mjs':
          "import { test, expect } from '@playwright/test';\n" +
          "test('ok', () => expect(true).toBe(true));\n" +
          "test('bad', () => expect(1).toBe(0));\n",
      },
    });
    const res = npmTest(root);
    expect(res.code).toBe(1);
    // 2 vitest + 1 playwright passed; failed: 1 test + 1 file that cannot load + 1 e2e + the typecheck step.
    expect(res.last).toBe('3 passed, 4 failed, 1 skipped');
    expect(res.out).toContain('TS2322 fake type error');
    expect(res.out).toMatch(/typecheck\s+FAILED/);
    expect(res.out).toMatch(/unit\s+FAILED\s+[\d.]+ s\s+2 passed, 2 failed, 1 skipped/);
    expect(res.out).toMatch(/e2e\s+FAILED\s+[\d.]+ s\s+1 passed, 1 failed/);
    expect(res.out).toContain('outside any test: typecheck');
  });

  it('stops after a failed build and runs no tests', () => {
    const root = makeProject({
      build: 'node -e "console.error(\'vite: cannot resolve ./App\'); process.exit(1)"',
      unit: { 'a.test.mjs': passing },
    });
    const res = npmTest(root);
    expect(res.code).toBe(1);
    expect(res.out).toContain('vite: cannot resolve ./App');
    expect(res.out).toMatch(/unit\s+NOT RUN/);
    expect(res.out).not.toContain('[4/5] unit');
    expect(res.last).toBe('0 passed, 1 failed');
  });

  it('passes with ETL_TEST_SKIP_E2E=1, and says loudly that the browser tests were skipped', () => {
    const root = makeProject({ unit: { 'a.test.mjs': passing, 'b.test.mjs': passing } });
    const res = npmTest(root, { ETL_TEST_SKIP_E2E: '1' });
    expect(res.code).toBe(0);
    expect(res.out).toContain('the browser (e2e) tests were NOT run');
    expect(res.out).toMatch(/e2e\s+SKIPPED/);
    expect(res.out).toMatch(/services\s+ok/);
    expect(res.last).toBe('2 passed, 0 failed');
  });

  it('fails, naming the missing file, when there is no playwright config', () => {
    const root = makeProject({ unit: { 'a.test.mjs': passing } });
    const res = npmTest(root);
    expect(res.code).toBe(1);
    expect(res.out).toContain('no playwright config (playwright.config.ts)');
    expect(res.last).toBe('1 passed, 1 failed');
  });
});
