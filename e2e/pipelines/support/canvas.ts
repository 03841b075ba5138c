import { expect, type Locator, type Page } from '@playwright/test';

/** Opens the Pipelines screen from the nav, past the first-start welcome panel. */
export async function openPipelines(page: Page, url: string): Promise<void> {
  // The first start of a host offers the demo; later pages of the same host do not.
  const welcome = page.getByTestId('welcome-panel');
  await page.addLocatorHandler(welcome, async () => {
    await welcome.getByRole('button', { name: 'Not now' }).click();
  });
  await page.goto(url);
  await expect(page.getByTestId('workspace-name')).not.toHaveText('…');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Pipelines' }).click();
  await expect(page.getByTestId('pipelines-screen')).toBeVisible();
}

export const canvas = (page: Page) => page.getByTestId('pipeline-canvas');
export const node = (page: Page, taskId: string) => page.locator(`[data-testid="task-node"][data-task-id="${taskId}"]`);

/** Drags a palette item onto the canvas pane at a point relative to the canvas (HTML5 drag and drop). */
export async function dragKindOntoCanvas(page: Page, kind: string, at: { x: number; y: number }): Promise<void> {
  const item = page.locator(`[data-testid="palette-item"][data-kind="${kind}"]`);
  await item.dragTo(canvas(page).locator('.react-flow__pane'), { targetPosition: at });
}

/** Drags from one task's output handle to another's input handle, as a user connects them. */
export async function connectByDrag(page: Page, from: string, to: string): Promise<void> {
  const out = node(page, from).getByTestId('handle-out');
  const into = node(page, to).getByTestId('handle-in');
  const a = await out.boundingBox();
  const b = await into.boundingBox();
  if (!a || !b) throw new Error(`Handles of ${from} -> ${to} are not on screen`);
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2 + 20, { steps: 6 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 6 });
  await page.mouse.up();
}

export async function selectTask(page: Page, taskId: string): Promise<Locator> {
  const panel = page.getByTestId('task-panel');
  // After auto-layout or fit view the nodes glide to their places; a click that lands
  // where a node was a moment ago selects nothing, so click again until it is selected.
  await expect(async () => {
    await node(page, taskId).locator('.task-node__head').click();
    await expect(panel).toHaveAttribute('data-task-id', taskId, { timeout: 2_000 });
  }).toPass({ timeout: 15_000 });
  return panel;
}

export function fieldOf(panel: Locator, key: string): Locator {
  return panel.locator(`[data-field="${key}"]`);
}
