import path from 'node:path';
import { z } from 'zod';
import { benchDir } from '../etl/paths.js';
import { withServerCpu } from '../measure/server-cpu.js';
import { failureText, runTimed, sumCpuS, sumPeakRssMiB } from '../measure/timed-process.js';
import { mysqlServer, pgServer, recreatePgDb, withPg } from '../servers/servers.js';
import { compareTable, mysqlSalesFingerprint, pgSalesFingerprint } from '../verify/fingerprints.js';
import type { CaseContext, CaseRun } from './case-context.js';
import { salesTableDdl } from './target-table.js';
import { timedEnv } from '../measure/process-env.js';

const answerSchema = z.object({ rows: z.number(), readMs: z.number(), insertMs: z.number() });

export interface RowByRowRun extends CaseRun {
  /** Rows per second of the sample's read + inserts (process start excluded), the base of the extrapolation. */
  sampleRowsPerS: number;
}

/**
 * One INSERT per row in autocommit (mysql2 + pg) on the first `sample` rows. Too slow to
 * run on millions of rows, so the report extrapolates its rate to each size and says so.
 */
export async function rowByRowCase(ctx: CaseContext, sample: number): Promise<RowByRowRun> {
  await recreatePgDb(ctx.dbs.warehouse);
  await withPg(ctx.dbs.warehouse, (c) => c.query(salesTableDdl('public.sales_data')));
  const my = mysqlServer();
  const pg = pgServer();
  const job = {
    mysql: { host: my.host, port: my.port, user: my.user, password: my.password, database: ctx.dbs.source },
    pg: { host: pg.host, port: pg.port, user: pg.user, password: pg.password, database: ctx.dbs.warehouse },
    table: 'public.sales_data',
    limit: sample,
  };
  const child = path.join(benchDir(), 'cases', 'row-by-row-child.mjs');
  const { value: run, cpu } = await withServerCpu(ctx.dbs.warehouse, () => runTimed(process.execPath, [child, JSON.stringify(job)], { env: timedEnv(), timeoutMs: 600_000 }));
  if (run.code !== 0) throw new Error(failureText('The row-by-row baseline', run));
  const answer = answerSchema.parse(JSON.parse(run.stdout));
  const expected = await mysqlSalesFingerprint(ctx.dbs.source, sample);
  return {
    rows: answer.rows,
    wallS: run.wallMs / 1000,
    peakRssMiB: sumPeakRssMiB(run.clients),
    clientCpuS: sumCpuS(run.clients),
    server: cpu,
    sampleRowsPerS: answer.rows / ((answer.readMs + answer.insertMs) / 1000),
    mismatches: compareTable(expected, await pgSalesFingerprint(ctx.dbs.warehouse, 'public.sales_data')),
  };
}
