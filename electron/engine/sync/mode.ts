import type { SyncMode } from '../../../shared/sync/sync.js';
import type { TotalsSpec } from './checks/reconcile.js';
import type { Batch, BatchSummary, ExtractSpec } from './source/source.js';
import type { Warehouse, WarehouseTx } from './warehouse/warehouse.js';

/**
 * Loads batches on one warehouse session. A batch's load and apply run in the one
 * transaction that also moves the watermark; load may overlap the previous batch's
 * apply on another session (load/pipeline.ts), apply runs only once that one committed.
 */
export interface BatchLoader {
  /**
   * COPYs the batch's rows in; its chunks are read here, and only here. `previous` is
   * the batch before it (fully read, maybe not yet committed), null for the first.
   */
  load(tx: WarehouseTx, batch: Batch, previous: BatchSummary | null): Promise<void>;
  /** Makes the loaded rows the target's. */
  apply(tx: WarehouseTx, batch: Batch): Promise<{ inserted: number; rejected: number }>;
  /** Drops what the loader made; runs whether the sync worked or not. */
  close(): Promise<void>;
}

/**
 * What replicate and star mode each supply to the shared load loop (driver.ts): what
 * to read, how a batch lands, and how the result is checked.
 */
export interface ModeRun {
  readonly mode: SyncMode;
  /** The watermark's row id: the target table's qualified name. */
  readonly target: string;
  readonly keyColumn: string;
  /** Warehouse SQL giving MAX(key) of the target: the first run's watermark. */
  readonly maxKeySql: string;
  /** What to read; final once prepare has run (star mode may switch to look-ups there). */
  readonly extract: Pick<ExtractSpec, 'select' | 'from' | 'key' | 'keyIndex' | 'kinds' | 'binaryKinds'>;
  /** Look-up tables for the extract's FieldKind.lookup columns, once prepare has run. */
  readonly lookups?: ExtractSpec['lookups'];
  /** Names of the extracted columns, for messages. */
  readonly labels: readonly string[];
  /** What the checks count on each side (checks/reconcile.ts). */
  readonly totals: TotalsSpec;
  /**
   * Runs in the source snapshot once the range of new keys (lower, upper] is known:
   * chooses the load path and says which, in words.
   */
  prepare(range: { lower: bigint | null; upper: bigint | null; newRows: number }): Promise<string>;
  /** Sets a warehouse session up to load batches (its staging tables); after prepare. */
  loader(wh: Warehouse): Promise<BatchLoader>;
  /**
   * Present when the load leaves something for the end (a primary key built once the
   * rows are in): does it and says what it did, or null. Runs after the last batch, before the checks, and
   * also after a load that failed or was cancelled, so the committed rows are left as a
   * finished table.
   */
  finish?(): Promise<string | null>;
  readonly defaultsKept: string[];
  readonly notes: string[];
}
