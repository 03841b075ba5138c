import { expect, type Locator, type Page } from '@playwright/test';

export type ServerProfile = {
  kind: 'mysql' | 'postgres';
  name: string;
  host: string;
  port: string;
  database: string;
  user: string;
  password: string;
};

/** First start on an empty data folder: decline the demo. */
export async function dismissWelcome(page: Page): Promise<void> {
  const welcome = page.getByTestId('welcome-panel');
  await expect(welcome).toBeVisible();
  await welcome.getByRole('button', { name: 'Not now' }).click();
  await expect(welcome).toBeHidden();
}

export async function openScreen(page: Page, name: 'Sync' | 'Connections' | 'Runs'): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

/** Opens the new-connection dialog and types a server profile into it, the way a user would. */
export async function fillNewProfile(page: Page, p: ServerProfile): Promise<Locator> {
  await openScreen(page, 'Connections');
  await page.getByRole('button', { name: 'New connection' }).click();
  const dialog = page.getByRole('dialog', { name: 'New connection' });
  await dialog.getByLabel('Database kind').selectOption(p.kind);
  await dialog.getByLabel('Name').fill(p.name);
  await dialog.getByLabel('Host').fill(p.host);
  await dialog.getByLabel('Port').fill(p.port);
  await dialog.getByLabel('Database', { exact: true }).fill(p.database);
  await dialog.getByLabel('User').fill(p.user);
  await dialog.getByLabel('Password').fill(p.password);
  return dialog;
}

export async function saveProfile(page: Page, dialog: Locator, name: string): Promise<void> {
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.locator(`[data-testid="profile-row"][data-profile-name="${name}"]`)).toBeVisible();
}

export async function chooseWorkspace(page: Page, source: string, warehouse: string, mode: 'replicate' | 'star'): Promise<void> {
  await openScreen(page, 'Sync');
  await selectOptionStartingWith(page.getByLabel('Source', { exact: true }), source);
  await selectOptionStartingWith(page.getByLabel('Warehouse', { exact: true }), warehouse);
  await page.getByTestId(`sync-mode-${mode}`).check();
}

/** Profile options read "<name> (<kind>)"; pick one by the name the user gave it. */
async function selectOptionStartingWith(select: Locator, name: string): Promise<void> {
  const value = await select.locator('option', { hasText: `${name} (` }).first().getAttribute('value');
  expect(value, `an option for ${name}`).toBeTruthy();
  await select.selectOption(value!);
}

/**
 * Clicks a button that starts a run and waits until that run (a new one, not the one
 * already on screen) has finished; returns the card of the finished run.
 */
export async function runAndWait(page: Page, button: Locator, timeout = 150_000): Promise<Locator> {
  const card = page.getByTestId('current-run');
  const before = (await card.count()) > 0 ? await card.getAttribute('data-run-id') : null;
  await button.click();
  await expect(card).toHaveAttribute('data-run-id', /.+/, { timeout: 15_000 });
  if (before) await expect(card).not.toHaveAttribute('data-run-id', before, { timeout: 15_000 });
  await expect(card).toHaveAttribute('data-status', /^(success|failed|cancelled)$/, { timeout });
  return card;
}
