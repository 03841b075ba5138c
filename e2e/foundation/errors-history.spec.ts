import { expect, test } from '@playwright/test';
import { MYSQL_URL, parts, PG_URL } from '../support/databases.js';
import { appUrl, hosts } from '../support/hosts.js';
import { chooseWorkspace, dismissWelcome, fillNewProfile, openScreen, runAndWait, saveProfile } from '../support/ui.js';

test('a wrong password is said in plain words, and the run history survives a reload', async ({ page }) => {
  await page.goto(appUrl(hosts.errors));
  await dismissWelcome(page);

  const my = parts(MYSQL_URL, '3306');
  const dialog = await fillNewProfile(page, { kind: 'mysql', name: 'Wrong password', database: 'mysql', ...my, password: 'not-the-password' });
  await dialog.getByRole('button', { name: 'Test connection' }).click();
  await expect(dialog.getByTestId('connection-error')).toHaveText(`Access denied for user '${my.user}': wrong user name or password`, { timeout: 20_000 });
  // The form keeps what was typed after the failure.
  await expect(dialog.getByLabel('Password')).toHaveValue('not-the-password');
  await saveProfile(page, dialog, 'Wrong password');

  const pgParts = parts(PG_URL, '5432');
  const wh = await fillNewProfile(page, { kind: 'postgres', name: 'Warehouse', database: 'postgres', ...pgParts });
  await saveProfile(page, wh, 'Warehouse');

  // A sync with the wrong password fails as a run, with the same plain words.
  await chooseWorkspace(page, 'Wrong password', 'Warehouse', 'replicate');
  const card = await runAndWait(page, page.getByRole('button', { name: 'Sync now' }));
  await expect(card).toHaveAttribute('data-status', 'failed');
  // The run names the refused user; the password itself never appears.
  await expect(card.getByTestId('run-error')).toContainText(`Access denied for user '${my.user}'`);
  await expect(card.getByTestId('run-error')).not.toContainText('not-the-password');

  await page.reload();
  await openScreen(page, 'Runs');
  const rows = page.getByTestId('run-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-status', 'failed');
  await rows.first().getByRole('button').click();
  const detail = page.getByTestId('run-detail');
  await expect(detail.getByTestId('run-error')).toContainText(`Access denied for user '${my.user}'`);
  await expect(detail.getByTestId('history-log')).toContainText('Access denied');
});
