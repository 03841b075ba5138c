import { syncTimed } from '../etl/etl-cli.js';
import { readTimeline } from '../etl/run-log.js';
import { withServerCpu } from '../measure/server-cpu.js';
import { loadTimeoutMs, rssCurveMiB, sumCpuS, sumPeakRssMiB } from '../measure/timed-process.js';
import { recreatePgDb } from '../servers/servers.js';
import { compareStar, compareTable, pgSalesFingerprint, pgStarFingerprint } from '../verify/fingerprints.js';
import type { CaseContext, CaseRun } from './case-context.js';

/**
 * ETL Studio's sync as a user starts it (`etl-studio sync --mode ...`), full load into
 * an empty warehouse database; replicate mode lets the sync create its own target table.
 */
export async function etlSyncCase(ctx: CaseContext, mode: 'replicate' | 'star', nodeArgs?: string[]): Promise<CaseRun> {
  await recreatePgDb(ctx.dbs.warehouse);
  const { value, cpu } = await withServerCpu(ctx.dbs.warehouse, () =>
    syncTimed(ctx.cli, { mode, sourceUrl: ctx.sourceUrl, warehouseUrl: ctx.warehouseUrl, nodeArgs, timeoutMs: loadTimeoutMs(Number(ctx.source.rows)) }),
  );
  const mismatches =
    mode === 'replicate'
      ? compareTable(ctx.source, await pgSalesFingerprint(ctx.dbs.warehouse, 'public.sales_data'))
      : compareStar(ctx.sourceStar, await pgStarFingerprint(ctx.dbs.warehouse));
  return {
    rows: value.result.inserted ?? 0,
    wallS: value.run.wallMs / 1000,
    peakRssMiB: sumPeakRssMiB(value.run.clients),
    clientCpuS: sumCpuS(value.run.clients),
    server: cpu,
    engineS: (value.result.durationMs ?? 0) / 1000,
    mismatches,
    timeline: value.result.logPath ? await readTimeline(value.result.logPath) : [],
    rssCurveMiB: rssCurveMiB(value.run.rss, value.run.wallMs),
  };
}
