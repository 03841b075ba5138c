import { withServerCpu } from '../measure/server-cpu.js';
import { failureText, loadTimeoutMs, runTimedPipeline, sumCpuS, sumPeakRssMiB } from '../measure/timed-process.js';
import { clientEnv, mysqlServer, pgServer, recreatePgDb, withPg } from '../servers/servers.js';
import { compareTable, pgSalesFingerprint } from '../verify/fingerprints.js';
import type { CaseContext, CaseRun } from './case-context.js';
import { PIPE_SELECT, pipeSelectAbove, salesTableDdl } from './target-table.js';

/**
 * The shell baseline: `mysql --quick -N -B -e SELECT | psql -c "COPY t FROM STDIN"`.
 * mysql -B escapes tab, newline and backslash the way COPY text expects; every column
 * is NOT NULL, so the literal NULL that mysql prints for a null never appears.
 */
export async function copyPipeCase(ctx: CaseContext): Promise<CaseRun> {
  await recreatePgDb(ctx.dbs.warehouse);
  await withPg(ctx.dbs.warehouse, (c) => c.query(salesTableDdl('public.sales_data')));
  return timedPipe(ctx, PIPE_SELECT, { rowsBefore: 0, expectedRows: Number(ctx.source.rows) });
}

/**
 * The same pipe as a hand-written incremental load: only the source rows above a key the
 * script already knows, into a warehouse that holds the rest (set up by the caller). It is
 * given the key rather than reading it, and checks nothing: the cheapest a shell script
 * can do it.
 */
export async function incrementalPipeRun(ctx: CaseContext, opts: { aboveKey: bigint; rowsBefore: number; newRows: number }): Promise<CaseRun> {
  return timedPipe(ctx, pipeSelectAbove(opts.aboveKey), { rowsBefore: opts.rowsBefore, expectedRows: opts.newRows });
}

async function timedPipe(ctx: CaseContext, select: string, counts: { rowsBefore: number; expectedRows: number }): Promise<CaseRun> {
  const my = mysqlServer();
  const pg = pgServer();
  const { value: run, cpu } = await withServerCpu(ctx.dbs.warehouse, () =>
    runTimedPipeline(
      [
        { cmd: 'mysql', args: ['--quick', '-N', '-B', '-h', my.host, '-P', String(my.port), '-u', my.user, '-e', select, ctx.dbs.source] },
        { cmd: 'psql', args: ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', pg.host, '-p', String(pg.port), '-U', pg.user, '-d', ctx.dbs.warehouse, '-c', 'COPY public.sales_data FROM STDIN'] },
      ],
      { env: clientEnv(), timeoutMs: loadTimeoutMs(counts.expectedRows) },
    ),
  );
  if (run.code !== 0) throw new Error(failureText('The mysql | psql pipe', run));
  const target = await pgSalesFingerprint(ctx.dbs.warehouse, 'public.sales_data');
  return {
    rows: Number(target.rows) - counts.rowsBefore,
    wallS: run.wallMs / 1000,
    peakRssMiB: sumPeakRssMiB(run.clients),
    clientCpuS: sumCpuS(run.clients),
    server: cpu,
    mismatches: compareTable(ctx.source, target),
  };
}
