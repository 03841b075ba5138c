import { generateSoftcart, syncTimed } from '../etl/etl-cli.js';
import { readTimeline } from '../etl/run-log.js';
import { withServerCpu } from '../measure/server-cpu.js';
import { loadTimeoutMs, rssCurveMiB, sumCpuS, sumPeakRssMiB } from '../measure/timed-process.js';
import { pgUrl, pgServer, recreatePgDb, dropPgDb, withPg } from '../servers/servers.js';
import { compareStar, compareTable, mysqlSalesFingerprint, mysqlStarFingerprint, pgSalesFingerprint, pgStarFingerprint } from '../verify/fingerprints.js';
import type { EtlApp } from '../etl/etl-app.js';
import { appSyncCase } from './app-sync.js';
import type { CaseContext, CaseRun } from './case-context.js';
import { incrementalPipeRun } from './copy-pipe.js';

export interface IncrementalResult {
  baseRows: number;
  newRows: number;
  generateS: number;
  replicate: CaseRun[];
  star: CaseRun[];
  /** The same syncs as Sync now in the running app's engine (empty when the app's cases are not run). */
  replicateApp: CaseRun[];
  starApp: CaseRun[];
  /** The peer: the mysql | psql pipe given the key to start above. */
  pipe: CaseRun[];
}

/**
 * The everyday sync: a warehouse already loaded in full (replicate and star), then 1 %
 * new source rows from the generator's append mode, synced incrementally. Every
 * measured run starts from a copy of the same fully loaded warehouse (CREATE DATABASE
 * ... TEMPLATE), so each one moves exactly the new rows. The source keeps the new rows
 * afterwards, and the context's fingerprints are updated to match. The COPY pipe moves
 * the same new rows into the same copy, as the peer. With `app`, each mode also syncs
 * in the running app's engine, as a scheduled or one-click sync in the desktop app does.
 */
export async function incrementalCase(
  ctx: CaseContext,
  opts: { baseRows: number; seed: number; runs: number; log: (m: string) => void; app?: { modes: ('replicate' | 'star')[]; running: () => Promise<EtlApp> } },
): Promise<IncrementalResult> {
  const fullUrl = pgUrl(pgServer(), ctx.dbs.warehouseFull);
  await recreatePgDb(ctx.dbs.warehouseFull);
  try {
    opts.log(`  incremental: full replicate + star load of ${opts.baseRows.toLocaleString('en-US')} rows into ${ctx.dbs.warehouseFull} (not timed)`);
    const timeoutMs = loadTimeoutMs(opts.baseRows);
    await syncTimed(ctx.cli, { mode: 'replicate', sourceUrl: ctx.sourceUrl, warehouseUrl: fullUrl, timeoutMs });
    await syncTimed(ctx.cli, { mode: 'star', sourceUrl: ctx.sourceUrl, warehouseUrl: fullUrl, timeoutMs });
    const loaded = await withPg(ctx.dbs.warehouseFull, (c) =>
      c.query<{ n: string; max: string }>('SELECT count(*)::text AS n, max(rowid)::text AS max FROM public.sales_data'),
    );
    const base = { rows: Number(loaded.rows[0].n), maxKey: BigInt(loaded.rows[0].max) };

    const newRows = Math.max(1, Math.round(opts.baseRows / 100));
    opts.log(`  incremental: appending ${newRows.toLocaleString('en-US')} rows (1 %) with the generator's append mode`);
    const gen = await generateSoftcart(ctx.cli, { rows: newRows, seed: opts.seed, intoUrl: ctx.sourceUrl, append: true });
    ctx.source = await mysqlSalesFingerprint(ctx.dbs.source);
    ctx.sourceStar = await mysqlStarFingerprint(ctx.dbs.source);

    const result: IncrementalResult = { baseRows: opts.baseRows, newRows: gen.rows, generateS: gen.wallMs / 1000, replicate: [], star: [], replicateApp: [], starApp: [], pipe: [] };
    for (let i = 0; i < opts.runs; i++) {
      for (const mode of ['replicate', 'star'] as const) {
        await recreatePgDb(ctx.dbs.warehouse, ctx.dbs.warehouseFull);
        const { value, cpu } = await withServerCpu(ctx.dbs.warehouse, () =>
          syncTimed(ctx.cli, { mode, sourceUrl: ctx.sourceUrl, warehouseUrl: ctx.warehouseUrl, timeoutMs }),
        );
        const mismatches =
          mode === 'replicate'
            ? compareTable(ctx.source, await pgSalesFingerprint(ctx.dbs.warehouse, 'public.sales_data'))
            : compareStar(ctx.sourceStar, await pgStarFingerprint(ctx.dbs.warehouse));
        if ((value.result.inserted ?? -1) !== gen.rows) mismatches.push(`the incremental ${mode} sync inserted ${value.result.inserted} rows, expected the ${gen.rows} new ones`);
        const run: CaseRun = {
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
        result[mode].push(run);
        opts.log(`  incremental ${mode} run ${i + 1}: ${run.wallS.toFixed(2)} s wall, ${run.engineS!.toFixed(2)} s in the sync${mismatches.length ? `, MISMATCH: ${mismatches.join('; ')}` : ', target matches the source'}`);
        if (opts.app?.modes.includes(mode)) {
          const inApp = await appSyncCase(ctx, await opts.app.running(), mode, ctx.dbs.warehouseFull);
          if (inApp.rows !== gen.rows) inApp.mismatches.push(`the incremental ${mode} sync in the app inserted ${inApp.rows} rows, expected the ${gen.rows} new ones`);
          result[`${mode}App`].push(inApp);
          opts.log(`  incremental ${mode} run ${i + 1} in the running app: ${inApp.wallS.toFixed(2)} s from Sync now to the run's end, ${inApp.engineS!.toFixed(2)} s in the sync${inApp.mismatches.length ? `, MISMATCH: ${inApp.mismatches.join('; ')}` : ', target matches the source'}`);
        }
      }
      await recreatePgDb(ctx.dbs.warehouse, ctx.dbs.warehouseFull);
      const pipe = await incrementalPipeRun(ctx, { aboveKey: base.maxKey, rowsBefore: base.rows, newRows: gen.rows });
      if (pipe.rows !== gen.rows) pipe.mismatches.push(`the incremental pipe moved ${pipe.rows} rows, expected the ${gen.rows} new ones`);
      result.pipe.push(pipe);
      opts.log(`  incremental pipe run ${i + 1}: ${pipe.wallS.toFixed(2)} s wall${pipe.mismatches.length ? `, MISMATCH: ${pipe.mismatches.join('; ')}` : ', target matches the source'}`);
    }
    return result;
  } finally {
    await dropPgDb(ctx.dbs.warehouseFull).catch(() => undefined);
  }
}
