import type pg from 'pg';
import copyStreams from 'pg-copy-streams';
import type { PGlite } from '@electric-sql/pglite';
import { ApiError } from '../../../../shared/api/contract.js';
import { openPostgres, type PostgresConnection } from '../../connections/postgres.js';
import { openPglite } from '../../connections/pglite.js';
import { findPgTable, pgColumns, pgFamily } from '../sql/pg-catalog.js';
import { keyLiteral } from '../sql/quote.js';
import type { SqlRunner } from '../warehouse/warehouse.js';
import { countLines, type Batch, type BatchSummary, type Extract, type ExtractSpec, type Source, type SourceTable } from './source.js';

/**
 * PostgreSQL and PGlite sources. Both read with keyset pagination: each batch first
 * finds its last key (an index-only walk of batchRows keys), then reads exactly the
 * rows up to it with COPY (SELECT ...) TO, whose output is already COPY text, so the
 * bytes go to the warehouse untouched.
 */

/** First batch when the warehouse bounds batch bytes and the row width is not known yet. */
const PROBE_ROWS = 20_000;

interface Reader {
  runner: SqlRunner;
  /** Starts one `COPY (select) TO` and gives its COPY text as chunks. */
  copyOut(selectSql: string): Promise<AsyncIterable<Buffer>>;
}

function rangeWhere(key: string, lower: bigint | null, upper: bigint): string {
  return lower === null ? `${key} <= ${keyLiteral(upper)}` : `${key} > ${keyLiteral(lower)} AND ${key} <= ${keyLiteral(upper)}`;
}

class KeysetExtract implements Extract {
  private failure: Error | null = null;
  private current: { destroy(err: Error): void } | null = null;

  constructor(
    private readonly reader: Reader,
    private readonly spec: ExtractSpec,
    private readonly onRows: (rows: number) => void,
  ) {}

  zeroDates(): readonly number[] {
    return [];
  }

  abort(reason: Error): void {
    this.failure ??= reason;
    this.current?.destroy(reason);
  }

  async *batches(): AsyncGenerator<Batch> {
    const s = this.spec;
    let lower = s.lower;
    let avgRowBytes = 0;
    for (let index = 0; lower === null || lower < s.upper; index++) {
      if (this.failure) throw this.failure;
      let rows = s.batchRows;
      if (Number.isFinite(s.maxBatchBytes)) {
        rows = avgRowBytes > 0 ? Math.floor(s.maxBatchBytes / avgRowBytes) : PROBE_ROWS;
        rows = Math.max(1, Math.min(s.batchRows, rows));
      }
      const bound = await this.reader.runner.query<{ k: string | null }>(
        `SELECT (${s.key})::text AS k FROM ${s.from} WHERE ${rangeWhere(s.key, lower, s.upper)} ORDER BY ${s.key} OFFSET ${rows - 1} LIMIT 1`,
      );
      const lastKey = bound.rows[0]?.k != null ? BigInt(bound.rows[0].k) : s.upper;
      const selectSql = `SELECT ${s.select.join(', ')} FROM ${s.from} WHERE ${rangeWhere(s.key, lower, lastKey)} ORDER BY ${s.key}`;
      const summary: BatchSummary = { rows: 0, lastKey, bytes: 0 };
      const source = await this.reader.copyOut(selectSql);
      const self = this;
      const chunks = async function* (): AsyncGenerator<Buffer> {
        for await (const chunk of source) {
          if (self.failure) throw self.failure;
          const n = countLines(chunk);
          summary.rows += n;
          summary.bytes += chunk.length;
          self.onRows(n);
          yield chunk;
        }
        if (self.failure) throw self.failure;
      };
      yield { index, format: 'text', chunks: chunks(), summary: () => summary };
      if (summary.rows > 0) avgRowBytes = summary.bytes / summary.rows;
      lower = lastKey;
    }
  }

  track(stream: { destroy(err: Error): void } | null): void {
    this.current = stream;
  }
}

