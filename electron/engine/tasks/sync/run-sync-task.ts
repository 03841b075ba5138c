import type { TaskContext, TaskOutput } from '../../pipelines/task-kind.js';
import type { RunContext } from '../../runs/run-context.js';
import { runSync } from '../../sync/run-sync.js';
import { syncSettingsSchema, type SyncResult, type SyncSettingsInput } from '../../../../shared/sync/sync.js';
import { TaskMeter } from '../support/meter.js';

/** The run context a sync expects, fed by the task's: its log, metrics, cancel signal and folder. */
export function runContextOf(ctx: TaskContext, meter: TaskMeter): RunContext {
  return {
    runId: ctx.runId,
    signal: ctx.signal,
    folder: ctx.taskFolder,
    log: (level, message) => ctx.log(level, message),
    progress: (p) => meter.report({ rowsRead: p.rowsRead, rowsWritten: p.rowsWritten, rowsRejected: p.rowsRejected }),
  };
}

/** SyncResult as flat task values, one per check ("check:<name>" = "ok 10 = 10"). */
export function syncValues(r: SyncResult): Record<string, string | number | boolean | null> {
  const values: Record<string, string | number | boolean | null> = {
    mode: r.mode,
    lastRowid: r.lastRowid,
    newRows: r.newRows,
    inserted: r.inserted,
    watermark: r.watermark,
    batches: r.batches,
    durationMs: r.durationMs,
    rowsPerSecond: r.rowsPerSecond,
    sourceTimeZone: r.sourceTimeZone,
    checksPassed: r.checks.every((c) => c.ok),
  };
  for (const c of r.checks) values[`check:${c.name}`] = `${c.ok ? 'ok' : 'MISMATCH'} source ${c.source}, warehouse ${c.warehouse}`;
  if (r.notes.length > 0) values.notes = r.notes.join('; ');
  return values;
}

/** Runs the sync for a task and turns its result into the task's output. */
export async function runSyncTask(
  ctx: TaskContext,
  conns: { source: string; warehouse: string },
  settings: SyncSettingsInput,
  failOnCheck: boolean,
): Promise<TaskOutput> {
  const meter = new TaskMeter(ctx);
  const [source, warehouse] = await Promise.all([ctx.resolveConnection(conns.source), ctx.resolveConnection(conns.warehouse)]);
  const result = await runSync({ source, warehouse, settings: syncSettingsSchema.parse(settings) }, runContextOf(ctx, meter));
  meter.report({ rowsRead: result.newRows, rowsWritten: result.inserted });
  ctx.log('info', `Sync done: ${result.inserted} rows inserted, watermark ${result.lastRowid ?? 'none'} -> ${result.watermark ?? 'none'}`);
  for (const c of result.checks) ctx.log(c.ok ? 'info' : 'error', `Check ${c.name}: source ${c.source}, warehouse ${c.warehouse}${c.ok ? '' : ' (MISMATCH)'}`);
  for (const n of result.notes) ctx.log('info', n);
  const failed = result.checks.filter((c) => !c.ok);
  if (failOnCheck && failed.length > 0) {
    throw new Error(`Reconciliation failed: ${failed.map((c) => `${c.name} source ${c.source} vs warehouse ${c.warehouse}`).join('; ')}`);
  }
  return {
    artifacts: [],
    metrics: meter.metrics(),
    values: syncValues(result),
  };
}
