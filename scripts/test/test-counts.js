// @ts-check
// Real test counts from the runners' JSON reports, so the closing line of `npm test`
// counts tests, not steps.
import { existsSync, readFileSync } from 'node:fs';

/**
 * @typedef {{ passed: number, failed: number, skipped: number }} TestCounts
 */

/**
 * Vitest's `--reporter=json` file (Jest's format). A test file that fails to load has no
 * test results of its own but is a failure all the same, so it counts as one failed test.
 * @param {string} file
 * @returns {TestCounts | undefined} undefined when the report is missing or unreadable
 */
export function readVitestCounts(file) {
  const report = readJson(file);
  if (!isObject(report)) return undefined;
  const files = Array.isArray(report.testResults) ? report.testResults : [];
  const brokenFiles = files.filter(
    (f) =>
      isObject(f) &&
      f.status === 'failed' &&
      !(Array.isArray(f.assertionResults) && f.assertionResults.some((a) => isObject(a) && a.status === 'failed')),
  ).length;
  return {
    passed: num(report.numPassedTests),
    failed: num(report.numFailedTests) + brokenFiles,
    skipped: num(report.numPendingTests) + num(report.numTodoTests),
  };
}

/**
 * Playwright's json reporter. A flaky test passed on retry, so it counts as passed; each
 * error outside a test (config, web server, a spec that fails to load) counts as a failure.
 * @param {string} file
 * @returns {TestCounts | undefined} undefined when the report is missing or unreadable
 */
export function readPlaywrightCounts(file) {
  const report = readJson(file);
  if (!isObject(report) || !isObject(report.stats)) return undefined;
  const s = report.stats;
  const errors = Array.isArray(report.errors) ? report.errors.length : 0;
  return {
    passed: num(s.expected) + num(s.flaky),
    failed: num(s.unexpected) + errors,
    skipped: num(s.skipped),
  };
}

/** @param {string} file @returns {unknown} */
function readJson(file) {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** @param {unknown} v @returns {v is Record<string, unknown>} */
function isObject(v) {
  return typeof v === 'object' && v !== null;
}

/** @param {unknown} v */
function num(v) {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}
