#!/usr/bin/env node
// @ts-check
// `npm test`: the one command that checks everything, on a laptop and in CI.
//
//   services -> build -> typecheck -> unit (vitest) -> e2e (playwright)
//
// If the services or the build fail, the later steps cannot mean anything and are not run.
// Type errors, unit failures and e2e failures are independent, so each of those steps runs
// regardless and all their results show. The last line is "N passed, N failed" over the
// real test counts. ETL_TEST_SKIP_E2E=1 leaves out the browser step (local loops only).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mysqlUrlFrom, pgUrlFrom } from '../services/service-urls.js';
import { runStep } from './run-step.js';
import { readPlaywrightCounts, readVitestCounts } from './test-counts.js';
import { summaryLines } from './summary.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const MIN = 60_000;
const PLAYWRIGHT_CONFIGS = ['playwright.config.ts', 'playwright.config.mts', 'playwright.config.js', 'playwright.config.mjs', 'playwright.config.cjs'];

/** @typedef {import('./summary.js').StepResult} StepResult */

const skipE2E = process.env.ETL_TEST_SKIP_E2E === '1';
const reports = mkdtempSync(join(tmpdir(), 'etl-test-reports-'));
const vitestReport = join(reports, 'vitest.json');
const playwrightReport = join(reports, 'playwright.json');
// Every step sees the same database URLs, defaults filled in, so no test guesses its own.
const env = { ...process.env, ETL_TEST_MYSQL_URL: mysqlUrlFrom(process.env), ETL_TEST_PG_URL: pgUrlFrom(process.env) };

/**
 * @typedef {object} Step
 * @property {string} name
 * @property {string} cmd
 * @property {string[]} args
 * @property {number} timeoutMs
 * @property {boolean} [stopOnFailure]  later steps are pointless without this one
 * @property {NodeJS.ProcessEnv} [env]
 * @property {() => import('./test-counts.js').TestCounts | undefined} [counts]
 * @property {() => string | undefined} [precondition]  returns why the step cannot run
 */

/** @type {Step[]} */
const steps = [
  {
    name: 'services',
    cmd: process.execPath,
    args: [join(ROOT, 'scripts/services/ensure-services.js'), ...(skipE2E ? ['--no-browser'] : [])],
    timeoutMs: 30 * MIN,
    stopOnFailure: true,
  },
  { name: 'build', cmd: 'npm', args: ['run', 'build'], timeoutMs: 10 * MIN, stopOnFailure: true },
  { name: 'typecheck', cmd: 'npm', args: ['run', 'typecheck'], timeoutMs: 10 * MIN },
  {
    name: 'unit',
    cmd: 'npx',
    args: ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`],
    timeoutMs: 30 * MIN,
    counts: () => readVitestCounts(vitestReport),
  },
  {
    name: 'e2e',
    cmd: 'npx',
    args: ['playwright', 'test', '--reporter=list,json'],
    timeoutMs: 20 * MIN,
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport, PLAYWRIGHT_JSON_OUTPUT_FILE: playwrightReport },
    counts: () => readPlaywrightCounts(playwrightReport),
    precondition: () =>
      PLAYWRIGHT_CONFIGS.some((f) => existsSync(join(ROOT, f)))
        ? undefined
        : `no playwright config (${PLAYWRIGHT_CONFIGS[0]}) in ${ROOT}: the e2e tests cannot run`,
  },
];

/** @param {string} text */
function banner(text) {
  const line = '='.repeat(Math.max(20, 78 - text.length - 4));
  console.log(`\n== ${text} ${line}`);
}

async function main() {
  /** @type {StepResult[]} */
  const results = [];
  let stopped = false;
  for (const [i, step] of steps.entries()) {
    if (stopped) {
      results.push({ name: step.name, status: 'not run', ms: 0, note: 'an earlier step failed' });
      continue;
    }
    if (step.name === 'e2e' && skipE2E) {
      banner(`[${i + 1}/${steps.length}] e2e: SKIPPED`);
      console.log('!!! ETL_TEST_SKIP_E2E=1: the browser (e2e) tests were NOT run. This run is incomplete. !!!');
      results.push({ name: step.name, status: 'skipped', ms: 0, note: 'ETL_TEST_SKIP_E2E=1: browser tests NOT run' });
      continue;
    }
    banner(`[${i + 1}/${steps.length}] ${step.name}: ${[step.cmd === process.execPath ? 'node' : step.cmd, ...step.args].join(' ')}`);
    const blocked = step.precondition?.();
    if (blocked) {
      console.log(`${step.name} FAILED: ${blocked}`);
      results.push({ name: step.name, status: 'failed', ms: 0, note: blocked });
      if (step.stopOnFailure) stopped = true;
      continue;
    }
    const run = await runStep(step.cmd, step.args, { cwd: ROOT, env: { ...env, ...step.env }, timeoutMs: step.timeoutMs });
    const counts = step.counts?.();
    const failed = run.code !== 0 || (counts !== undefined && counts.failed > 0);
    /** @type {string[]} */
    const notes = [];
    if (run.error) notes.push(run.error);
    if (step.counts && !counts) notes.push('no test report was written');
    results.push({ name: step.name, status: failed ? 'failed' : 'passed', ms: run.ms, counts, note: notes.join('; ') || undefined });
    console.log(`-- ${step.name}: ${failed ? 'FAILED' : 'ok'} (${(run.ms / 1000).toFixed(1)} s${run.error ? `, ${run.error}` : ''})`);
    if (failed && step.stopOnFailure) {
      console.log(`-- ${step.name} failed (its output is above); the steps after it are not run.`);
      stopped = true;
    }
  }

  banner('summary');
  for (const line of summaryLines(results)) console.log(line);
  rmSync(reports, { recursive: true, force: true });
  return results.some((r) => r.status === 'failed' || r.status === 'not run') ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
