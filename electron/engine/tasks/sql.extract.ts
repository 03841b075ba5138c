import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { to as copyTo } from 'pg-copy-streams';
import type mysql from 'mysql2';
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import type { TaskContext, TaskKindImpl } from '../pipelines/task-kind.js';
import type { SqlExtractConfig } from '../../../shared/pipeline/kinds/sql.extract.js';
import { openDb, withDb, type Db, type TextRow } from './db/open-db.js';
import { quoteTableRef } from './db/table-ref.js';
import { writeRow } from './tabular/encode.js';
import { OutputBuffer } from './tabular/output-buffer.js';
import { formatOfPath, type TableFormat } from './tabular/format.js';
import { TaskConfigError } from './support/config-error.js';
import { TaskMeter } from './support/meter.js';
import { outputPath } from './support/paths.js';
import { whenAborted } from './support/abort.js';

const FETCH_ROWS = 5_000;

/** A value inlined as a standard SQL string literal (COPY and cursors take no bind parameters). */
function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** The largest key already in the warehouse table, or null when it is empty or missing. */
async function warehouseMax(ctx: TaskContext, config: SqlExtractConfig): Promise<string | null> {
  const conn = await ctx.resolveConnection(config.warehouse);
  return withDb(conn, async (db) => {
    let table: string;
    try {
      table = quoteTableRef(db, config.warehouseTable);
    } catch (err) {
      throw new TaskConfigError('warehouseTable', (err as Error).message);
    }
    try {
      const res = await db.query(`SELECT MAX(${db.ident(config.incrementalKey)}) FROM ${table}`);
      return res.rows[0]?.[0] ?? null;
    } catch (err) {
      const e = err as { code?: string; errno?: number; message: string };
      if (e.code === '42P01' || e.errno === 1146) {
        ctx.log('info', `Warehouse table ${config.warehouseTable} does not exist yet: extracting every row`);
        return null;
      }
      throw new Error(`warehouseTable: reading MAX(${config.incrementalKey}) failed: ${e.message}`);
    }
  });
}

interface Plan {
  /** The SELECT with the incremental condition inlined for PostgreSQL kinds, parameterized for MySQL. */
  sql: string;
  params: string[];
  keyExpr: string | null;
}

function plan(db: Db, config: SqlExtractConfig, since: string | null): Plan {
  let from: string;
  try {
    from = config.table ? quoteTableRef(db, config.table) : `(${config.query.replace(/;\s*$/, '')}) AS src`;
  } catch (err) {
    throw new TaskConfigError('table', (err as Error).message);
  }
  const key = config.incrementalKey ? db.ident(config.incrementalKey) : null;
  let sql = `SELECT * FROM ${from}`;
  const params: string[] = [];
  if (key && since !== null) {
    if (db.kind === 'mysql') {
      sql += ` WHERE ${key} > ?`;
      params.push(since);
    } else sql += ` WHERE ${key} > ${literal(since)}`;
  }
  if (key) sql += ` ORDER BY ${key}`;
  return { sql, params, keyExpr: key };
}

export const sqlExtractTask: TaskKindImpl<SqlExtractConfig> = {
  kind: 'sql.extract',
  async run(config, ctx) {
    const output = outputPath(ctx.taskFolder, 'output', config.output, 'extract.tsv');
    const format: TableFormat = formatOfPath(output) ?? 'tsv';
    if (format === 'txt') throw new TaskConfigError('output', 'write rows to a .tsv or .csv file');
    const since = config.since === 'value' ? config.sinceValue : config.since === 'warehouse-max' ? await warehouseMax(ctx, config) : null;
    if (config.since !== 'none') ctx.log('info', since === null ? 'No earlier key: extracting every row' : `Extracting rows with ${config.incrementalKey} > ${since}`);
    const meter = new TaskMeter(ctx);
    const db = await openDb(await ctx.resolveConnection(config.connection));
    const stopWatch = whenAborted(ctx.signal, () => void db.close().catch(() => undefined));
    await mkdir(path.dirname(output), { recursive: true });
    let result: { rows: number; lastKey: string | null };
    try {
      const p = plan(db, config, since);
      const keyName = config.incrementalKey || null;
      result =
        db.raw.kind === 'postgres' ? await fromPostgres(db.raw.client, p, keyName, output, format, ctx, meter)
        : db.raw.kind === 'pglite' ? await fromPglite(db.raw.db, p, keyName, output, format, ctx, meter)
        : await fromMysql(db.raw.conn, p, keyName, output, format, ctx, meter);
    } catch (err) {
      if (ctx.signal.aborted) throw ctx.signal.reason instanceof Error ? ctx.signal.reason : new Error('cancelled');
      throw err;
    } finally {
      stopWatch();
      await db.close().catch(() => undefined);
    }
    meter.report({ rowsRead: result.rows, rowsWritten: result.rows });
    ctx.log('info', `Extracted ${result.rows} rows from ${config.table || 'the query'} to ${output}`);
    return {
      artifacts: [{ name: path.basename(output), path: output, rows: result.rows }],
      metrics: meter.metrics(),
      values: { rows: result.rows, lastValue: since, newValue: result.lastKey ?? since },
    };
  },
};

function keyIndex(fields: string[], key: string | null): number {
  if (!key) return -1;
  const i = fields.indexOf(key);
  if (i < 0) throw new TaskConfigError('incrementalKey', `the rows have no column ${key} (columns: ${fields.join(', ')})`);
  return i;
}

