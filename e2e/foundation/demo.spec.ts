import { expect, test } from '@playwright/test';
import { appUrl, hosts } from '../support/hosts.js';
import { runAndWait } from '../support/ui.js';

test('first start: the demo workspace syncs on embedded databases with all checks green', async ({ page }) => {
  await page.goto(appUrl(hosts.demo));
  const welcome = page.getByTestId('welcome-panel');
  await expect(welcome).toBeVisible();
  await welcome.getByRole('button', { name: 'Open the demo workspace (embedded databases, no server needed)' }).click();
  await expect(welcome).toBeHidden({ timeout: 120_000 });

  await expect(page.getByRole('heading', { level: 1, name: 'Sync' })).toBeVisible();
  await expect(page.getByTestId('route-source')).toHaveText('Demo source (embedded)');
  await expect(page.getByTestId('route-warehouse')).toHaveText('Demo warehouse (embedded)');
  await expect(page.getByTestId('demo-notice')).toBeVisible();

  const card = await runAndWait(page, page.getByRole('button', { name: 'Sync now' }));
  await expect(card).toHaveAttribute('data-status', 'success');
  await expect(card.getByTestId('result-new-rows')).not.toHaveText('0');
  const checks = card.getByTestId('check-row');
  expect(await checks.count()).toBeGreaterThan(0);
  await expect(card.locator('[data-testid="check-row"][data-ok="false"]')).toHaveCount(0);
  await expect(card.getByTestId('result-checks')).toHaveText(/passed$/);
});
