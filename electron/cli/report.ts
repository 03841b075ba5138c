import path from 'node:path';
import type { Progress, RunRecord } from '../../shared/runs/run.js';
import type { CheckResult, SampleLoadResult, SyncResult } from '../../shared/sync/sync.js';
import { writeLine, type CliIo } from './io.js';
import { formatNumber } from './numbers.js';

/** Human output of runs: progress, sync figures, checks and where the log is. */

function plural(n: number, word: string, many = `${word}s`): string {
  return `${formatNumber(n)} ${n === 1 ? word : many}`;
}

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function progressText(p: Progress): string {
  const parts = [p.phase];
  parts.push(p.totalRows !== null ? `${formatNumber(p.rowsRead)}/${formatNumber(p.totalRows)} read` : `${formatNumber(p.rowsRead)} read`);
  parts.push(`${formatNumber(p.rowsWritten)} written`);
  if (p.rowsRejected > 0) parts.push(`${formatNumber(p.rowsRejected)} rejected`);
  if (p.rowsPerSecond > 0) parts.push(`${formatNumber(Math.round(p.rowsPerSecond))} rows/s`);
  if (p.batch > 0) parts.push(`batch ${p.batch}`);
  if (p.etaMs !== null && p.etaMs > 0) parts.push(`about ${seconds(p.etaMs)} left`);
  return parts.join(' · ');
}

/**
 * On a terminal one line is rewritten in place; in a pipe or a log file plain lines
 * are written, at most one a second (or when the phase changes), so logs stay short.
 */
export function progressPrinter(io: CliIo): { update(p: Progress): void; end(): void } {
  const tty = io.stderr.isTTY === true;
  let lastText = '';
  let lastPhase = '';
  let lastAt = 0;
  let open = false;
  return {
    update(p) {
      const text = progressText(p);
      if (tty) {
        io.stderr.write(`\r\x1b[2K${text}`);
        open = true;
        return;
      }
      const now = Date.now();
      if (text === lastText) return;
      if (p.phase === lastPhase && now - lastAt < 1000) return;
      writeLine(io.stderr, text);
      lastText = text;
      lastPhase = p.phase;
      lastAt = now;
    },
    end() {
      if (open) io.stderr.write('\r\x1b[2K');
      open = false;
    },
  };
}

export function checkLine(check: CheckResult): string {
  return `${check.ok ? 'PASS' : 'FAIL'}  ${check.name}: source ${check.source}, warehouse ${check.warehouse}`;
}

export function syncLines(result: SyncResult): string[] {
  const lines = [
    // Plain digits, as the coursework prints them ("last row id 12289", "1650 new rows").
    result.lastRowid === null ? 'last row id: none (empty warehouse)' : `last row id ${result.lastRowid}`,
    `${result.newRows} new row${result.newRows === 1 ? '' : 's'}`,
    `inserted ${result.inserted}`,
    result.watermark === null ? 'watermark: none' : `watermark now ${result.watermark}`,
    `${seconds(result.durationMs)}${result.rowsPerSecond > 0 ? `, ${formatNumber(Math.round(result.rowsPerSecond))} rows/s` : ''}, ${plural(result.batches, 'batch', 'batches')}`,
  ];
  if (result.sourceTimeZone) lines.push(`source time zone ${result.sourceTimeZone}`);
  for (const column of result.defaultsKept) lines.push(`note: ${column} had no source column and kept its default`);
  for (const note of result.notes) lines.push(`note: ${note}`);
  return lines;
}

export function sampleLines(result: SampleLoadResult): string[] {
  return [
    `source ${result.sourceTable}: ${plural(result.sourceRows, 'row')}`,
    `warehouse ${result.warehouseTable}: ${plural(result.warehouseRows, 'row')}`,
    ...result.adaptations.map((a) => `adapted: ${a}`),
  ];
}

export function logPath(record: RunRecord): string {
  return path.join(record.folder, 'log.ndjson');
}

export function allChecksPassed(result: SyncResult | null): boolean {
  return result !== null && result.checks.every((c) => c.ok);
}

export function failureLine(record: RunRecord): string {
  return `Run ${record.id} ${record.status}${record.error ? `: ${record.error}` : ''}`;
}

/** Prints a finished sync run for people; the caller decides the exit code. */
export function printSyncRun(io: CliIo, record: RunRecord): void {
  // The failure itself is the one line on stderr; the figures that exist still go to stdout.
  if (record.status !== 'success') writeLine(io.stderr, failureLine(record));
  if (record.sync) {
    for (const line of syncLines(record.sync)) writeLine(io.stdout, line);
    if (record.sync.checks.length > 0) {
      writeLine(io.stdout, 'Checks:');
      for (const check of record.sync.checks) writeLine(io.stdout, `  ${checkLine(check)}`);
    }
  }
  writeLine(io.stdout, `Log: ${logPath(record)}`);
}
