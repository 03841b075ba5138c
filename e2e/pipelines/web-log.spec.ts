import { expect, test } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tar from 'tar';
import { canvas, connectByDrag, dragKindOntoCanvas, fieldOf, node, openPipelines, selectTask } from './support/canvas.js';
import { pipelinePorts, startPipelineHost, type PipelineHost } from './support/host.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// The coursework's expected outputs (shared fixtures), or the copy the app ships.
const expectedDir = [
  path.resolve(root, '..', 'shared', 'fixtures', 'softcart', 'expected'),
  path.join(root, 'assets', 'sample-data', 'softcart', 'expected'),
].find((d) => existsSync(path.join(d, 'extracted_data.txt')))!;

let host: PipelineHost;
let work: string;

test.beforeAll(async () => {
  host = await startPipelineHost(pipelinePorts.webLog);
  work = mkdtempSync(path.join(tmpdir(), 'etl-e2e-weblog-'));
});
test.afterAll(async () => {
  await host?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('builds the web-log pipeline from the palette, runs it green, and its files match the coursework byte for byte', async ({ page }) => {
  // Where the bundled access log is: the engine says so through the template's default.
  const template = await host.api.call('pipelines.template', { id: 'process-web-log' });
  const accessLog = template.pipeline.parameters.find((p) => p.name === 'input')?.default;
  expect(typeof accessLog === 'string' && path.isAbsolute(accessLog)).toBe(true);

  await openPipelines(page, host.url);
  await expect(page.getByTestId('canvas-empty')).toBeVisible();

  const box = (await canvas(page).boundingBox())!;
  const col = (i: number) => Math.round(box.width * (0.2 + 0.3 * i));
  await dragKindOntoCanvas(page, 'log.extract', { x: col(0), y: 160 });
  await dragKindOntoCanvas(page, 'transform.filter', { x: col(1), y: 300 });
  await dragKindOntoCanvas(page, 'file.archive', { x: col(2), y: 160 });
  await expect(page.getByTestId('task-node')).toHaveCount(3);
  // Each landed where it was dropped, left to right.
  const xs = await Promise.all(['log_extract', 'transform_filter', 'file_archive'].map(async (id) => (await node(page, id).boundingBox())!.x));
  expect(xs[0]).toBeLessThan(xs[1]!);
  expect(xs[1]).toBeLessThan(xs[2]!);

  await connectByDrag(page, 'log_extract', 'transform_filter');
  await connectByDrag(page, 'transform_filter', 'file_archive');
  await expect(canvas(page).locator('.react-flow__edge')).toHaveCount(2);

  // Auto-layout lines them up in dependency order.
  await page.getByTestId('auto-layout').click();
  await expect(async () => {
    const boxes = await Promise.all(['log_extract', 'transform_filter', 'file_archive'].map(async (id) => (await node(page, id).boundingBox())!));
    // Left to right without overlapping, on one row (centres within half a node's height).
    expect(boxes[0]!.x + boxes[0]!.width).toBeLessThan(boxes[1]!.x);
    expect(boxes[1]!.x + boxes[1]!.width).toBeLessThan(boxes[2]!.x);
    const mid = (b: { y: number; height: number }) => b.y + b.height / 2;
    expect(Math.abs(mid(boxes[0]!) - mid(boxes[1]!))).toBeLessThan(boxes[1]!.height / 2);
    expect(Math.abs(mid(boxes[1]!) - mid(boxes[2]!))).toBeLessThan(boxes[1]!.height / 2);
  }).toPass();

  // extract_data: the bundled log, keep the IP field.
  let panel = await selectTask(page, 'log_extract');
  await panel.getByTestId('task-name').fill('Extract IP addresses');
  await fieldOf(panel, 'input').locator('input').fill(accessLog as string);
  await expect(fieldOf(panel, 'fields').getByRole('checkbox', { name: 'ip', exact: true })).toBeChecked();
  await expect(fieldOf(panel, 'output').locator('input')).toHaveValue('extracted_data.txt');
  await expect(node(page, 'log_extract')).toHaveAttribute('data-problems', '0');

  // transform_data: drop the lines of one IP address.
  panel = await selectTask(page, 'transform_filter');
  await panel.getByTestId('task-name').fill('Drop one IP address');
  await fieldOf(panel, 'value').locator('input').fill('198.46.149.143');
  await fieldOf(panel, 'output').locator('input').fill('transformed_data.txt');

  // load_data: pack the result into weblog.tar.
  panel = await selectTask(page, 'file_archive');
  await panel.getByTestId('task-name').fill('Archive into weblog.tar');
  await expect(fieldOf(panel, 'output').locator('input')).toHaveValue('weblog.tar');

  // Name the pipeline (nothing selected shows its panel) and save it with Ctrl+S.
  await canvas(page).locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
  await page.getByTestId('pipeline-name').fill('Process web log (built by hand)');
  await expect(page.getByTestId('dirty-dot')).toBeVisible();
  await page.keyboard.press('Control+s');
  const saveAs = page.getByTestId('save-as-dialog');
  const file = path.join(work, 'web-log.pipeline.json');
  await saveAs.getByTestId('save-path').fill(file);
  await saveAs.getByRole('button', { name: 'Save' }).click();
  await expect(saveAs).toBeHidden();
  await expect(page.getByTestId('dirty-dot')).toBeHidden();
  const saved = JSON.parse(readFileSync(file, 'utf8'));
  expect(saved.tasks.map((t: { id: string }) => t.id)).toEqual(['log_extract', 'transform_filter', 'file_archive']);
  expect(saved.edges).toEqual([{ from: 'log_extract', to: 'transform_filter' }, { from: 'transform_filter', to: 'file_archive' }]);

  // Run: the dialog asks for parameters (none here), the nodes turn green.
  await page.getByTestId('run').click();
  await page.getByTestId('run-dialog').getByTestId('run-confirm').click();
  for (const id of ['log_extract', 'transform_filter', 'file_archive']) {
    await expect(node(page, id)).toHaveAttribute('data-state', 'success', { timeout: 60_000 });
  }
  const runPanel = page.getByTestId('run-panel');
  await expect(runPanel).toHaveAttribute('data-status', 'success');
  await expect(node(page, 'log_extract').getByTestId('node-metrics')).toBeVisible();
  await expect(runPanel.locator('[data-testid="run-metrics-row"][data-task-id="transform_filter"]')).toHaveAttribute('data-state', 'success');

  // The files on disk, against the coursework's expected outputs.
  const runId = await runPanel.getAttribute('data-run-id');
  const record = await host.api.call('runs.get', { runId: runId! });
  const extracted = readFileSync(path.join(record.folder, 'log_extract', 'extracted_data.txt'));
  const transformed = readFileSync(path.join(record.folder, 'transform_filter', 'transformed_data.txt'));
  expect(extracted.equals(readFileSync(path.join(expectedDir, 'extracted_data.txt')))).toBe(true);
  expect(transformed.equals(readFileSync(path.join(expectedDir, 'transformed_data.txt')))).toBe(true);
  const entries: string[] = [];
  await tar.list({ file: path.join(record.folder, 'file_archive', 'weblog.tar'), onReadEntry: (e) => entries.push(e.path) });
  expect(entries).toEqual(['transformed_data.txt']);

  // The log panel shows one task's lines.
  await runPanel.getByTestId('run-log-tab').click();
  await runPanel.getByTestId('run-log-task').selectOption('log_extract');
  await expect(runPanel.getByTestId('log-line').first()).toBeVisible();
  const tasksShown = await runPanel.locator('.log-row__task').allTextContents();
  expect(new Set(tasksShown)).toEqual(new Set(['log_extract']));
  await runPanel.getByRole('tab', { name: 'Tasks' }).click();

  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.getByTestId('palette').evaluate((el) => el.scrollTo(0, 0));
  await page.getByTestId('pipeline-toolbar').getByRole('button', { name: 'Fit view' }).click();
  await page.waitForTimeout(400);
  // The README's screenshot is refreshed on request only, so a test run leaves the tree clean.
  const screenshotDir = process.env.ETL_UPDATE_SCREENSHOTS ? path.join(root, 'docs', 'screenshots') : test.info().outputDir;
  await page.screenshot({ path: path.join(screenshotDir, 'canvas.png') });
});
