import type mysql from 'mysql2';
import { ApiError } from '../../../../shared/api/contract.js';
import { openMysql, type MysqlConnection } from '../../connections/mysql.js';
import { BinaryCopyEncoder } from '../copy/binary-copy-encoder.js';
import { ChunkPool } from '../copy/chunk-pool.js';
import { CopyEncoder, DEFAULT_CHUNK_BYTES } from '../copy/copy-encoder.js';
import { lengthCodedBytes, lengthCodedValue, MYSQL_NULL } from '../copy/mysql-length.js';
import { myIdent, splitTableName, keyLiteral } from '../sql/quote.js';
import { ChunkQueue, type QueueItem } from './chunk-queue.js';
import { mysqlFamily, mysqlToPgType, type MysqlColumnInfo } from './mysql-types.js';
import type { Batch, BatchSummary, Extract, ExtractSpec, Source, SourceTable } from './source.js';

/**
 * Bytes of COPY data read ahead of the warehouse before the socket is paused: about
 * 100 000 rows, enough to keep reading (on the other core) through a batch's merge SQL
 * and commit. 8 and 16 MiB were no faster at 1 M or 10 M rows; chunks waiting that long
 * outlive V8's young generation, so a 10 M-row star load peaked 15-20 MiB higher with
 * 8 MiB (bench/README.md).
 */
const READ_AHEAD_HIGH = 4 * 1024 * 1024;
const READ_AHEAD_LOW = 2 * 1024 * 1024;

type Row = (Buffer | null)[];

/** What the row reader needs of an encoder, text or binary. */
interface RowEncoder {
  keyBuf: Buffer | null;
  keyStart: number;
  keyEnd: number;
  readonly pending: number;
  readonly zeroDates: readonly number[];
  mysqlRow(buf: Buffer, pos: number, kinds: ArrayLike<number>, count: number, keyIndex: number): void;
  row(values: ArrayLike<Buffer | string | null>, kinds: ArrayLike<number>): void;
}

/** The part of mysql2's Packet the row reader uses. */
interface MysqlPacket {
  buffer: Buffer;
  offset: number;
  isEOF(): boolean;
}

/** Byte range of field `index` in a text-protocol row packet whose values start at pos. */
function fieldRange(buf: Buffer, pos: number, index: number): [number, number] {
  for (let i = 0; ; i++) {
    const tag = buf[pos];
    const len = tag === MYSQL_NULL ? 0 : lengthCodedValue(buf, pos);
    pos += lengthCodedBytes(tag);
    if (i === index) return [pos, pos + len];
    pos += len;
  }
}

/**
 * mysql2 lays a query's options over its connection's (ConnectionConfig.queryOptions), so
 * one query can ask for the compiled row parser the connection otherwise goes without.
 */
type QueryOptions = mysql.QueryOptions & { disableEval?: boolean };

function run(conn: mysql.Connection, sql: string, values?: unknown[], manyRows = false): Promise<unknown[][]> {
  const options: QueryOptions = { sql, values, rowsAsArray: true, ...(manyRows ? { disableEval: false } : {}) };
  return new Promise((resolve, reject) => {
    conn.query(options, (err, rows) => (err ? reject(err) : resolve(rows as unknown as unknown[][])));
  });
}

function text(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return Buffer.isBuffer(v) ? v.toString('utf8') : String(v);
}

function num(v: unknown): number | null {
  return v === null || v === undefined ? null : Number(v);
}

/**
 * Streams the whole range in one query inside the snapshot transaction, with raw
 * Buffers per field (typeCast: false) encoded straight into COPY text; batches are
 * cut on the fly by rows (and bytes, for a bounded warehouse).
 */
class MysqlExtract implements Extract {
  private readonly queue: ChunkQueue;
  /** COPY text, and what star mode learns while encoding; unused when the binary one is. */
  private readonly textEncoder: CopyEncoder;
  private readonly binaryEncoder: BinaryCopyEncoder | null;
  private readonly encoder: RowEncoder;
  private readonly pool = new ChunkPool(DEFAULT_CHUNK_BYTES);
  private started = false;
  private finished = false;
  private query: mysql.Query | null = null;
  private failure: Error | null = null;
  private sentLastRow!: () => void;
  /** Stays pending when the read fails: the failure reaches the sync through the batches. */
  readonly readOff = new Promise<void>((resolve) => (this.sentLastRow = resolve));

  constructor(
    private readonly conn: mysql.Connection,
    private readonly spec: ExtractSpec,
    private readonly onRows: (rows: number) => void,
    utcOffset: string,
  ) {
    this.queue = new ChunkQueue(READ_AHEAD_HIGH, READ_AHEAD_LOW, () => conn.pause(), () => conn.resume());
    const emit = (buf: Buffer) => {
      this.batchBytes += buf.length;
      this.queue.push({ t: 'chunk', buf });
    };
    this.textEncoder = new CopyEncoder(emit, { pool: this.pool, utcOffset, lookups: spec.lookups });
    this.binaryEncoder = spec.binaryKinds ? new BinaryCopyEncoder(emit, { pool: this.pool, utcOffset, columnNames: spec.labels }) : null;
    this.encoder = this.binaryEncoder ?? this.textEncoder;
  }

