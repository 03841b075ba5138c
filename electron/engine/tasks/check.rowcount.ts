import type { TaskContext, TaskKindImpl } from '../pipelines/task-kind.js';
import type { CheckRowcountConfig } from '../../../shared/pipeline/kinds/check.rowcount.js';
import { withDb } from './db/open-db.js';
import { quoteTableRef } from './db/table-ref.js';
import { TaskConfigError } from './support/config-error.js';
import { TaskMeter } from './support/meter.js';

type Side = CheckRowcountConfig['source'];

async function countRows(ctx: TaskContext, field: 'source' | 'warehouse', side: Side): Promise<{ count: number; what: string }> {
  const conn = await ctx.resolveConnection(side.connection);
  return withDb(conn, async (db) => {
    let from: string;
    try {
      from = side.table ? quoteTableRef(db, side.table) : `(${side.query.replace(/;\s*$/, '')}) AS counted`;
    } catch (err) {
      throw new TaskConfigError(`${field}.table`, (err as Error).message);
    }
    const res = await db.query(`SELECT COUNT(*) FROM ${from}`).catch((err: Error) => {
      throw new Error(`${field}: counting ${side.table || 'the query'} failed: ${err.message}`);
    });
    return { count: Number(res.rows[0]?.[0] ?? 0), what: side.table || 'query' };
  });
}

export const checkRowcountTask: TaskKindImpl<CheckRowcountConfig> = {
  kind: 'check.rowcount',
  async run(config, ctx) {
    const meter = new TaskMeter(ctx);
    const [source, warehouse] = await Promise.all([countRows(ctx, 'source', config.source), countRows(ctx, 'warehouse', config.warehouse)]);
    ctx.signal.throwIfAborted();
    const difference = warehouse.count - source.count;
    const ok = Math.abs(difference) <= config.tolerance;
    meter.report({ rowsRead: source.count, rowsWritten: warehouse.count });
    const line = `source ${source.what}: ${source.count} rows, warehouse ${warehouse.what}: ${warehouse.count} rows, difference ${difference}${config.tolerance ? ` (tolerance ${config.tolerance})` : ''}`;
    if (!ok) {
      ctx.log('error', `Row-count check failed: ${line}`);
      throw new Error(`Row counts differ: ${line}`);
    }
    ctx.log('info', `Row-count check passed: ${line}`);
    return { artifacts: [], metrics: meter.metrics(), values: { ok, source: source.count, warehouse: warehouse.count, difference } };
  },
};
