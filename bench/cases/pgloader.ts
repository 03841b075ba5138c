import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { withServerCpu } from '../measure/server-cpu.js';
import { failureText, loadTimeoutMs, runTimed, sumCpuS, sumPeakRssMiB } from '../measure/timed-process.js';
import { clientEnv, mysqlServer, pgServer, recreatePgDb, withPg } from '../servers/servers.js';
import { compareTable, pgSalesFingerprint } from '../verify/fingerprints.js';
import type { CaseContext, CaseRun } from './case-context.js';
import { salesTableDdl } from './target-table.js';

/**
 * pgloader with its default settings, made comparable: the target table is created
 * beforehand with the same DDL as every other method (PRIMARY KEY only) and pgloader
 * runs `WITH data only`, so it neither creates extra indexes nor changes column types
 * (it would otherwise make bigint and timestamptz columns). Passwords come from
 * MYSQL_PWD / PGPASSWORD, so none sits in the command file.
 */
export function pgloaderCommand(sourceDb: string, warehouseDb: string): string {
  const my = mysqlServer();
  const pg = pgServer();
  return `LOAD DATABASE
  FROM mysql://${encodeURIComponent(my.user)}@${my.host}:${my.port}/${sourceDb}
  INTO postgresql://${encodeURIComponent(pg.user)}@${pg.host}:${pg.port}/${warehouseDb}
  WITH data only
  INCLUDING ONLY TABLE NAMES MATCHING 'sales_data'
  ALTER SCHEMA '${sourceDb}' RENAME TO 'public';
`;
}

export async function pgloaderCase(ctx: CaseContext): Promise<CaseRun> {
  await recreatePgDb(ctx.dbs.warehouse);
  await withPg(ctx.dbs.warehouse, (c) => c.query(salesTableDdl('public.sales_data')));
  const dir = await mkdtemp(path.join(os.tmpdir(), 'etl-bench-pgloader-'));
  try {
    const file = path.join(dir, 'sales.load');
    await writeFile(file, pgloaderCommand(ctx.dbs.source, ctx.dbs.warehouse));
    const { value: run, cpu } = await withServerCpu(ctx.dbs.warehouse, () =>
      runTimed('pgloader', ['--root-dir', dir, '--quiet', file], { env: clientEnv(), timeoutMs: loadTimeoutMs(Number(ctx.source.rows)) }),
    );
    if (run.code !== 0) throw new Error(failureText('pgloader', run));
    const target = await pgSalesFingerprint(ctx.dbs.warehouse, 'public.sales_data');
    return {
      rows: Number(target.rows),
      wallS: run.wallMs / 1000,
      peakRssMiB: sumPeakRssMiB(run.clients),
      clientCpuS: sumCpuS(run.clients),
      server: cpu,
      mismatches: compareTable(ctx.source, target),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
