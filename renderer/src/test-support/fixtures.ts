import type { Profile } from '../../../shared/profiles/profile.js';
import type { LogLine, RunRecord } from '../../../shared/runs/run.js';
import type { SyncResult } from '../../../shared/sync/sync.js';
import type { Workspace } from '../../../shared/workspace/workspace.js';
import type { MethodOutput } from '../../../shared/api/contract.js';

export const appInfo: MethodOutput<'app.info'> = {
  version: '0.1.0',
  host: 'headless',
  dataDir: '/tmp/etl',
  secretStorage: { backend: 'key-file', warning: 'Passwords are encrypted with a key file in your data folder.' },
  db2DriverAvailable: false,
  problems: [],
};

export function workspace(over: Partial<Workspace> = {}): Workspace {
  return {
    name: 'My workspace',
    sourceProfileId: null,
    warehouseProfileId: null,
    sync: { mode: 'replicate', table: 'sales_data', key: 'rowid', batchRows: 200_000 },
    isDemo: false,
    demoOffered: false,
    ...over,
  };
}

export const mysqlProfile: Profile = {
  id: 'p-mysql', name: 'Shop MariaDB', kind: 'mysql', host: '127.0.0.1', port: 3306, database: 'sales', user: 'etl',
  ssl: { mode: 'disable' }, timeZone: '+00:00', hasPassword: true, updatedAt: '2025-01-01T00:00:00.000Z',
};

export const pgProfile: Profile = {
  id: 'p-pg', name: 'Warehouse PG', kind: 'postgres', host: '127.0.0.1', port: 5432, database: 'dw', user: 'etl',
  ssl: { mode: 'disable' }, hasPassword: true, updatedAt: '2025-01-01T00:00:00.000Z',
};

export function syncResult(over: Partial<SyncResult> = {}): SyncResult {
  return {
    mode: 'replicate', lastRowid: 12289, newRows: 1650, inserted: 1650, watermark: 13939, batches: 1,
    checks: [{ name: 'row count sales_data', source: '13836', warehouse: '13836', ok: true }],
    defaultsKept: ['price'], notes: ['Session time zone +00:00'], sourceTimeZone: '+00:00', durationMs: 1234, rowsPerSecond: 1337,
    ...over,
  };
}

export function runRecord(over: Partial<RunRecord> = {}): RunRecord {
  return {
    id: 'run-1', kind: 'sync', title: 'Sync sales_data', status: 'success', startedAt: '2025-01-01T10:00:00.000Z',
    finishedAt: '2025-01-01T10:00:01.234Z', durationMs: 1234, error: null, sync: syncResult(), sample: null,
    lastProgress: null, folder: '/tmp/etl/runs/run-1', logLines: 0,
    ...over,
  };
}

/** Seeded, so every run of a test sees the same lines. */
export function logLines(runId: string, count: number, from = 0): LogLine[] {
  const out: LogLine[] = [];
  for (let i = from; i < from + count; i++) {
    out.push({ runId, seq: i, time: '2025-01-01T10:00:00.000Z', level: i % 50 === 0 ? 'warn' : 'info', message: `line ${i}` });
  }
  return out;
}
