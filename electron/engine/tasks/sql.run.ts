import type { TaskKindImpl } from '../pipelines/task-kind.js';
import type { SqlRunConfig } from '../../../shared/pipeline/kinds/sql.run.js';
import { openDb, type Queryable, type QueryResult } from './db/open-db.js';
import { splitSql } from './db/split-sql.js';
import { TaskMeter } from './support/meter.js';
import { TaskConfigError } from './support/config-error.js';
import { whenAborted } from './support/abort.js';

function preview(sql: string): string {
  const one = sql.replace(/\s+/g, ' ').trim();
  return one.length > 80 ? `${one.slice(0, 80)}…` : one;
}

export const sqlRunTask: TaskKindImpl<SqlRunConfig> = {
  kind: 'sql.run',
  async run(config, ctx) {
    const conn = await ctx.resolveConnection(config.connection);
    const statements = splitSql(config.sql, conn.kind === 'mysql' ? 'mysql' : 'postgres');
    if (statements.length === 0) throw new TaskConfigError('sql', 'holds no statement');
    const meter = new TaskMeter(ctx);
    const db = await openDb(conn);
    const stopWatch = whenAborted(ctx.signal, () => void db.close().catch(() => undefined));
    let affected = 0;
    let last: QueryResult | null = null;
    const runAll = async (q: Queryable) => {
      for (const [i, sql] of statements.entries()) {
        ctx.signal.throwIfAborted();
        const started = performance.now();
        try {
          last = await q.query(sql);
        } catch (err) {
          throw new Error(`Statement ${i + 1} of ${statements.length} failed (${preview(sql)}): ${(err as Error).message}`);
        }
        const ms = Math.round(performance.now() - started);
        const what = last.fields.length > 0 ? `returned ${last.rowCount} rows` : `affected ${last.rowCount} rows`;
        if (last.fields.length === 0) affected += last.rowCount;
        ctx.log('info', `Statement ${i + 1}/${statements.length} ${what} in ${ms} ms: ${preview(sql)}`);
        meter.report({ rowsWritten: affected });
      }
    };
    try {
      if (config.transaction && statements.length > 1) await db.transaction(runAll);
      else await runAll(db);
    } catch (err) {
      if (ctx.signal.aborted) throw ctx.signal.reason instanceof Error ? ctx.signal.reason : new Error('cancelled');
      throw err;
    } finally {
      stopWatch();
      await db.close().catch(() => undefined);
    }
    const values: Record<string, string | number | null> = { statements: statements.length, rowsAffected: affected };
    const result = last as QueryResult | null;
    if (result && result.fields.length > 0 && result.rows[0]) {
      result.fields.forEach((f, i) => (values[f] = result.rows[0]![i] ?? null));
    }
    return { artifacts: [], metrics: meter.metrics(), values };
  },
};
