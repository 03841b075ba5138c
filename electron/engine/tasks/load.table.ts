import type { TaskKindImpl } from '../pipelines/task-kind.js';
import type { LoadTableConfig } from '../../../shared/pipeline/kinds/load.table.js';
import { openDb, pgIdent, type Db, type Queryable } from './db/open-db.js';
import { copyChunks } from './load/copy-chunks.js';
import { copyInto } from './load/copy-into.js';
import { inferColumnTypes } from './load/infer-types.js';
import { readTable } from './tabular/read-table.js';
import type { Row } from './tabular/decode.js';
import type { TableFormat } from './tabular/format.js';
import { TaskConfigError } from './support/config-error.js';
import { resolveInputFile } from './support/inputs.js';
import { TaskMeter } from './support/meter.js';
import { chooseFormat } from './support/table-format.js';
import { whenAborted } from './support/abort.js';

const SAMPLE_ROWS = 10_000;

/** The header and the first rows of a table file, for column names and type guessing. */
async function peek(file: string, format: TableFormat, header: boolean, signal: AbortSignal): Promise<{ header: string[] | null; sample: Row[] }> {
  const sample: Row[] = [];
  let head: string[] | null = null;
  let first = true;
  for await (const batch of readTable(file, format, signal)) {
    for (const row of batch.rows) {
      if (first && header && format !== 'txt') head = row.map((v, i) => v ?? `column${i + 1}`);
      else sample.push(row);
      first = false;
      if (sample.length >= SAMPLE_ROWS) return { header: head, sample };
    }
  }
  return { header: head, sample };
}

