import type { BinaryKind } from '../copy/binary-copy-encoder.js';
import type { FieldKind } from '../copy/copy-encoder.js';
import type { CopyLookup } from '../copy/lookup.js';
import type { DialectName } from '../sql/quote.js';

/** What a column holds, as far as moving it between databases is concerned. */
export type Family =
  | 'integer' | 'decimal' | 'float' | 'boolean' | 'text' | 'binary'
  | 'date' | 'datetime' | 'timestamptz' | 'time' | 'other';

export interface SourceColumn {
  name: string;
  /** The type as the source declares it, for messages. */
  type: string;
  family: Family;
  /** PostgreSQL type for this column when the sync creates a missing target table. */
  pgType: string;
}

export interface SourceTable {
  /** Schema (PostgreSQL) or database (MySQL) and table name, as stored. */
  schema: string;
  name: string;
  /** Quoted, qualified name to put in SQL. */
  sql: string;
  columns: SourceColumn[];
  /** Things worth telling the user about the table (e.g. a MyISAM table has no snapshot). */
  warnings: string[];
  /** The server's row count estimate, when it keeps one (MySQL's TABLE_ROWS). */
  rowsEstimate?: number | null;
}

/** What one extract reads: `SELECT select FROM from WHERE key > lower AND key <= upper ORDER BY key`. */
export interface ExtractSpec {
  /** Expressions in the order of the COPY columns. */
  select: readonly string[];
  from: string;
  key: string;
  /** Index of the key in `select`; the batch's last key is read from it. */
  keyIndex: number;
  /** How each selected value is encoded (used where the source hands raw bytes). */
  kinds: readonly FieldKind[];
  /**
   * When every column has one: each selected value's COPY BINARY encoding, which a
   * source that encodes raw bytes itself (MySQL) uses instead of COPY text. PostgreSQL
   * reads binary with less work than text (no timestamp or numeric parsing), and its
   * ingest is what limits a sync. Batches say which format they carry.
   */
  binaryKinds?: readonly BinaryKind[];
  /** Names of the selected columns, for messages about a value. */
  labels?: readonly string[];
  lower: bigint | null;
  upper: bigint;
  batchRows: number;
  maxBatchBytes: number;
  /** Per selected column, the table a FieldKind.lookup column is replaced from. */
  lookups?: readonly (CopyLookup | undefined)[];
}

export interface BatchSummary {
  rows: number;
  /** Key of the batch's last row: the watermark once the batch commits. */
  lastKey: bigint;
  bytes: number;
  /**
   * Rows in which a checked, required or lookup column held a missing or invalid value
   * (see CopyEncoder); undefined when the source does not look (its COPY text passes
   * through as it comes).
   */
  suspect?: number;
  /**
   * The distinct UTC days and look-up values the batch's rows carry (see
   * CopyEncoder.takeMembers); undefined when the source does not track them.
   */
  members?: BatchMembers;
}

export interface BatchMembers {
  /** 'YYYY-MM-DD'; null when one could not be kept. */
  days: string[] | null;
  /** Per selected column with a look-up, its distinct values. */
  values: (string[] | undefined)[];
}

/** COPY's format: text, or binary (see ExtractSpec.binaryKinds). */
export type CopyFormat = 'text' | 'binary';

export interface Batch {
  index: number;
  /** The format of `chunks`. */
  format: CopyFormat;
  /** COPY data (text or binary, see `format`) of the batch's rows, in key order; read once. */
  chunks: AsyncIterable<Buffer>;
  /** Known once `chunks` is exhausted. */
  summary(): BatchSummary;
  /**
   * Takes back a chunk of `chunks` that its writer has sent and will not read again, so
   * the source fills it anew instead of leaving it to the garbage collector (ChunkPool);
   * absent when the source does not reuse its chunks.
   */
  recycle?: (chunk: Buffer) => void;
}

export interface Extract {
  batches(): AsyncGenerator<Batch>;
  /**
   * Resolves once the source has sent its last row, when the batches may still be on their
   * way into the warehouse: from then on the source's connection (and its snapshot) is free
   * for the checks' counts. Sources that read batch by batch leave it out.
   */
  readonly readOff?: Promise<void>;
  /** Stops reading; the pending and later reads fail with `reason`. */
  abort(reason: Error): void;
  /** Zero dates turned into NULL so far, per selected column. */
  zeroDates(): readonly number[];
}

export interface Source {
  readonly kind: 'mysql' | 'postgres' | 'pglite';
  readonly dialect: DialectName;
  /** The session time zone values are read in, as an offset (+00:00). */
  readonly timeZone: string;
  describeTable(name: string): Promise<SourceTable>;
  /** Starts the one consistent snapshot every later read sees; returns how, in words. */
  beginSnapshot(): Promise<string>;
  /**
   * A query whose values come back as text (cast in SQL where needed), rows as arrays.
   * `manyRows` for one that may return thousands (a driver may read a few more cheaply).
   */
  queryText(sql: string, opts?: { manyRows?: boolean }): Promise<(string | null)[][]>;
  extract(spec: ExtractSpec, onRows: (rows: number) => void): Extract;
  close(): Promise<void>;
}

/** Counts rows in COPY text: escaped values never hold a raw newline. */
export function countLines(chunk: Buffer): number {
  let n = 0;
  let i = chunk.indexOf(10);
  while (i !== -1) {
    n++;
    i = chunk.indexOf(10, i + 1);
  }
  return n;
}