/** PostgreSQL: COPY (query) TO STDOUT streams straight into the file, in one snapshot with the key's max. */
async function fromPostgres(client: pg.Client, p: Plan, key: string | null, output: string, format: TableFormat, ctx: TaskContext, meter: TaskMeter) {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    const probe = await client.query({ text: `SELECT * FROM (${p.sql}) AS q LIMIT 0`, rowMode: 'array' });
    const fields = probe.fields.map((f) => f.name);
    keyIndex(fields, key);
    let lastKey: string | null = null;
    if (key) {
      const max = await client.query({ text: `SELECT MAX(${p.keyExpr})::text FROM (${p.sql}) AS q`, rowMode: 'array' });
      lastKey = (max.rows[0] as unknown[] | undefined)?.[0] as string | null ?? null;
    }
    const handle = await open(output, 'w');
    let rows = 0;
    try {
      const out = new OutputBuffer(handle);
      writeRow(out, format, fields);
      await out.flush();
      const source = client.query(copyTo(`COPY (${p.sql}) TO STDOUT WITH (FORMAT ${format === 'csv' ? 'csv' : 'text'})`));
      let seen = 0;
      const sink = new Writable({
        write(chunk: Buffer, _enc, done) {
          for (let at = chunk.indexOf(0x0a); at >= 0; at = chunk.indexOf(0x0a, at + 1)) seen++;
          meter.report({ rowsRead: seen, rowsWritten: seen });
          handle.write(chunk).then(() => done(), done);
        },
      });
      await pipeline(source, sink, { signal: ctx.signal });
      rows = source.rowCount ?? seen;
    } finally {
      await handle.close();
    }
    await client.query('COMMIT');
    return { rows, lastKey };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/** PGlite: a cursor fetched in pages inside one transaction (its COPY TO would hold everything in memory). */
async function fromPglite(db: PGlite, p: Plan, key: string | null, output: string, format: TableFormat, ctx: TaskContext, meter: TaskMeter) {
  return db.transaction(async (tx) => {
    const wrapped = { query: (sql: string) => tx.query<unknown[]>(sql, [], { rowMode: 'array' }) };
    const probe = await wrapped.query(`SELECT * FROM (${p.sql}) AS q LIMIT 0`);
    const fields = probe.fields.map((f) => f.name);
    const k = keyIndex(fields, key);
    const cols = fields.map((f, i) => `q.${pgIdentLocal(f)}::text AS c${i}`).join(', ');
    await wrapped.query(`DECLARE etl_extract NO SCROLL CURSOR FOR SELECT ${cols} FROM (${p.sql}) AS q`);
    const handle = await open(output, 'w');
    const out = new OutputBuffer(handle);
    let rows = 0;
    let lastKey: string | null = null;
    try {
      writeRow(out, format, fields);
      for (;;) {
        ctx.signal.throwIfAborted();
        const page = await wrapped.query(`FETCH ${FETCH_ROWS} FROM etl_extract`);
        if (page.rows.length === 0) break;
        for (const r of page.rows as unknown as TextRow[]) writeRow(out, format, r);
        rows += page.rows.length;
        if (k >= 0) lastKey = (page.rows[page.rows.length - 1] as unknown as TextRow)[k] ?? lastKey;
        await out.flushIfBig();
        meter.report({ rowsRead: rows, rowsWritten: rows });
      }
      await out.flush();
      await wrapped.query('CLOSE etl_extract');
    } finally {
      await handle.close();
    }
    return { rows, lastKey };
  });
}

function pgIdentLocal(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** MySQL: rows streamed with backpressure, every value as exact text. */
async function fromMysql(conn: mysql.Connection, p: Plan, key: string | null, output: string, format: TableFormat, ctx: TaskContext, meter: TaskMeter) {
  const handle = await open(output, 'w');
  const out = new OutputBuffer(handle);
  let rows = 0;
  let lastKey: string | null = null;
  let k = -1;
  let fields: string[] | null = null;
  try {
    const query = conn.query({ sql: p.sql, values: p.params, rowsAsArray: true, typeCast: (field, next) => (field.type === 'GEOMETRY' ? next() : field.string()) });
    query.on('fields', (f: { name: string }[]) => {
      fields = f.map((x) => x.name);
    });
    const stream = query.stream({ highWaterMark: 1000 });
    const stop = whenAborted(ctx.signal, () => stream.destroy(ctx.signal.reason instanceof Error ? ctx.signal.reason : new Error('cancelled')));
    try {
      for await (const row of stream as AsyncIterable<(string | null)[]>) {
        if (rows === 0) {
          const names: string[] = fields ?? row.map((_v, i) => `column${i + 1}`);
          k = keyIndex(names, key);
          writeRow(out, format, names);
        }
        writeRow(out, format, row);
        rows++;
        if (k >= 0) lastKey = row[k] ?? lastKey;
        if ((rows & 4095) === 0) {
          await out.flushIfBig();
          meter.report({ rowsRead: rows, rowsWritten: rows });
        }
      }
    } finally {
      stop();
    }
    if (rows === 0 && fields) writeRow(out, format, fields);
    await out.flush();
  } finally {
    await handle.close();
  }
  return { rows, lastKey };
}
