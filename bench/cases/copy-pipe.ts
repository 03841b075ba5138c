import { withServerCpu } from '../measure/server-cpu.js';
import { failureText, loadTimeoutMs, runTimedPipeline, sumCpuS, sumPeakRssMiB } from '../measure/timed-process.js';
import { clientEnv, mysqlServer, pgServer, recreatePgDb, withPg } from '../servers/servers.js';
import { compareTable, pgSalesFingerprint } from '../verify/fingerprints.js';
import type { CaseContext, CaseRun } from './case-context.js';
import { PIPE_SELECT, salesTableDdl } from './target-table.js';

/**
 * The shell baseline: `mysql --quick -N -B -e SELECT | psql -c "COPY t FROM STDIN"`.
 * mysql -B escapes tab, newline and backslash the way COPY text expects; every column
 * is NOT NULL, so the literal NULL that mysql prints for a null never appears.
 */
export async function copyPipeCase(ctx: CaseContext): Promise<CaseRun> {
  await recreatePgDb(ctx.dbs.warehouse);
  await withPg(ctx.dbs.warehouse, (c) => c.query(salesTableDdl('public.sales_data')));
  const my = mysqlServer();
  const pg = pgServer();
  const { value: run, cpu } = await withServerCpu(ctx.dbs.warehouse, () =>
    runTimedPipeline(
      [
        { cmd: 'mysql', args: ['--quick', '-N', '-B', '-h', my.host, '-P', String(my.port), '-u', my.user, '-e', PIPE_SELECT, ctx.dbs.source] },
        { cmd: 'psql', args: ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', pg.host, '-p', String(pg.port), '-U', pg.user, '-d', ctx.dbs.warehouse, '-c', 'COPY public.sales_data FROM STDIN'] },
      ],
      { env: clientEnv(), timeoutMs: loadTimeoutMs(Number(ctx.source.rows)) },
    ),
  );
  if (run.code !== 0) throw new Error(failureText('The mysql | psql pipe', run));
  const target = await pgSalesFingerprint(ctx.dbs.warehouse, 'public.sales_data');
  return {
    rows: Number(target.rows),
    wallS: run.wallMs / 1000,
    peakRssMiB: sumPeakRssMiB(run.clients),
    clientCpuS: sumCpuS(run.clients),
    server: cpu,
    mismatches: compareTable(ctx.source, target),
  };
}
