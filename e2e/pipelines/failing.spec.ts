import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { canvas, connectByDrag, dragKindOntoCanvas, fieldOf, node, openPipelines, selectTask } from './support/canvas.js';
import { pipelinePorts, startPipelineHost, type PipelineHost } from './support/host.js';

let host: PipelineHost;
let work: string;

test.beforeAll(async () => {
  host = await startPipelineHost(pipelinePorts.failing);
  work = mkdtempSync(path.join(tmpdir(), 'etl-e2e-failing-'));
  // An embedded database to fail on; made through the API, the test is about the canvas.
  await host.api.call('profiles.save', { name: 'Scratch PGlite', kind: 'pglite', path: path.join(work, 'pglite') });
});
test.afterAll(async () => {
  await host?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('a failing task retries, then fails with its error, and the task after it is skipped', async ({ page }) => {
  await openPipelines(page, host.url);
  const box = (await canvas(page).boundingBox())!;
  await dragKindOntoCanvas(page, 'sql.run', { x: Math.round(box.width * 0.25), y: 220 });
  await dragKindOntoCanvas(page, 'check.sql', { x: Math.round(box.width * 0.7), y: 220 });
  await connectByDrag(page, 'sql_run', 'check_sql');
  await expect(canvas(page).locator('.react-flow__edge')).toHaveCount(1);

  let panel = await selectTask(page, 'sql_run');
  await fieldOf(panel, 'connection').locator('select').selectOption('Scratch PGlite');
  await fieldOf(panel, 'sql').locator('textarea').fill('SELEC 1 FROM nowhere');
  await panel.getByTestId('task-retries').fill('2');
  await panel.getByTestId('task-retry-delay').fill('1500');
  await expect(node(page, 'sql_run')).toHaveAttribute('data-problems', '0');

  panel = await selectTask(page, 'check_sql');
  await fieldOf(panel, 'connection').locator('select').selectOption('Scratch PGlite');
  await fieldOf(panel, 'sql').locator('textarea').fill('SELECT 1 WHERE false');
  await expect(node(page, 'check_sql')).toHaveAttribute('data-problems', '0');

  await page.getByTestId('run').click();
  await page.getByTestId('run-dialog').getByTestId('run-confirm').click();

  const failing = node(page, 'sql_run');
  await expect(failing).toHaveAttribute('data-state', 'retrying', { timeout: 60_000 });
  await expect(failing.getByTestId('node-state')).toContainText('Retrying');
  await expect(failing.getByTestId('node-error')).toContainText('syntax error');
  await expect(failing).toHaveAttribute('data-state', 'failed', { timeout: 60_000 });
  await expect(failing.getByTestId('node-error')).toContainText('syntax error');
  await expect(node(page, 'check_sql')).toHaveAttribute('data-state', 'skipped');

  const runPanel = page.getByTestId('run-panel');
  await expect(runPanel).toHaveAttribute('data-status', 'failed');
  const row = runPanel.locator('[data-testid="run-metrics-row"][data-task-id="sql_run"]');
  await expect(row).toHaveAttribute('data-state', 'failed');
  // Three attempts: the first and two retries.
  await expect(row.locator('td').nth(2)).toHaveText('3');
  await expect(runPanel.locator('[data-testid="run-metrics-row"][data-task-id="check_sql"]')).toHaveAttribute('data-state', 'skipped');

  // Its log says why, filtered to the task.
  await runPanel.getByTestId('run-log-tab').click();
  await runPanel.getByTestId('run-log-task').selectOption('sql_run');
  await expect(runPanel.getByTestId('log-line').filter({ hasText: 'syntax error' }).first()).toBeVisible();

  // Re-run from failed starts a new run of the failed task (it fails again: the SQL is the same).
  const firstRun = await runPanel.getAttribute('data-run-id');
  await page.getByTestId('rerun-failed').click();
  await expect(runPanel).not.toHaveAttribute('data-run-id', firstRun!);
  await expect(runPanel).toHaveAttribute('data-status', 'failed', { timeout: 60_000 });
  await expect(node(page, 'sql_run')).toHaveAttribute('data-state', 'failed');
});
