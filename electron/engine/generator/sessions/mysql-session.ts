import { Readable } from 'node:stream';
import mysql from 'mysql2';
import { openMysql, type MysqlConnection } from '../../connections/mysql.js';
import { tsvUnescape, type TsvChunk, type TsvSource } from '../tsv.js';
import { quoteMysql } from './quote.js';
import { CHUNK_ROWS, type BulkLoadOptions, type BulkLoadResult, type SqlRow, type SqlSession } from './sql-session.js';

/**
 * Rows per LOAD DATA statement (one transaction each). Large statements are much faster
 * than many small ones; memory stays flat because the file stream waits for the socket.
 */
const ROWS_PER_LOAD = 1_000_000;
/** Bytes queued on the socket before the file stream waits for it to drain. */
const SOCKET_HIGH_WATER = 4 * 1024 * 1024;
const ROWS_PER_INSERT = 2_000;

/** Server answers that mean "LOAD DATA LOCAL is switched off here", not "your data is bad". */
const LOCAL_INFILE_REFUSED = new Set(['ER_NOT_ALLOWED_COMMAND', 'ER_LOAD_INFILE_CAPABILITY_DISABLED', 'ER_CLIENT_LOCAL_FILES_DISABLED']);

interface ResultHeader {
  affectedRows?: number;
  warningStatus?: number;
}

interface SocketLike {
  writableLength: number;
  once(event: 'drain', listener: () => void): unknown;
}

/** mysql2 types its socket as any; check the two members used before trusting it. */
function socketOf(conn: mysql.Connection): SocketLike | null {
  const stream: unknown = (conn as { stream?: unknown }).stream;
  if (typeof stream === 'object' && stream !== null && typeof (stream as SocketLike).writableLength === 'number' && typeof (stream as SocketLike).once === 'function') {
    return stream as SocketLike;
  }
  return null;
}

function run(conn: mysql.Connection, options: mysql.QueryOptions): Promise<unknown> {
  return new Promise((resolve, reject) => {
    conn.query(options, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

async function failOnWarnings(conn: mysql.Connection, result: unknown, table: string): Promise<void> {
  const warnings = (result as ResultHeader).warningStatus ?? 0;
  if (warnings === 0) return;
  // LOAD DATA and INSERT quietly truncate or coerce bad values; a generator or loader must not.
  const rows = (await run(conn, { sql: 'SHOW WARNINGS LIMIT 3' })) as { Message?: string }[];
  throw new Error(`Loading ${table} produced ${warnings} warning(s): ${rows.map((r) => r.Message).join('; ')}`);
}

/** One LOAD DATA LOCAL INFILE statement fed from the source; returns rows sent, or null if the server refused LOCAL INFILE before reading. */
async function loadDataStatement(
  conn: mysql.Connection,
  sql: string,
  table: string,
  source: TsvSource,
  onChunk: (rows: number) => void,
): Promise<{ rows: number; exhausted: boolean } | null> {
  let rows = 0;
  let exhausted = false;
  let opened = false;
  const socket = socketOf(conn);
  const factory = () => {
    opened = true;
    const file: Readable = new Readable({
      read() {
        // mysql2 writes each chunk to the socket without waiting; wait here instead.
        if (socket && socket.writableLength > SOCKET_HIGH_WATER) {
          socket.once('drain', produce);
          return;
        }
        produce();
      },
    });
    const produce = () => {
      try {
        if (rows >= ROWS_PER_LOAD) return void file.push(null);
        const chunk = source.next(Math.min(CHUNK_ROWS, ROWS_PER_LOAD - rows));
        if (!chunk) {
          exhausted = true;
          return void file.push(null);
        }
        rows += chunk.rows;
        onChunk(chunk.rows);
        file.push(chunk.text);
      } catch (err) {
        // mysql2 would end the file on a stream error and the server would keep the rows
        // read so far; dropping the connection first makes the server roll the statement back.
        conn.destroy();
        file.destroy(err instanceof Error ? err : new Error(String(err)));
      }
    };
    return file;
  };
  try {
    const result = await run(conn, { sql, infileStreamFactory: factory });
    await failOnWarnings(conn, result, table);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (!opened && code && LOCAL_INFILE_REFUSED.has(code)) return null;
    throw err;
  }
  return { rows, exhausted };
}

function insertStatement(table: string, columns: readonly string[], chunk: TsvChunk): string {
  const lines = chunk.text.split('\n');
  lines.pop();
  const values = lines.map((line) => `(${line.split('\t').map((f) => mysql.escape(tsvUnescape(f))).join(',')})`);
  return `INSERT INTO ${quoteMysql(table)} (${columns.map(quoteMysql).join(', ')}) VALUES ${values.join(',')}`;
}

async function loadTsv(
  conn: mysql.Connection,
  table: string,
  columns: readonly string[],
  source: TsvSource,
  options: BulkLoadOptions,
): Promise<BulkLoadResult> {
  const abort = () => conn.destroy();
  options.signal?.throwIfAborted();
  options.signal?.addEventListener('abort', abort, { once: true });
  let rows = 0;
  const report = (n: number) => {
    rows += n;
    options.onRows?.(rows);
  };
  try {
    let note: string | undefined;
    if (options.mysqlMethod !== 'insert') {
      const sql =
        `LOAD DATA LOCAL INFILE 'etl-studio-rows.tsv' INTO TABLE ${quoteMysql(table)} CHARACTER SET utf8mb4 ` +
        `FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' (${columns.map(quoteMysql).join(', ')})`;
      for (;;) {
        const sent = await loadDataStatement(conn, sql, table, source, report);
        if (sent === null) {
          note = 'The server does not allow LOAD DATA LOCAL INFILE (local_infile is off); rows were loaded with multi-row INSERTs instead, which is slower';
          break;
        }
        if (sent.exhausted) return { rows, method: 'load-data' };
      }
    }
    for (;;) {
      options.signal?.throwIfAborted();
      const chunk = source.next(ROWS_PER_INSERT);
      if (!chunk) break;
      const result = await run(conn, { sql: insertStatement(table, columns, chunk) });
      await failOnWarnings(conn, result, table);
      report(chunk.rows);
    }
    return { rows, method: 'insert', note };
  } catch (err) {
    options.signal?.throwIfAborted();
    throw err;
  } finally {
    options.signal?.removeEventListener('abort', abort);
  }
}

export async function openMysqlSession(c: MysqlConnection): Promise<SqlSession> {
  const conn = await openMysql(c);
  conn.on('error', () => undefined);
  return {
    dialect: 'mysql',
    kind: 'mysql',
    quote: quoteMysql,
    async exec(sql) {
      await run(conn, { sql });
    },
    async query(sql) {
      return (await run(conn, { sql })) as SqlRow[];
    },
    loadTsv: (table, columns, source, options = {}) => loadTsv(conn, table, columns, source, options),
    async close() {
      // end() never calls back on a connection that was already destroyed (e.g. by a cancel).
      await Promise.race([new Promise<void>((resolve) => conn.end(() => resolve())), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
      conn.destroy();
    },
  };
}