async function describe(runner: SqlRunner, name: string, where: string): Promise<SourceTable> {
  const t = await findPgTable(runner, name);
  if (!t) throw new ApiError('not_found', `Source table ${name} does not exist in ${where}`);
  const cols = await pgColumns(runner, t.oid);
  return {
    schema: t.schema,
    name: t.name,
    sql: t.sql,
    warnings: [],
    columns: cols.map((c) => ({ name: c.name, type: c.type, family: pgFamily(c.typname), pgType: c.builtin ? c.type : 'text' })),
  };
}

function textRows(rows: unknown[][]): (string | null)[][] {
  return rows.map((r) => r.map((v) => (v === null || v === undefined ? null : String(v))));
}

export async function openPgSource(c: PostgresConnection): Promise<Source> {
  const client: pg.Client = await openPostgres(c);
  client.on('error', () => undefined);
  await client.query("SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'postgres'; SET extra_float_digits = 3");
  let extract: KeysetExtract | null = null;
  const runner: SqlRunner = {
    async query(text, params) {
      const r = await client.query(text, params as unknown[] | undefined);
      return { rows: r.rows, rowCount: r.rowCount ?? 0 };
    },
  };
  const reader: Reader = {
    runner,
    async copyOut(selectSql) {
      const stream = client.query(copyStreams.to(`COPY (${selectSql}) TO STDOUT`));
      extract?.track(stream);
      return (async function* () {
        try {
          for await (const chunk of stream) yield chunk as Buffer;
        } finally {
          extract?.track(null);
        }
      })();
    },
  };
  return {
    kind: 'postgres',
    dialect: 'postgres',
    timeZone: '+00:00',
    describeTable: (name) => describe(runner, name, `PostgreSQL database ${c.database}`),
    async beginSnapshot() {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      return 'REPEATABLE READ READ ONLY transaction';
    },
    async queryText(sql) {
      const r = await client.query({ text: sql, rowMode: 'array' });
      return textRows(r.rows as unknown[][]);
    },
    extract(spec, onRows) {
      extract = new KeysetExtract(reader, spec, onRows);
      return extract;
    },
    async close() {
      await client.query('ROLLBACK').catch(() => undefined);
      await client.end().catch(() => undefined);
    },
  };
}

/** Slices one big buffer into writes of a size the warehouse socket likes. */
function* slices(buf: Buffer, size: number): Generator<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, Math.min(buf.length, i + size));
}

export async function openPgliteSource(dir: string): Promise<Source> {
  const db: PGlite = await openPglite(dir);
  const runner: SqlRunner = {
    async query(text, params) {
      const r = await db.query(text, params as unknown[] | undefined);
      return { rows: r.rows as never[], rowCount: r.affectedRows ?? r.rows.length };
    },
  };
  const reader: Reader = {
    runner,
    // The batch is read whole before it is handed on: PGlite has no streaming COPY, and
    // a source and warehouse on the same instance must not wait on each other.
    async copyOut(selectSql) {
      const r = await db.query(`COPY (${selectSql}) TO '/dev/blob'`);
      const buf = r.blob ? Buffer.from(await r.blob.arrayBuffer()) : Buffer.alloc(0);
      return (async function* () {
        yield* slices(buf, 256 * 1024);
      })();
    },
  };
  return {
    kind: 'pglite',
    dialect: 'postgres',
    timeZone: '+00:00',
    describeTable: (name) => describe(runner, name, `the embedded database at ${dir}`),
    // PGlite is a single session owned by this process: no transaction is ever in flight
    // while another statement runs, so keys at or below the MAX(key) read at the start
    // are all committed and stay put; holding a transaction open for the whole sync
    // would only lock every other user of the instance out (and deadlock a warehouse
    // on the same instance).
    async beginSnapshot() {
      return 'single-session embedded database (no concurrent writers)';
    },
    async queryText(sql) {
      const r = await db.query<unknown[]>(sql, [], { rowMode: 'array' });
      return textRows(r.rows);
    },
    extract(spec, onRows) {
      return new KeysetExtract(reader, spec, onRows);
    },
    async close() {},
  };
}
