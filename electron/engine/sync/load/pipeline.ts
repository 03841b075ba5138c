import type { BatchLoader } from '../mode.js';
import type { Batch, BatchSummary } from '../source/source.js';
import type { Warehouse, WarehouseTx } from '../warehouse/warehouse.js';

/**
 * Runs the batches of a sync in key order, each in one warehouse transaction, over one
 * or two sessions. With two, batch N+1 is COPYed in on the second session while batch
 * N is still being applied on the first; N+1's apply and commit wait for N's commit.
 * The source is read once, in order, and the watermark moves batch by batch exactly as
 * with one session: a batch's transaction can commit only after the one before it
 * (its watermark update expects that batch's last key), and a failure in one rolls
 * back the one behind it.
 */

export interface Session {
  wh: Warehouse;
  loader: BatchLoader;
}

export type BatchOutcome = BatchSummary & { inserted: number; rejected: number };

interface Slot extends Session {
  /** The transaction this session is running; a new batch starts on it only after it settles. */
  busy: Promise<unknown>;
}

export async function runBatches(opts: {
  batches: AsyncIterable<Batch>;
  first: Session;
  /** Opens the second session; null when there is none to have (or it is not worth it). */
  second: Promise<Session | null> | null;
  /** The watermark before the first batch. */
  start: bigint | null;
  /** Inside the batch's transaction, after apply: moves the watermark from `from` to the batch's last key. */
  commit(tx: WarehouseTx, from: bigint | null, summary: BatchSummary): Promise<void>;
  /** Called once per committed batch, in order. */
  committed(outcome: BatchOutcome): void;
  /** Called once every row has been read off the source (the last batches may still be applying). */
  sourceRead?(): void;
}): Promise<void> {
  const slots: Slot[] = [{ ...opts.first, busy: Promise.resolve() }];
  let second: Promise<Slot | null> | null = opts.second
    ? opts.second.then((s) => (s ? { ...s, busy: Promise.resolve() } : null), () => null)
    : null;
  let previous: Promise<bigint | null> = Promise.resolve(opts.start);
  let index = 0;
  let lastBatch: Batch | null = null;
  let stopped = false;
  try {
    for await (const batch of opts.batches) {
      let slot = slots[0];
      if (index % 2 === 1 && second) {
        const s = await second;
        if (s) {
          if (!slots.includes(s)) slots.push(s);
          slot = s;
        } else second = null;
      }
      await slot.busy.catch(() => undefined);
      const before = previous;
      const previousBatch = lastBatch;
      lastBatch = batch;
      let loadedNow!: () => void;
      const loaded = new Promise<void>((resolve) => (loadedNow = resolve));
      const done = slot.wh.transaction(async (tx) => {
        await slot.loader.load(tx, batch, previousBatch ? previousBatch.summary() : null);
        loadedNow();
        const from = await before;
        const out = await slot.loader.apply(tx, batch);
        const summary = batch.summary();
        await opts.commit(tx, from, summary);
        return { ...summary, ...out };
      });
      slot.busy = done;
      previous = done.then((outcome) => {
        opts.committed(outcome);
        return outcome.lastKey;
      });
      previous.catch(() => undefined);
      // The next batch is pulled from the source only once this one's rows are read off it.
      let failed = false;
      await Promise.race([loaded, done.then(() => undefined, () => (failed = true))]);
      if (failed) {
        stopped = true;
        break;
      }
      index++;
    }
    if (!stopped) opts.sourceRead?.();
    await previous;
  } finally {
    // No session is closed under a running transaction.
    await Promise.allSettled(slots.map((s) => s.busy));
    const s = await second;
    if (s) await s.busy.catch(() => undefined);
  }
}
