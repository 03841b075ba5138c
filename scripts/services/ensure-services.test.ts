import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('./ensure-services.js', import.meta.url));

function ensureServices(env: Record<string, string>, args: string[] = []) {
  const res = spawnSync(process.execPath, [SCRIPT, ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: res.status, out: `${res.stdout}${res.stderr}` };
}

describe('ensure-services', () => {
  it('reports both databases ready, with versions and no passwords, when the test URLs log in', () => {
    const res = ensureServices({}, ['--no-browser']);
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/MariaDB\/MySQL \S+.* at mysql:\/\/etl:\*\*\*@.*: ready/);
    expect(res.out).toMatch(/PostgreSQL \d+.* at postgres:\/\/etl:\*\*\*@.*: ready/);
    expect(res.out).not.toMatch(/:etl@/);
  });

  it('tells the user which env var to set, and fails, when a server is unreachable and it may not provision', () => {
    // Port 1 on loopback: nothing listens there, so the login is refused at once.
    const res = ensureServices(
      { ETL_SERVICES_NO_PROVISION: '1', ETL_TEST_MYSQL_URL: 'mysql://etl:secret-pw@127.0.0.1:1/' },
      ['--no-browser'],
    );
    expect(res.code).not.toBe(0);
    expect(res.out).toContain('ETL_TEST_MYSQL_URL=mysql://USER:PASSWORD@HOST:PORT/');
    expect(res.out).toContain('ECONNREFUSED');
    expect(res.out).not.toContain('secret-pw');
    // The reachable PostgreSQL is not listed as a problem.
    expect(res.out).not.toContain('ETL_TEST_PG_URL=');
  });

  it('rejects an unknown option instead of silently ignoring it', () => {
    const res = ensureServices({}, ['--with', 'oracle']);
    expect(res.code).not.toBe(0);
    expect(res.out).toContain('unknown --with value "oracle"');
  });
});
