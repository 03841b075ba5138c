import { defineConfig } from '@playwright/test';

// The pipelines specs alone, without the foundation hosts of the main config: each spec
// starts its own headless host (support/host.ts). Build first (npm run build), then
//   npx playwright test -c e2e/pipelines/playwright.config.ts
// The main config at the root picks these specs up too.
export default defineConfig({
  testDir: '.',
  workers: 1,
  fullyParallel: false,
  timeout: 180_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  outputDir: '../../test-results/pipelines',
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1360, height: 900 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
});
