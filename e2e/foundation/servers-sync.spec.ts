import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { createMysqlDatabase, createPgDatabase, MYSQL_URL, parts, PG_URL, uniqueName } from '../support/databases.js';
import { appUrl, hosts } from '../support/hosts.js';
import { chooseWorkspace, dismissWelcome, fillNewProfile, openScreen, runAndWait, saveProfile } from '../support/ui.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const mysqlDb = uniqueName('etl_e2e');
const pgDb = uniqueName('etl_e2e');
const drops: (() => Promise<void>)[] = [];

test.beforeAll(async () => {
  drops.push(await createMysqlDatabase(mysqlDb));
  drops.push(await createPgDatabase(pgDb));
});

test.afterAll(async () => {
  for (const drop of drops) await drop();
});

test('MariaDB -> PostgreSQL through the UI: profiles, tests, coursework sample, replicate sync twice', async ({ page }) => {
  await page.goto(appUrl(hosts.servers));
  await dismissWelcome(page);

  // Source profile on the real MariaDB, tested before it is saved.
  const my = parts(MYSQL_URL, '3306');
  let dialog = await fillNewProfile(page, { kind: 'mysql', name: 'Coursework MariaDB', database: mysqlDb, ...my });
  await dialog.getByRole('button', { name: 'Test connection' }).click();
  await expect(dialog.getByTestId('server-version')).toHaveText(/\d+\.\d+/, { timeout: 20_000 });
  await expect(dialog.getByTestId('round-trip')).toHaveText(/^\d+(\.\d+)? ms$/);
  await saveProfile(page, dialog, 'Coursework MariaDB');

  // Warehouse profile on the real PostgreSQL.
  const pgParts = parts(PG_URL, '5432');
  dialog = await fillNewProfile(page, { kind: 'postgres', name: 'Coursework warehouse', database: pgDb, ...pgParts });
  await dialog.getByRole('button', { name: 'Test connection' }).click();
  await expect(dialog.getByTestId('server-version')).toHaveText(/\d+(\.\d+)?/, { timeout: 20_000 });
  await expect(dialog.getByTestId('round-trip')).toHaveText(/^\d+(\.\d+)? ms$/);
  await saveProfile(page, dialog, 'Coursework warehouse');
  await expect(page.locator('[data-profile-name="Coursework MariaDB"]')).toContainText('Saved');

  // The coursework lab: load sales.sql into MariaDB and sales.csv into the warehouse.
  await chooseWorkspace(page, 'Coursework MariaDB', 'Coursework warehouse', 'replicate');
  await page.getByLabel('Source table').fill('sales_data');
  await page.getByLabel('Key column').fill('rowid');
  let card = await runAndWait(page, page.getByRole('button', { name: 'Load coursework sample data' }));
  await expect(card).toHaveAttribute('data-status', 'success');
  await expect(card.getByTestId('sample-source-rows')).toHaveText('13,836');
  await expect(card.getByTestId('sample-warehouse-rows')).toHaveText('12,186');

  // One click: only the rows above the warehouse's last row id travel.
  card = await runAndWait(page, page.getByRole('button', { name: 'Sync now' }));
  await expect(card).toHaveAttribute('data-status', 'success');
  const summary = card.getByTestId('sync-summary');
  await expect(summary).toContainText('Last row id 12289');
  await expect(summary).toContainText('1650 new rows');
  await expect(summary).toContainText('inserted 1650');
  const checks = card.getByTestId('check-row');
  expect(await checks.count()).toBeGreaterThan(0);
  await expect(card.locator('[data-testid="check-row"][data-ok="false"]')).toHaveCount(0);
  await expect(card.getByTestId('live-log')).toContainText(/PASS/);

  // The README's screenshot is refreshed on request only, so a test run leaves the tree clean.
  const screenshotDir = process.env.ETL_UPDATE_SCREENSHOTS ? path.join(root, 'docs', 'screenshots') : test.info().outputDir;
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, 'sync.png'), fullPage: false });

  // Again: nothing new, nothing inserted, still consistent.
  card = await runAndWait(page, page.getByRole('button', { name: 'Sync now' }));
  await expect(card).toHaveAttribute('data-status', 'success');
  await expect(card.getByTestId('result-inserted')).toHaveText('0');
  await expect(card.getByTestId('result-new-rows')).toHaveText('0');
  await expect(card.locator('[data-testid="check-row"][data-ok="false"]')).toHaveCount(0);

  await openScreen(page, 'Runs');
  await expect(page.getByTestId('run-row')).toHaveCount(3);
});
