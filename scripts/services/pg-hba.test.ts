import { describe, expect, it } from 'vitest';
import { HBA_LINES, hbaAllowsPasswordLogin } from './pg-hba.js';

// The rules Debian 12's postgresql-15 package writes, comments trimmed.
const DEBIAN_DEFAULT = `
# Database administrative login by Unix domain socket
local   all             postgres                                peer
# TYPE  DATABASE        USER            ADDRESS                 METHOD
local   all             all                                     peer
host    all             all             127.0.0.1/32            scram-sha-256
host    all             all             ::1/128                 scram-sha-256
local   replication     all                                     peer
host    replication     all             127.0.0.1/32            scram-sha-256
`;

describe('pg_hba.conf: would the tests log in over 127.0.0.1 with a password', () => {
  it('accepts the rules a fresh Debian install writes, so it leaves them alone', () => {
    expect(hbaAllowsPasswordLogin(DEBIAN_DEFAULT, 'etl')).toBe(true);
  });

  it('refuses when the first matching rule rejects, even if a later one would allow', () => {
    const text = `host all all 127.0.0.1/32 reject\n${DEBIAN_DEFAULT}`;
    expect(hbaAllowsPasswordLogin(text, 'etl')).toBe(false);
  });

  it('refuses when only peer/ident rules exist (no TCP password login)', () => {
    expect(hbaAllowsPasswordLogin('local all all peer\nhost all all 127.0.0.1/32 ident\n', 'etl')).toBe(false);
  });

  it('reads the address-and-mask form and per-user rules', () => {
    expect(hbaAllowsPasswordLogin('host all etl 127.0.0.1 255.255.255.255 md5\n', 'etl')).toBe(true);
    expect(hbaAllowsPasswordLogin('host all alice 127.0.0.1/32 md5\n', 'etl')).toBe(false);
    expect(hbaAllowsPasswordLogin('host all alice,etl 0.0.0.0/0 scram-sha-256\n', 'etl')).toBe(true);
  });

  it('passes over SSL-only and replication rules, which plain test logins never match', () => {
    const text = 'hostssl all all 127.0.0.1/32 scram-sha-256\nhost replication all 127.0.0.1/32 trust\n';
    expect(hbaAllowsPasswordLogin(text, 'etl')).toBe(false);
  });

  it('the lines it prepends make a rejecting file accept', () => {
    const fixed = `${HBA_LINES}\nhost all all 127.0.0.1/32 reject\n`;
    expect(hbaAllowsPasswordLogin(fixed, 'etl')).toBe(true);
  });
});
