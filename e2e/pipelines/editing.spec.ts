import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { canvas, connectByDrag, dragKindOntoCanvas, node, openPipelines } from './support/canvas.js';
import { pipelinePorts, startPipelineHost, type PipelineHost } from './support/host.js';

let host: PipelineHost;
let work: string;

test.beforeAll(async () => {
  host = await startPipelineHost(pipelinePorts.editing);
  work = mkdtempSync(path.join(tmpdir(), 'etl-e2e-editing-'));
});
test.afterAll(async () => {
  await host?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

const edges = (page: Page) => canvas(page).locator('.react-flow__edge');

async function twoTasks(page: Page, a: string, b: string): Promise<void> {
  const box = (await canvas(page).boundingBox())!;
  await dragKindOntoCanvas(page, a, { x: Math.round(box.width * 0.25), y: 200 });
  await dragKindOntoCanvas(page, b, { x: Math.round(box.width * 0.7), y: 200 });
  await expect(page.getByTestId('task-node')).toHaveCount(2);
}

test('undo and redo: Ctrl+Z takes the new edge away, Ctrl+Shift+Z brings it back', async ({ page }) => {
  await openPipelines(page, host.url);
  await twoTasks(page, 'sql.extract', 'load.table');
  await connectByDrag(page, 'sql_extract', 'load_table');
  await expect(edges(page)).toHaveCount(1);
  await expect(page.getByTestId('task-node')).toHaveCount(2);

  await page.keyboard.press('Control+z');
  await expect(edges(page)).toHaveCount(0);
  await expect(page.getByTestId('task-node')).toHaveCount(2);
  await page.keyboard.press('Control+Shift+z');
  await expect(edges(page)).toHaveCount(1);
  // Ctrl+Y redoes too, and the toolbar buttons do the same as the keys.
  await page.getByTestId('undo').click();
  await expect(edges(page)).toHaveCount(0);
  await page.keyboard.press('Control+y');
  await expect(edges(page)).toHaveCount(1);

  // Copy and paste make a copy with a new id; Delete removes the selection, undo restores it.
  await node(page, 'load_table').locator('.task-node__head').click();
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  await expect(node(page, 'load_table_2')).toBeVisible();
  await page.keyboard.press('Delete');
  await expect(node(page, 'load_table_2')).toHaveCount(0);
  await page.keyboard.press('Control+z');
  await expect(node(page, 'load_table_2')).toBeVisible();

  // Arrow keys nudge the focused, selected task.
  await node(page, 'sql_extract').locator('.task-node__head').click();
  const before = (await node(page, 'sql_extract').boundingBox())!;
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
  await expect(async () => expect((await node(page, 'sql_extract').boundingBox())!.x).toBeGreaterThan(before.x + 5)).toPass();
});

test('an edge that would close a cycle is refused with a message, and no edge is added', async ({ page }) => {
  await openPipelines(page, host.url);
  await twoTasks(page, 'sql.run', 'check.sql');
  await connectByDrag(page, 'sql_run', 'check_sql');
  await expect(edges(page)).toHaveCount(1);

  await connectByDrag(page, 'check_sql', 'sql_run');
  const notice = page.getByTestId('canvas-notice');
  await expect(notice).toHaveAttribute('role', 'alert');
  await expect(notice).toContainText("Connecting 'check_sql' -> 'sql_run' would create a cycle");
  await expect(edges(page)).toHaveCount(1);
  await expect(canvas(page).locator('.react-flow__edge[data-id="sql_run->check_sql"]')).toHaveCount(1);
});

test('templates open and validate; unsaved changes are guarded; save, new and open from the recent list', async ({ page }) => {
  const templates = await host.api.call('pipelines.templates', {});
  expect(templates.map((t) => t.id).sort()).toEqual(['process-web-log', 'softcart-replicate', 'softcart-star']);
  await openPipelines(page, host.url);

  for (const t of templates) {
    await page.getByTestId('open-templates').click();
    const dialog = page.getByTestId('templates-dialog');
    await dialog.locator(`[data-template-id="${t.id}"]`).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('pipeline-title')).toContainText(t.name);
    await expect(page.getByTestId('task-node')).toHaveCount(t.taskCount);
    await page.getByTestId('validate').click();
    await expect(page.getByTestId('validation-result')).toHaveText('No problems found: the pipeline is ready to run.');
    // Nothing is marked on the nodes either.
    await expect(page.locator('[data-testid="task-node"]:not([data-problems="0"])')).toHaveCount(0);
  }

  // A change makes the pipeline dirty; leaving it asks first, and Cancel keeps the work.
  await canvas(page).locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
  await page.getByTestId('pipeline-name').fill('My star schema');
  await expect(page.getByTestId('dirty-dot')).toBeVisible();
  await page.getByTestId('open-templates').click();
  const confirm = page.getByTestId('confirm-dialog');
  await expect(confirm).toContainText('Discard them and open a template?');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('templates-dialog')).toHaveCount(0);
  await expect(page.getByTestId('pipeline-title')).toContainText('My star schema');

  // Save (Ctrl+S asks where, the first time), then New is not guarded any more.
  const file = path.join(work, 'my-star.pipeline.json');
  await page.keyboard.press('Control+s');
  await page.getByTestId('save-path').fill(file);
  await page.getByTestId('save-as-dialog').getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('dirty-dot')).toBeHidden();
  await expect(page.getByTestId('pipeline-title')).toContainText(file);

  // Schedule the saved file: the engine checks the cron expression as it is typed.
  const schedule = page.getByTestId('schedule-editor');
  await schedule.getByTestId('schedule-cron').fill('61 * * * *');
  await expect(schedule.getByTestId('schedule-preview').getByRole('alert')).toBeVisible();
  await expect(schedule.getByTestId('schedule-apply')).toBeDisabled();
  await schedule.getByTestId('schedule-cron').fill('*/15 * * * *');
  await expect(schedule.getByTestId('schedule-preview').locator('li')).toHaveCount(5);
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('dirty-dot')).toBeHidden();
  await schedule.getByTestId('schedule-apply').click();
  await expect(schedule.getByTestId('schedule-entry')).toContainText('Scheduled: */15 * * * *');
  const entries = await host.api.call('schedules.list', {});
  expect(entries.map((e) => ({ path: e.path, cron: e.cron, enabled: e.enabled, next: e.nextRuns.length }))).toEqual([{ path: file, cron: '*/15 * * * *', enabled: true, next: 5 }]);
  await host.api.call('schedules.remove', { path: file });

  await page.getByRole('button', { name: 'New pipeline' }).click();
  await expect(page.getByTestId('confirm-dialog')).toHaveCount(0);
  await expect(page.getByTestId('task-node')).toHaveCount(0);
  await expect(page.getByTestId('pipeline-title')).toContainText('Untitled pipeline');

  // An unsaved new pipeline with a task is guarded too; Discard goes on.
  await page.locator('[data-testid="palette-item"][data-kind="sql.run"]').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('task-node')).toHaveCount(1);
  await page.getByTestId('open-file').click();
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Discard changes' }).click();
  const open = page.getByTestId('open-dialog');
  await open.getByTestId('recent-item').filter({ hasText: 'My star schema' }).click();
  await expect(open).toBeHidden();
  await expect(page.getByTestId('pipeline-title')).toContainText('My star schema');
  await expect(page.getByTestId('task-node')).toHaveCount(templates[templates.length - 1]!.taskCount);
  await expect(page.getByTestId('dirty-dot')).toBeHidden();

  // Opening a path that is not there says so in the dialog.
  await page.getByTestId('open-file').click();
  await page.getByTestId('open-path').fill(path.join(work, 'missing.json'));
  await page.getByTestId('open-dialog').getByRole('button', { name: 'Open' }).click();
  await expect(page.getByTestId('dialog-error')).toContainText('No pipeline file at');
});
