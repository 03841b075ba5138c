// @ts-check
// The closing report of `npm test`: one line per step, then the totals line that CI reads.

/**
 * @typedef {import('./test-counts.js').TestCounts} TestCounts
 * @typedef {'passed' | 'failed' | 'skipped' | 'not run'} StepStatus
 * @typedef {object} StepResult
 * @property {string} name
 * @property {StepStatus} status
 * @property {number} ms
 * @property {TestCounts} [counts]  for steps that run tests
 * @property {string} [note]
 */

/**
 * @param {StepResult[]} steps
 * @returns {string[]}
 */
export function summaryLines(steps) {
  const width = Math.max(...steps.map((s) => s.name.length));
  const lines = steps.map((s) => {
    const status = s.status === 'passed' ? 'ok' : s.status.toUpperCase();
    const time = s.status === 'passed' || s.status === 'failed' ? `${(s.ms / 1000).toFixed(1)} s` : '';
    const counts = s.counts ? countsText(s.counts) : '';
    const tail = [counts, s.note].filter(Boolean).join('; ');
    return `  ${s.name.padEnd(width)}  ${status.padEnd(7)}  ${time.padStart(8)}${tail ? `   ${tail}` : ''}`;
  });
  const total = totals(steps);
  if (total.stepFailures.length > 0) {
    lines.push(`  (the failed count includes ${total.stepFailures.length} step failure(s) outside any test: ${total.stepFailures.join(', ')})`);
  }
  lines.push(countsText(total));
  return lines;
}

/**
 * Tests that passed, failed and were skipped across all steps. A step that failed without
 * any failed test (a broken build, type errors, a runner that crashed) adds one failure,
 * so the totals never read "0 failed" for a run that failed.
 * @param {StepResult[]} steps
 */
export function totals(steps) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  /** @type {string[]} */
  const stepFailures = [];
  for (const s of steps) {
    passed += s.counts?.passed ?? 0;
    failed += s.counts?.failed ?? 0;
    skipped += s.counts?.skipped ?? 0;
    if (s.status === 'failed' && !(s.counts && s.counts.failed > 0)) {
      failed += 1;
      stepFailures.push(s.name);
    }
  }
  return { passed, failed, skipped, stepFailures };
}

/** @param {TestCounts} c */
function countsText(c) {
  return `${c.passed} passed, ${c.failed} failed${c.skipped > 0 ? `, ${c.skipped} skipped` : ''}`;
}
