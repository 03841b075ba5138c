/**
 * The headless hosts the foundation specs talk to. Each spec file gets its own host on
 * its own empty data folder (see playwright.config.ts), so specs never see each other's
 * profiles or runs and each starts as a first start.
 */
export const E2E_TOKEN = 'e2e-token-0123456789abcdef';

export const hosts = {
  /** Connections, sample data and replicate sync against the real MariaDB and PostgreSQL. */
  servers: 4173,
  /** The embedded demo workspace. */
  demo: 4174,
  /** Plain-words errors and run history across a reload. */
  errors: 4175,
} as const;

export function appUrl(port: number): string {
  return `http://127.0.0.1:${port}/#token=${E2E_TOKEN}`;
}
