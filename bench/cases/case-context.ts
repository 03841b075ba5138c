import type { EtlCli } from '../etl/etl-cli.js';
import type { ServerCpu } from '../measure/server-cpu.js';
import type { TimelineEntry } from '../etl/run-log.js';
import type { BenchDatabases } from '../servers/servers.js';
import type { StarFingerprint, TableFingerprint } from '../verify/fingerprints.js';

/** What every case needs: where the data is, how to call ETL Studio, and what the target must hold. */
export interface CaseContext {
  dbs: BenchDatabases;
  cli: EtlCli;
  sourceUrl: string;
  warehouseUrl: string;
  /** Fingerprints of the whole source, computed once per data set. */
  source: TableFingerprint;
  sourceStar: StarFingerprint;
}

/** One measured run of one method. */
export interface CaseRun {
  /** Rows the run moved (for the row-by-row baseline: the sample). */
  rows: number;
  wallS: number;
  peakRssMiB: number;
  /** CPU seconds of the client process(es). */
  clientCpuS: number;
  server: ServerCpu;
  /** ETL Studio only: the sync's own duration as the engine reports it (without process start and engine set-up). */
  engineS?: number;
  /** Target-versus-source differences; empty when the target holds exactly the source's rows. */
  mismatches: string[];
  /** ETL Studio only: the run's log as a timeline. */
  timeline?: TimelineEntry[];
  /** ETL Studio only: resident set (MiB) at 10 %, 20 %, ... 100 % of the run's wall time. */
  rssCurveMiB?: number[];
}

/** replicate and star: the CLI started for the sync; replicateApp and starApp: Sync now in the running app. */
export type CaseName = 'replicate' | 'star' | 'replicateApp' | 'starApp' | 'pipe' | 'pgloader' | 'rowByRow';

export const CASE_LABELS: Record<CaseName, string> = {
  replicate: 'ETL Studio replicate',
  star: 'ETL Studio star',
  replicateApp: 'ETL Studio replicate, in the running app',
  starApp: 'ETL Studio star, in the running app',
  pipe: 'mysql | psql COPY pipe',
  pgloader: 'pgloader',
  rowByRow: 'row-by-row INSERT (extrapolated)',
};
