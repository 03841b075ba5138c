import { defineConfig } from '@playwright/test';
import { E2E_TOKEN, hosts } from './e2e/support/hosts.js';

const serve = (port: number) => `node e2e/support/serve-fresh.mjs --port ${port} --token ${E2E_TOKEN}`;
// Playwright empties its output folder when a run starts; a folder per run keeps two
// runs on this shared machine from deleting each other's traces. Workers inherit the
// variable, so they agree with the runner on the folder.
process.env.ETL_E2E_RUN_ID ??= `${Date.now()}-${process.pid}`;
// For quick local loops on an already built tree; CI and `npm test` always build.
const build = process.env.ETL_E2E_SKIP_BUILD === '1' ? '' : 'npm run build && ';

// One headless host per foundation spec file, each on a fresh data folder. Web servers
// start one after another, so the first one builds the app (node + renderer) for all.
export default defineConfig({
  testDir: './e2e',
  workers: 1,
  fullyParallel: false,
  timeout: 180_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  outputDir: `test-results/run-${process.env.ETL_E2E_RUN_ID}`,
  use: {
    baseURL: `http://127.0.0.1:${hosts.servers}`,
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
  webServer: [
    {
      command: `${build}${serve(hosts.servers)}`,
      url: `http://127.0.0.1:${hosts.servers}/`,
      reuseExistingServer: false,
      // SIGTERM lets the host close its engine and serve-fresh.mjs delete the data folder.
      gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
      timeout: 240_000,
      stdout: 'pipe',
      stderr: 'pipe',
    },
    {
      command: serve(hosts.demo),
      url: `http://127.0.0.1:${hosts.demo}/`,
      reuseExistingServer: false,
      // SIGTERM lets the host close its engine and serve-fresh.mjs delete the data folder.
      gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
      timeout: 60_000,
    },
    {
      command: serve(hosts.errors),
      url: `http://127.0.0.1:${hosts.errors}/`,
      reuseExistingServer: false,
      // SIGTERM lets the host close its engine and serve-fresh.mjs delete the data folder.
      gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
      timeout: 60_000,
    },
  ],
});
