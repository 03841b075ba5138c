import { defineConfig } from '@playwright/test';

// The Electron spec alone, without the browser hosts of the main config (Electron
// serves its own renderer): npx playwright test -c e2e/electron/playwright.config.ts
// Build first (npm run build). The main config at the root also picks this spec up.
export default defineConfig({
  testDir: '.',
  testMatch: 'app.spec.ts',
  workers: 1,
  timeout: 120_000,
  reporter: [['list']],
  outputDir: '../../test-results/electron',
});
