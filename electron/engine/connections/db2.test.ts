import { describe, expect, it } from 'vitest';
import { db2ConnectionString, db2DriverAvailable, db2DriverLoadError, loadDb2Driver, DB2_DRIVER_MISSING } from './db2.js';
import { testConnection } from './test-connection.js';

// ibm_db is deliberately not installed in this project (it needs IBM's native CLI download).
describe('DB2 driver gate', () => {
  it('reports the driver as unavailable instead of crashing', async () => {
    expect(await loadDb2Driver()).toBeNull();
    expect(await db2DriverAvailable()).toBe(false);
    expect(db2DriverLoadError()).toMatch(/ibm_db/);
  });

  it('tells the user how to install the driver when a DB2 connection is tested', async () => {
    const result = await testConnection({ kind: 'db2', host: '127.0.0.1', port: 50000, database: 'SAMPLE', user: 'db2inst1', password: 'pw', ssl: { mode: 'disable' } });
    expect(result).toEqual({
      ok: false,
      code: 'driver_unavailable',
      error: 'The IBM DB2 driver (ibm_db) is not installed. Install it with `npm install ibm_db` (it needs IBM\'s CLI driver download) and restart ETL Studio.',
    });
    expect(DB2_DRIVER_MISSING).toBe(result.ok ? '' : result.error);
  });

  it('builds a CLI connection string that survives ; in a password', () => {
    expect(db2ConnectionString({ kind: 'db2', host: 'h', port: 50001, database: 'SAMPLE', user: 'u', password: 'a;b}c', ssl: { mode: 'require' } }))
      .toBe('DATABASE=SAMPLE;HOSTNAME=h;PORT=50001;PROTOCOL=TCPIP;UID=u;PWD={a;b}}c};Security=SSL;CONNECTTIMEOUT=10;');
  });
});