  private batchBytes = 0;

  zeroDates(): readonly number[] {
    return this.encoder.zeroDates;
  }

  private start(): void {
    const s = this.spec;
    const where = s.lower === null ? `${s.key} <= ${keyLiteral(s.upper)}` : `${s.key} > ${keyLiteral(s.lower)} AND ${s.key} <= ${keyLiteral(s.upper)}`;
    const sql = `SELECT ${s.select.join(', ')} FROM ${s.from} WHERE ${where} ORDER BY ${s.key}`;
    const enc = this.encoder;
    const text = this.textEncoder;
    const binary = this.binaryEncoder;
    const kinds: ArrayLike<number> = binary ? s.binaryKinds! : s.kinds;
    const keyIndex = s.keyIndex;
    const batchRows = s.batchRows;
    const maxBytes = s.maxBatchBytes;
    let inBatch = 0;
    let lastKey: Buffer | null = null;
    let lastKeyOf = () => lastKey!.toString('latin1');
    let unreported = 0;
    // The first rows are reported early: the user sees them flowing at once, and the report
    // has run before V8 optimises the row loop (a first report at row 4096 threw the
    // optimised code back to the interpreter).
    let reportEvery = 256;
    const endBatch = () => {
      if (binary) binary.endBatch();
      else text.flush();
      this.queue.push({
        t: 'batchEnd',
        rows: inBatch,
        lastKey: BigInt(lastKeyOf()),
        bytes: this.batchBytes,
        suspect: binary ? 0 : text.takeSuspectRows(),
        members: binary ? undefined : text.takeMembers(),
      });
      inBatch = 0;
      this.batchBytes = 0;
    };
    const q = this.conn.query({ sql, rowsAsArray: true, typeCast: false });
    this.query = q;
    // A full batch ends before the next row whose key differs, so rows sharing a key (a
    // key that is not unique) always land in one batch and `> watermark` never splits them.
    let due = false;
    const afterRow = () => {
      inBatch++;
      if (++unreported === reportEvery) {
        this.onRows(unreported);
        unreported = 0;
        reportEvery = 4096;
      }
      if (inBatch >= batchRows || this.batchBytes + enc.pending >= maxBytes) due = true;
    };
    const rowState = (Object.getPrototypeOf(q) as { row?: unknown }).row;
    if (typeof rowState === 'function') {
      // mysql2 reads a result set with a state machine whose row state is looked up on the
      // query (`this.row`). Giving this one query its own row state lets the encoder read
      // each packet's values in place: no Buffer per field and no array per row, which is
      // most of the client's CPU on a large table. End-of-rows still goes to mysql2.
      const count = kinds.length;
      const failed = () => this.failure !== null;
      const fail = (err: Error) => this.abort(err);
      const packetRow = function (this: unknown, packet: MysqlPacket, connection: unknown): unknown {
        if (packet.isEOF()) return (rowState as (p: MysqlPacket, c: unknown) => unknown).call(this, packet, connection);
        if (!failed()) {
          if (due) {
            const [ks, ke] = fieldRange(packet.buffer, packet.offset, keyIndex);
            if (packet.buffer.compare(enc.keyBuf!, enc.keyStart, enc.keyEnd, ks, ke) !== 0) {
              endBatch();
              due = false;
            }
          }
          try {
            enc.mysqlRow(packet.buffer, packet.offset, kinds, count, keyIndex);
            afterRow();
          } catch (err) {
            // A value the target type cannot hold (binary encoding checks ranges): the sync stops on it.
            fail(err instanceof Error ? err : new Error(String(err)));
          }
        }
        return packetRow;
      };
      (q as unknown as { row: unknown }).row = packetRow;
      lastKeyOf = () => enc.keyBuf!.toString('latin1', enc.keyStart, enc.keyEnd);
    } else {
      q.on('result', (row: Row) => {
        if (this.failure) return;
        if (due && !row[keyIndex]!.equals(lastKey!)) {
          endBatch();
          due = false;
        }
        try {
          enc.row(row, kinds);
        } catch (err) {
          this.abort(err instanceof Error ? err : new Error(String(err)));
          return;
        }
        lastKey = row[keyIndex];
        afterRow();
      });
    }
    q.on('error', (err: Error) => this.fail(err));
    q.on('end', () => {
      if (this.failure) return;
      if (unreported) this.onRows(unreported);
      if (inBatch > 0) endBatch();
      this.finished = true;
      // Also lets go of the connection if the last chunks paused it: the checks' count is next on it.
      this.queue.end();
      this.sentLastRow();
    });
  }

  private fail(err: Error): void {
    if (this.failure) return;
    this.failure = err;
    this.queue.push({ t: 'error', err });
  }

  abort(reason: Error): void {
    if (this.finished || this.failure) return;
    this.fail(reason);
    // A running MySQL query cannot be stopped short of closing its connection.
    if (this.started) this.conn.destroy();
  }