async function existingColumns(db: Queryable, schema: string, table: string): Promise<string[] | null> {
  const res = await db.query(
    `SELECT a.attname FROM pg_attribute a WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
    [schema ? `${pgIdent(schema)}.${pgIdent(table)}` : pgIdent(table)],
  );
  if (res.rows.length > 0) return res.rows.map((r) => r[0]!);
  const exists = await db.query('SELECT to_regclass($1) IS NOT NULL', [schema ? `${pgIdent(schema)}.${pgIdent(table)}` : pgIdent(table)]);
  return exists.rows[0]?.[0] === 't' || exists.rows[0]?.[0] === 'true' ? [] : null;
}

function explainCopyError(err: unknown): Error {
  const e = err as { message?: string; where?: string; detail?: string; code?: string };
  if (e && typeof e.message === 'string' && (e.where || e.detail)) {
    const parts = [e.message, e.detail, e.where].filter(Boolean).join('; ');
    const hint = e.code === '22P02' || e.code === '22007' || e.code === '22008' || e.code === '22003' ? ' (set columnTypes to text for that column, or fix the row)' : '';
    return new Error(`${parts}${hint}`);
  }
  return err instanceof Error ? err : new Error(String(err));
}

export const loadTableTask: TaskKindImpl<LoadTableConfig> = {
  kind: 'load.table',
  async run(config, ctx) {
    const input = await resolveInputFile(ctx, 'input', config.input);
    const format = chooseFormat('input', 'auto', input.path, 'txt');
    const meter = new TaskMeter(ctx);
    const { header, sample } = await peek(input.path, format, config.header, ctx.signal);
    let columns: string[];
    if (config.columns.length > 0) {
      columns = config.columns;
      if (header && header.length !== columns.length) throw new TaskConfigError('columns', `the file has ${header.length} columns but ${columns.length} names are given`);
    } else if (header) {
      columns = header;
    } else if (format === 'txt') {
      columns = ['value'];
    } else {
      throw new TaskConfigError('columns', 'the file has no header: name its columns');
    }
    const width = sample[0]?.length ?? columns.length;
    if (width !== columns.length) throw new TaskConfigError('columns', `the rows have ${width} values but ${columns.length} columns are named`);
    for (const [i, k] of config.keyColumns.entries()) {
      if (!columns.includes(k)) throw new TaskConfigError(`keyColumns.${i}`, `"${k}" is not a column of the file (columns: ${columns.join(', ')})`);
    }
    for (const name of Object.keys(config.columnTypes)) {
      if (!columns.includes(name)) throw new TaskConfigError('columnTypes', `"${name}" is not a column of the file (columns: ${columns.join(', ')})`);
    }

    const conn = await ctx.resolveConnection(config.connection);
    if (conn.kind !== 'postgres' && conn.kind !== 'pglite') {
      throw new TaskConfigError('connection', `load.table loads into PostgreSQL or the embedded database, not ${conn.kind}`);
    }
    const db = await openDb(conn);
    const stopWatch = whenAborted(ctx.signal, () => {
      if (db.raw.kind === 'postgres') db.raw.client.end().catch(() => undefined);
    });
    const table = config.schema ? `${pgIdent(config.schema)}.${pgIdent(config.table)}` : pgIdent(config.table);
    const shown = config.schema ? `${config.schema}.${config.table}` : config.table;
    try {
      let have = await existingColumns(db, config.schema, config.table);
      if (have === null) {
        if (!config.createTable) throw new TaskConfigError('table', `${shown} does not exist; create it or turn on createTable`);
        const guessed = config.inferTypes ? inferColumnTypes(columns.length, sample) : columns.map(() => 'text' as const);
        const types = columns.map((c, i) => config.columnTypes[c] ?? guessed[i]!);
        const key = config.mode === 'upsert' ? `, PRIMARY KEY (${config.keyColumns.map(pgIdent).join(', ')})` : '';
        await db.query(`CREATE TABLE IF NOT EXISTS ${table} (${columns.map((c, i) => `${pgIdent(c)} ${types[i]}`).join(', ')}${key})`);
        ctx.log('info', `Created table ${shown} (${columns.map((c, i) => `${c} ${types[i]}`).join(', ')})`);
        have = columns;
      }
      const missing = columns.filter((c) => !have!.includes(c));
      if (missing.length > 0) throw new TaskConfigError('table', `${shown} has no column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (it has ${have.join(', ')})`);

      const quoted = columns.map(pgIdent);
      const copyFormat = format === 'csv' ? 'csv' : 'text';
      const chunks = copyChunks(input.path, format, config.header, ctx.signal);
      const opts = { pgliteChunkBytes: config.chunkMiB << 20, signal: ctx.signal, onRows: (n: number) => meter.report({ rowsRead: n }) };
      ctx.log('info', `Loading ${input.path} into ${shown} (${config.mode})`);
      const result = await db.transaction(async (q) => {
        if (config.mode === 'replace') await q.query(`TRUNCATE ${table}`);
        if (config.mode !== 'upsert') {
          const n = await copyInto(db, q, { table, columns: quoted, format: copyFormat }, chunks, opts);
          return { copied: n, changed: n };
        }
        return upsert(db, q, table, columns, config.keyColumns, copyFormat, chunks, opts);
      }).catch((err: unknown) => {
        if (ctx.signal.aborted) throw ctx.signal.reason instanceof Error ? ctx.signal.reason : new Error('cancelled');
        throw err instanceof TaskConfigError ? err : explainCopyError(err);
      });
      meter.report({ rowsRead: result.copied, rowsWritten: result.changed });
      ctx.log('info', `Loaded ${result.copied} rows into ${shown}${config.mode === 'upsert' ? ` (${result.changed} inserted or updated)` : ''}`);
      return {
        artifacts: [{ name: shown, table: shown, rows: result.changed }],
        metrics: meter.metrics(),
        values: { table: shown, rowsLoaded: result.copied, rowsChanged: result.changed, mode: config.mode },
      };
    } finally {
      stopWatch();
      await db.close().catch(() => undefined);
    }
  },
};

/**
 * COPY into a staging table, then one INSERT ... ON CONFLICT DO UPDATE: a retry or a
 * re-run with the same rows changes nothing. Within one file the last row of a key wins.
 */
async function upsert(
  db: Db,
  q: Queryable,
  table: string,
  columns: string[],
  keys: string[],
  format: 'text' | 'csv',
  chunks: AsyncIterable<Buffer>,
  opts: Parameters<typeof copyInto>[4],
): Promise<{ copied: number; changed: number }> {
  const stage = pgIdent(`etl_stage_${process.pid}_${Date.now()}`);
  const quoted = columns.map(pgIdent);
  const seq = pgIdent('__etl_seq');
  await q.query(`CREATE TEMP TABLE ${stage} ON COMMIT DROP AS SELECT ${quoted.join(', ')} FROM ${table} WITH NO DATA`);
  await q.query(`ALTER TABLE ${stage} ADD COLUMN ${seq} bigserial`);
  const copied = await copyInto(db, q, { table: stage, columns: quoted, format }, chunks, opts);
  const keyList = keys.map(pgIdent).join(', ');
  const rest = columns.filter((c) => !keys.includes(c)).map(pgIdent);
  const onConflict = rest.length > 0 ? `DO UPDATE SET ${rest.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}` : 'DO NOTHING';
  try {
    const res = await q.query(
      `INSERT INTO ${table} (${quoted.join(', ')}) SELECT DISTINCT ON (${keyList}) ${quoted.join(', ')} FROM ${stage} ORDER BY ${keyList}, ${seq} DESC ON CONFLICT (${keyList}) ${onConflict}`,
    );
    return { copied, changed: res.rowCount };
  } catch (err) {
    const e = err as { code?: string; message?: string };
    if (e.code === '42P10') throw new TaskConfigError('keyColumns', `the table has no primary key or unique index on (${keys.join(', ')}), which upsert needs`);
    throw err;
  }
}
