import type { TaskKindImpl, TaskOutput } from '../pipelines/task-kind.js';
import type { CheckSqlConfig } from '../../../shared/pipeline/kinds/check.sql.js';
import { withDb } from './db/open-db.js';
import { TaskMeter } from './support/meter.js';

const TRUE = new Set(['t', 'true', '1', 'yes', 'on']);
const SHOWN_ROWS = 5;

export const checkSqlTask: TaskKindImpl<CheckSqlConfig> = {
  kind: 'check.sql',
  async run(config, ctx): Promise<TaskOutput> {
    const meter = new TaskMeter(ctx);
    const res = await withDb(await ctx.resolveConnection(config.connection), (db) => db.query(config.sql.replace(/;\s*$/, '')));
    ctx.signal.throwIfAborted();
    meter.report({ rowsRead: res.rows.length });
    if (config.expect === 'zero-rows') {
      if (res.rows.length === 0) {
        ctx.log('info', 'Assertion passed: the query returned no rows');
        return { artifacts: [], metrics: meter.metrics(), values: { ok: true, rows: 0 } };
      }
      const shown = res.rows.slice(0, SHOWN_ROWS).map((r) => `(${r.map((v, i) => `${res.fields[i]}=${v ?? 'NULL'}`).join(', ')})`);
      const more = res.rows.length > SHOWN_ROWS ? `, and ${res.rows.length - SHOWN_ROWS} more` : '';
      const message = `Assertion failed: the query returned ${res.rows.length} row${res.rows.length === 1 ? '' : 's'}: ${shown.join(' ')}${more}`;
      ctx.log('error', message);
      throw new Error(message);
    }
    const value = res.rows[0]?.[0] ?? null;
    if (value !== null && TRUE.has(value.toLowerCase())) {
      ctx.log('info', `Assertion passed: the query returned ${value}`);
      return { artifacts: [], metrics: meter.metrics(), values: { ok: true, value } };
    }
    const message = res.rows.length === 0 ? 'Assertion failed: the query returned no rows (expected true)' : `Assertion failed: the query returned ${value ?? 'NULL'} (expected true)`;
    ctx.log('error', message);
    throw new Error(message);
  },
};
