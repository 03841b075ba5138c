import path from 'node:path';
import type { EtlApp } from '../etl/etl-app.js';
import { readTimeline } from '../etl/run-log.js';
import { withServerCpu } from '../measure/server-cpu.js';
import { loadTimeoutMs } from '../measure/timed-process.js';
import { recreatePgDb } from '../servers/servers.js';
import { compareStar, compareTable, pgSalesFingerprint, pgStarFingerprint } from '../verify/fingerprints.js';
import type { CaseContext, CaseRun } from './case-context.js';

/**
 * ETL Studio's sync as the desktop app runs it: Sync now in an engine that is already
 * running (etl-app.ts), a full load into an empty warehouse database, or (with
 * `template`) an incremental one into a copy of a loaded warehouse. Wall time is from
 * the request to the run's end; memory and CPU are the engine process's during the run.
 */
export async function appSyncCase(ctx: CaseContext, app: EtlApp, mode: 'replicate' | 'star', template?: string): Promise<CaseRun> {
  await recreatePgDb(ctx.dbs.warehouse, template);
  await app.resetPeakRss();
  const cpuBefore = await app.cpuSeconds();
  const { value, cpu } = await withServerCpu(ctx.dbs.warehouse, () =>
    app.sync({ mode, sourceUrl: ctx.sourceUrl, warehouseUrl: ctx.warehouseUrl }, loadTimeoutMs(Number(ctx.source.rows))),
  );
  const clientCpuS = (await app.cpuSeconds()) - cpuBefore;
  const { record, wallMs } = value;
  if (record.status !== 'success' || !record.sync) {
    throw new Error(`The app's ${mode} sync did not succeed (${record.status}): ${record.error ?? (record.sync?.checks ?? []).filter((c) => !c.ok).map((c) => c.name).join('; ')}`);
  }
  const mismatches =
    mode === 'replicate'
      ? compareTable(ctx.source, await pgSalesFingerprint(ctx.dbs.warehouse, 'public.sales_data'))
      : compareStar(ctx.sourceStar, await pgStarFingerprint(ctx.dbs.warehouse));
  return {
    rows: record.sync.inserted,
    wallS: wallMs / 1000,
    peakRssMiB: await app.peakRssMiB(),
    clientCpuS,
    server: cpu,
    engineS: record.sync.durationMs / 1000,
    mismatches,
    timeline: await readTimeline(path.join(record.folder, 'log.ndjson')),
  };
}
