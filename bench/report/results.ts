import type { CaseName, CaseRun } from '../cases/case-context.js';
import type { TimelineEntry } from '../etl/run-log.js';
import { median, round } from './stats.js';

/** One method at one size, over its runs. */
export interface CaseSummary {
  runs: number;
  /** Median wall seconds (row-by-row: extrapolated to the size). */
  wallS: number;
  rowsPerS: number;
  /** Highest peak RSS over the runs, in MiB (the pipe: mysql + psql). */
  peakRssMiB: number;
  clientCpuS: number;
  pgBackendS: number;
  pgAuxS: number;
  mariadbS: number;
  /** ETL Studio: median of the sync's own duration (no process start or engine set-up). */
  engineS?: number;
  /** Row-by-row: measured on a sample and extrapolated. */
  extrapolated?: { sampleRows: number; sampleWallS: number };
  verified: boolean;
  mismatches: string[];
  wallRunsS: number[];
  /** ETL Studio: the log timeline of the run closest to the median. */
  timeline?: TimelineEntry[];
  /** ETL Studio: RSS (MiB) at 10 %, 20 %, ... 100 % of that run. */
  rssCurveMiB?: number[];
}

export interface SizeResult {
  rows: number;
  generateS: number;
  cases: Partial<Record<CaseName, CaseSummary>>;
  errors: Partial<Record<CaseName, string>>;
  /** Wall s of the first CLI sync per mode after the build (it writes V8's code cache), run before the measured ones. */
  firstCliRunS?: Partial<Record<'replicate' | 'star', number>>;
}

export interface IncrementalSummary {
  baseRows: number;
  newRows: number;
  replicate?: CaseSummary;
  star?: CaseSummary;
  /** The same syncs in the running app's engine (Sync now to the run's end). */
  replicateApp?: CaseSummary;
  starApp?: CaseSummary;
  /** The peer: the COPY pipe moving the same new rows, given the key to start above. */
  pipe?: CaseSummary;
  /** The pipe's incremental wall time over its own full load at this size. */
  pipeShareWall?: number;
  /** Replicate's rows/s over the pipe's for the same new rows (wall time incl. process start). */
  replicateVsPipe?: number;
  /** Incremental cost over the same mode's full load at this size. */
  replicateShareWall?: number;
  replicateShareEngine?: number;
  starShareWall?: number;
  starShareEngine?: number;
  /** In the running app: incremental wall time over the same mode's full load in the running app. */
  replicateAppShareWall?: number;
  starAppShareWall?: number;
  error?: string;
}

export function summarise(runs: CaseRun[], size: number, sampleRowsPerS?: number[]): CaseSummary {
  const wall = median(runs.map((r) => r.wallS));
  const mismatches = [...new Set(runs.flatMap((r) => r.mismatches))];
  const base: Omit<CaseSummary, 'wallS' | 'rowsPerS'> = {
    runs: runs.length,
    peakRssMiB: round(Math.max(...runs.map((r) => r.peakRssMiB)), 1),
    clientCpuS: round(median(runs.map((r) => r.clientCpuS))),
    pgBackendS: round(median(runs.map((r) => r.server.pgBackendS))),
    pgAuxS: round(median(runs.map((r) => r.server.pgAuxS))),
    mariadbS: round(median(runs.map((r) => r.server.mariadbS))),
    verified: mismatches.length === 0,
    mismatches,
    wallRunsS: runs.map((r) => round(r.wallS, 3)),
  };
  if (sampleRowsPerS) {
    const rate = median(sampleRowsPerS);
    return { ...base, wallS: round(size / rate, 1), rowsPerS: Math.round(rate), extrapolated: { sampleRows: runs[0]?.rows ?? 0, sampleWallS: round(wall, 3) } };
  }
  const mid = runs.reduce((best, r) => (Math.abs(r.wallS - wall) < Math.abs(best.wallS - wall) ? r : best), runs[0]!);
  if (mid?.timeline?.length) base.timeline = mid.timeline;
  if (mid?.rssCurveMiB?.length) base.rssCurveMiB = mid.rssCurveMiB;
  const engine = runs.every((r) => r.engineS !== undefined) ? round(median(runs.map((r) => r.engineS!)), 3) : undefined;
  return { ...base, wallS: round(wall, 3), rowsPerS: Math.round(size / wall), ...(engine !== undefined ? { engineS: engine } : {}) };
}
