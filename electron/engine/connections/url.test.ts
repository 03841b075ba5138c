import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api/contract.js';
import type { ResolvedConnection } from './resolved.js';
import { parseConnectionUrl, redactUrl } from './url.js';

const plain = { mode: 'disable' as const };

describe('parseConnectionUrl', () => {
  const cases: [string, ResolvedConnection][] = [
    ['mysql://etl:etl@127.0.0.1:3306/sales', { kind: 'mysql', host: '127.0.0.1', port: 3306, database: 'sales', user: 'etl', password: 'etl', ssl: plain, timeZone: '+00:00' }],
    ['mariadb://root@db.example.com/shop', { kind: 'mysql', host: 'db.example.com', port: 3306, database: 'shop', user: 'root', password: undefined, ssl: plain, timeZone: '+00:00' }],
    ['MySQL://etl:etl@127.0.0.1:3306/', { kind: 'mysql', host: '127.0.0.1', port: 3306, database: '', user: 'etl', password: 'etl', ssl: plain, timeZone: '+00:00' }],
    ['mysql://u:p%40ss%3Aw%2Fd@h:3307/db?timezone=%2B05:30&ssl=true', { kind: 'mysql', host: 'h', port: 3307, database: 'db', user: 'u', password: 'p@ss:w/d', ssl: { mode: 'require' }, timeZone: '+05:30' }],
    ['mysql://u:p@h/db?timezone=+02:00', { kind: 'mysql', host: 'h', port: 3306, database: 'db', user: 'u', password: 'p', ssl: plain, timeZone: '+02:00' }],
    ['mysql://u:p@h/db?timezone=-3:00', { kind: 'mysql', host: 'h', port: 3306, database: 'db', user: 'u', password: 'p', ssl: plain, timeZone: '-03:00' }],
    ['mysql://u:p@h/db?timezone=UTC&sslmode=verify-full', { kind: 'mysql', host: 'h', port: 3306, database: 'db', user: 'u', password: 'p', ssl: { mode: 'verify-full' }, timeZone: '+00:00' }],
    ['mysql://us%C3%A9r:p%C3%A4ss@h/db', { kind: 'mysql', host: 'h', port: 3306, database: 'db', user: 'usér', password: 'päss', ssl: plain, timeZone: '+00:00' }],
    ['postgres://etl:etl@127.0.0.1:5432/postgres', { kind: 'postgres', host: '127.0.0.1', port: 5432, database: 'postgres', user: 'etl', password: 'etl', ssl: plain }],
    ['postgresql://analyst:s3cret@warehouse:6543/dw?sslmode=require', { kind: 'postgres', host: 'warehouse', port: 6543, database: 'dw', user: 'analyst', password: 's3cret', ssl: { mode: 'require' } }],
    ['postgres://analyst@[::1]/dw?ssl=0', { kind: 'postgres', host: '::1', port: 5432, database: 'dw', user: 'analyst', password: undefined, ssl: plain }],
    // libpq's habit: no database means the user's own.
    ['postgres://analyst:x@localhost', { kind: 'postgres', host: 'localhost', port: 5432, database: 'analyst', user: 'analyst', password: 'x', ssl: plain }],
    ['postgres://u:p@h/my%20db?sslmode=PREFER', { kind: 'postgres', host: 'h', port: 5432, database: 'my db', user: 'u', password: 'p', ssl: { mode: 'prefer' } }],
    ['db2://db2inst1:pw@ibmhost/SAMPLE', { kind: 'db2', host: 'ibmhost', port: 50000, database: 'SAMPLE', user: 'db2inst1', password: 'pw', ssl: plain }],
    ['db2://db2inst1:pw@ibmhost:50001/SAMPLE?ssl=true', { kind: 'db2', host: 'ibmhost', port: 50001, database: 'SAMPLE', user: 'db2inst1', password: 'pw', ssl: { mode: 'require' } }],
    ['pglite:./data/warehouse', { kind: 'pglite', path: './data/warehouse' }],
    ['pglite:data/source', { kind: 'pglite', path: 'data/source' }],
    ['pglite:/var/lib/etl/wh', { kind: 'pglite', path: '/var/lib/etl/wh' }],
    ['pglite:///var/lib/etl/my%20wh', { kind: 'pglite', path: '/var/lib/etl/my wh' }],
    ['  postgres://u:p@h/db  ', { kind: 'postgres', host: 'h', port: 5432, database: 'db', user: 'u', password: 'p', ssl: plain }],
  ];

  it.each(cases)('%s', (url, expected) => {
    expect(parseConnectionUrl(url)).toEqual(expected);
  });

  it('keeps a relative PGlite folder relative, so it resolves against the working directory as openPglite does', () => {
    const c = parseConnectionUrl('pglite:wh');
    expect(c.kind === 'pglite' && path.resolve(c.path)).toBe(path.resolve('wh'));
  });

  const errors: [string, RegExp][] = [
    ['foo://x', /^Unsupported scheme 'foo:'; use mysql:\/\/, postgres:\/\/, pglite:PATH or db2:\/\/$/],
    ['sqlite:/tmp/x.db', /Unsupported scheme 'sqlite:'/],
    ['', /empty/],
    ['localhost:3306', /Unsupported scheme 'localhost:'/],
    ['just some words', /is not a connection URL/],
    ['mysql:localhost/db', /mysql:\/\/user:password@host:port\/database/],
    ['mysql://u:p@h:99999/db', /not a valid URL|out of range/],
    ['mysql://u:p@h:0/db', /out of range/],
    ['mysql://u:p%zz@h/db', /password .*broken percent-escape/],
    ['mysql://u:p@h/db?sslmode=sometimes', /Unknown sslmode 'sometimes'; use one of disable, prefer, require, verify-ca, verify-full/],
    ['mysql://u:p@h/db?ssl=maybe', /Unknown ssl value 'maybe'/],
    ['mysql://u:p@h/db?ssl=true&sslmode=require', /either 'ssl' or 'sslmode'/],
    ['mysql://u:p@h/db?timezone=Europe/Berlin', /Time zone 'Europe\/Berlin' must look like \+00:00/],
    ['mysql://u:p@h/db?timezone=%2B25:00', /out of range/],
    ['postgres://u:p@h/db?timezone=%2B01:00', /'timezone' applies to mysql:\/\/ URLs only/],
    ['postgres://u:p@h/db?application_name=x', /Unknown connection URL parameter 'application_name'; allowed: ssl, sslmode/],
    ['postgres://u:p@h/db/extra', /contains '\/'/],
    ['postgres://u:p#x@h/db', /'#'|not a valid URL/],
    ['postgres://u:p@/db', /no host name|not a valid URL/],
    ['db2://u:p@h', /db2 URL needs a database name/],
    ['db2://h/SAMPLE', /db2 URL needs a user name/],
    ['pglite:', /needs a folder/],
    ['pglite://somehost/x', /name a folder, not a host/],
  ];

  it.each(errors)('rejects %j in plain words', (url, message) => {
    let thrown: unknown;
    try {
      parseConnectionUrl(url);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ApiError);
    expect((thrown as ApiError).code).toBe('validation');
    expect((thrown as ApiError).message).toMatch(message);
  });

  it('never echoes a password in its error messages', () => {
    for (const url of ['notaurl://u:hunter2@h/db', 'mysql://u:hunter2@h:99999/db', 'postgres://u:hunter2@h/db?bogus=1', 'postgres://u:hunter2@h/db/x']) {
      try {
        parseConnectionUrl(url);
        throw new Error(`expected ${url} to be rejected`);
      } catch (err) {
        expect((err as Error).message).not.toContain('hunter2');
      }
    }
  });
});

describe('redactUrl', () => {
  it.each([
    ['mysql://etl:secret@127.0.0.1:3306/db', 'mysql://etl:***@127.0.0.1:3306/db'],
    ['postgres://u:p%40ss@h/db?sslmode=require', 'postgres://u:***@h/db?sslmode=require'],
    // An unencoded '@' or '/' in a password must not leak the tail of it.
    ['postgres://u:p@s/s@h:5432/db', 'postgres://u:***@h:5432/db'],
    ['postgres://u@h/db', 'postgres://u@h/db'],
    ['postgres://h/db', 'postgres://h/db'],
    ['pglite:./data', 'pglite:./data'],
    ['db2://db2inst1:pw@ibmhost/SAMPLE', 'db2://db2inst1:***@ibmhost/SAMPLE'],
  ])('%s -> %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});
