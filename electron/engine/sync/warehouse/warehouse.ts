import type { CopyFormat } from '../source/source.js';

/**
 * The warehouse as a sync sees it: PostgreSQL over TCP or embedded PGlite behind one
 * small interface, so replicate and star mode are written once.
 */

export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

export interface SqlRunner {
  /** Values come back as the driver gives them; callers cast to text in SQL where exactness matters. */
  query<R extends object = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
}

export interface WarehouseTx extends SqlRunner {
  /**
   * COPYs chunks of COPY data in `format` (default text) into `table (columns)` (both
   * already quoted) and resolves with the number of rows copied. If `chunks` throws, the
   * COPY is abandoned and the error goes on to roll back the transaction. A writer may
   * hand each chunk it has finished with to `recycle` (Batch.recycle).
   */
  copyIn(table: string, columns: readonly string[], chunks: AsyncIterable<Buffer>, format?: CopyFormat, recycle?: (chunk: Buffer) => void): Promise<number>;
}

export interface Warehouse extends SqlRunner {
  readonly kind: 'postgres' | 'pglite';
  /** server_version_num, e.g. 150018; decides whether pg_input_is_valid exists. */
  readonly serverVersionNum: number;
  /**
   * Largest COPY text one batch may hold in memory. PGlite has no streaming COPY (a
   * batch is one Blob), so it is bounded; PostgreSQL streams, so it is unbounded.
   */
  readonly maxBatchBytes: number;
  /** Runs fn in one transaction: COMMIT when it resolves, ROLLBACK when it throws. */
  transaction<T>(fn: (tx: WarehouseTx) => Promise<T>): Promise<T>;
  /**
   * Holds a lock named for `target` until the returned release is called, so two
   * syncs on one target run one after the other. Calls onWait once if it must wait;
   * an abort of `signal` ends the wait with the signal's reason.
   */
  lockTarget(target: string, onWait: () => void, signal: AbortSignal): Promise<() => Promise<void>>;
  /**
   * Another session on the same database, set up the same way, so one batch can be
   * COPYed in while the one before it is still being applied. Absent where there is
   * only one session (PGlite).
   */
  openSibling?(): Promise<Warehouse>;
  close(): Promise<void>;
}
