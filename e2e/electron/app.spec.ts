import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test } from '@playwright/test';

/**
 * The desktop shell, end to end: the built app starts, shows the renderer, exposes no
 * Node to the page, sends the CSP, and answers through window.studio.
 * Run after `npm run build`.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function electronBinary(): string | null {
  const dir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const bin = path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(bin) ? bin : null;
}

const bin = electronBinary();

test.describe('Electron shell', () => {
  test.skip(
    bin === null,
    'Electron binary not installed on this machine (it cannot be downloaded here); the same renderer is covered by the Chromium e2e against the headless host',
  );

  test('opens the app window with Node locked out and the CSP in place', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'etl-e2e-electron-'));
    const args = [root];
    if (process.platform === 'linux' && process.getuid?.() === 0) args.push('--no-sandbox');
    const app = await electron.launch({ executablePath: bin!, args, env: { ...process.env, ETL_STUDIO_DATA_DIR: dataDir } });
    try {
      const page = await app.firstWindow();
      await page.waitForLoadState('domcontentloaded');
      await expect(page).toHaveTitle(/ETL Studio/);
      expect(page.url()).toMatch(/^app:\/\/renderer\//);

      const exposed = await page.evaluate(() => {
        const w = globalThis as unknown as Record<string, unknown>;
        return { require: typeof w.require, process: typeof w.process, module: typeof w.module, studio: Object.keys((w.studio as object) ?? {}).sort() };
      });
      expect(exposed).toEqual({ require: 'undefined', process: 'undefined', module: 'undefined', studio: ['invoke', 'subscribe'] });

      const csp = await page.evaluate(async () => {
        const { location } = globalThis as unknown as { location: { href: string } };
        return (await fetch(location.href)).headers.get('content-security-policy');
      });
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("object-src 'none'");

      const info = await page.evaluate(() =>
        (globalThis as unknown as { studio: { invoke(m: string, i: unknown): Promise<{ ok: boolean; output?: { host?: string; dataDir?: string } }> } }).studio.invoke('app.info', {}),
      );
      expect(info.ok).toBe(true);
      expect(info.output?.host).toBe('electron');
      expect(info.output?.dataDir).toBe(dataDir);

      // The window refuses to navigate away from the app (a non-http URL, so nothing opens outside).
      await page.evaluate(() => {
        (globalThis as unknown as { location: { href: string } }).location.href = 'file:///etc/hostname';
      });
      await page.waitForTimeout(500);
      expect(page.url()).toMatch(/^app:\/\/renderer\//);
    } finally {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