  async *batches(): AsyncGenerator<Batch> {
    if (this.started) throw new Error('An extract is read once');
    this.started = true;
    if (this.failure) throw this.failure;
    for (let index = 0; ; index++) {
      // The first batch is handed over before the query is sent, and the query goes out when
      // the warehouse asks for its first rows: by then its transaction and COPY are open, so
      // the rows stream straight through instead of piling up while the warehouse's answers
      // wait behind them in this one thread (the socket of a result set is read in bursts).
      const first: QueueItem | null = index === 0 ? null : await this.queue.shift();
      if (first?.t === 'end') return;
      if (first?.t === 'error') throw first.err;
      let summary: BatchSummary | null = null;
      const queue = this.queue;
      const pool = this.pool;
      const startQuery = () => {
        if (this.failure) throw this.failure;
        this.start();
      };
      const chunks = async function* (): AsyncGenerator<Buffer> {
        if (!first) startQuery();
        let item: QueueItem = first ?? (await queue.shift());
        // A snapshot that counted rows in the range always yields at least one.
        if (item.t === 'end') throw new Error('The source returned no rows in a key range its snapshot said was not empty');
        for (;;) {
          if (item.t === 'chunk') yield item.buf;
          else if (item.t === 'batchEnd') {
            summary = { rows: item.rows, lastKey: item.lastKey, bytes: item.bytes, suspect: item.suspect, members: item.members };
            return;
          } else if (item.t === 'error') throw item.err;
          else throw new Error('The source stream ended inside a batch');
          item = await queue.shift();
        }
      };
      yield {
        index,
        format: this.binaryEncoder ? 'binary' : 'text',
        chunks: chunks(),
        summary: () => {
          if (!summary) throw new Error('Batch summary read before its rows');
          return summary;
        },
        recycle: (chunk) => pool.give(chunk),
      };
    }
  }
}

export async function openMysqlSource(c: MysqlConnection): Promise<Source> {
  // The extract reads its rows in place (packetRow above); mysql2 parses the few of every other query.
  const conn = await openMysql(c, { fewRowsPerQuery: true });
  // Fatal socket errors reach the running query; this keeps them from crashing the process.
  conn.on('error', () => undefined);
  const database = c.database;
  return {
    kind: 'mysql',
    dialect: 'mysql',
    timeZone: c.timeZone,

    async describeTable(name: string): Promise<SourceTable> {
      const { schema, table } = splitTableName(name);
      const db = schema ?? database;
      const tables = await run(
        conn,
        `SELECT TABLE_SCHEMA, TABLE_NAME, ENGINE, TABLE_TYPE, TABLE_ROWS FROM information_schema.TABLES
         WHERE TABLE_SCHEMA = ? AND LOWER(TABLE_NAME) = LOWER(?) ORDER BY TABLE_NAME = ? DESC`,
        [db, table, table],
      );
      if (tables.length === 0) throw new ApiError('not_found', `Source table ${name} does not exist in MySQL database ${db}`);
      const [tSchema, tName, engine, tType, estimate] = tables[0].map(text) as [string, string, string | null, string, string | null];
      const cols = await run(
        conn,
        `SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, NUMERIC_PRECISION, NUMERIC_SCALE, CHARACTER_MAXIMUM_LENGTH, DATETIME_PRECISION
         FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`,
        [tSchema, tName],
      );
      const warnings: string[] = [];
      if (tType === 'BASE TABLE' && engine && engine.toLowerCase() !== 'innodb') {
        warnings.push(`Source table ${tName} uses the ${engine} engine, which has no consistent snapshot; rows written during the sync may be missed until the next run`);
      }
      return {
        schema: tSchema,
        name: tName,
        sql: `${myIdent(tSchema)}.${myIdent(tName)}`,
        warnings,
        rowsEstimate: estimate === null ? null : Number(estimate),
        columns: cols.map((r) => {
          const info: MysqlColumnInfo = {
            name: text(r[0])!,
            dataType: text(r[1])!,
            columnType: text(r[2])!,
            precision: num(r[3]),
            scale: num(r[4]),
            charLength: num(r[5]),
            datetimePrecision: num(r[6]),
          };
          return { name: info.name, type: info.columnType, family: mysqlFamily(info), pgType: mysqlToPgType(info) };
        }),
      };
    },

    async beginSnapshot() {
      await run(conn, 'SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      await run(conn, 'START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
      return 'REPEATABLE READ transaction WITH CONSISTENT SNAPSHOT';
    },

    async queryText(sql: string, opts?: { manyRows?: boolean }) {
      const rows = await run(conn, sql, undefined, opts?.manyRows === true);
      return rows.map((r) => r.map(text));
    },

    extract(spec, onRows) {
      return new MysqlExtract(conn, spec, onRows, c.timeZone);
    },

    async close() {
      // end() never calls back on a connection an abort already destroyed, hence the timer.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 2000);
        conn.end(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      conn.destroy();
    },
  };
}
