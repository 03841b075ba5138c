import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { canvas, node, openPipelines } from './support/canvas.js';
import { pipelinePorts, startPipelineHost, type PipelineHost } from './support/host.js';
import { frameStats, framesWhile } from '../support/frames.js';

let host: PipelineHost;
let work: string;

test.beforeAll(async () => {
  host = await startPipelineHost(pipelinePorts.perf);
  work = mkdtempSync(path.join(tmpdir(), 'etl-e2e-perf-'));
});
test.afterAll(async () => {
  await host?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** 500 tasks: 50 chains of 10 (extract -> filters -> archive), laid out on a grid. */
function bigPipelineFile(file: string, n = 500): void {
  const tasks = [];
  const edges = [];
  for (let i = 0; i < n; i++) {
    const col = i % 10;
    const kind = col === 0 ? 'log.extract' : col === 9 ? 'file.archive' : 'transform.filter';
    const config = col === 0 ? { input: '/var/log/access.log', fields: ['ip'] } : col === 9 ? {} : { value: `10.0.${i % 256}.1` };
    tasks.push({ id: `t${i}`, kind, name: `Task ${i}`, config, position: { x: col * 300, y: Math.floor(i / 10) * 130 } });
    if (col !== 0) edges.push({ from: `t${i - 1}`, to: `t${i}` });
  }
  writeFileSync(file, JSON.stringify({ format: 'etl-studio.pipeline', version: 2, name: 'Five hundred tasks', tasks, edges }));
}

test('a 500-task pipeline pans, zooms and drags without visible lag', async ({ page }) => {
  const file = path.join(work, 'five-hundred.pipeline.json');
  bigPipelineFile(file);
  await openPipelines(page, host.url);
  await page.getByTestId('open-file').click();
  await page.getByTestId('open-path').fill(file);
  await page.getByTestId('open-dialog').getByRole('button', { name: 'Open' }).click();
  await expect(page.getByTestId('pipeline-title')).toContainText('Five hundred tasks');
  await expect(page.getByTestId('outline')).toContainText('500');
  const pane = canvas(page).locator('.react-flow__pane');
  const box = (await canvas(page).boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;

  // Work at a zoom where tasks are readable, from the outline: find a task and centre on it.
  await page.getByTestId('outline').getByRole('searchbox').fill('Task 255');
  await page.getByTestId('outline-item').first().click();
  await expect(node(page, 't255')).toBeInViewport();
  await page.waitForTimeout(500);
  const rendered = await page.getByTestId('task-node').count();

  const pan = frameStats((await framesWhile(page, async () => {
    await page.mouse.move(cx, cy + 200);
    await page.mouse.down();
    for (let i = 1; i <= 60; i++) await page.mouse.move(cx - i * 12, cy + 200 - i * 4);
    await page.mouse.up();
  })).frames);

  const zoom = frameStats((await framesWhile(page, async () => {
    await page.mouse.move(cx, cy);
    for (let i = 0; i < 12; i++) await page.mouse.wheel(0, i < 6 ? 120 : -120);
  })).frames);

  // Drag one task across the canvas.
  await page.getByTestId('outline-item').first().click();
  const target = node(page, 't255');
  await expect(target).toBeInViewport();
  await page.waitForTimeout(500);
  const t = (await target.locator('.task-node__head').boundingBox())!;
  const drag = frameStats((await framesWhile(page, async () => {
    await page.mouse.move(t.x + 40, t.y + 10);
    await page.mouse.down();
    for (let i = 1; i <= 60; i++) await page.mouse.move(t.x + 40 + i * 4, t.y + 10 + i * 2);
    await page.mouse.up();
  })).frames);
  // The drag landed in the pipeline as one undoable step.
  await expect(page.getByTestId('undo')).toBeEnabled();

  // Zoomed out with every task on screen, panning still keeps up.
  await page.getByTestId('pipeline-toolbar').getByRole('button', { name: 'Fit view' }).click();
  await page.waitForTimeout(600);
  const allRendered = await page.getByTestId('task-node').count();
  const panAll = frameStats((await framesWhile(page, async () => {
    await pane.hover({ position: { x: 40, y: 40 } });
    await page.mouse.down();
    for (let i = 1; i <= 40; i++) await page.mouse.move(box.x + 40 + i * 6, box.y + 40 + i * 3);
    await page.mouse.up();
  })).frames);

  const report = { renderedAtWorkingZoom: rendered, renderedAllInView: allRendered, pan, zoom, drag, panAll };
  console.log(`500-task canvas frame times (ms): ${JSON.stringify(report)}`);
  for (const s of [pan, zoom, drag, panAll]) {
    expect(s.frames).toBeGreaterThan(5);
    expect(s.median).toBeLessThan(50);
  }
});
