import { ApiError } from '../../../shared/api/contract.js';
import type { SyncResult, SyncSettings } from '../../../shared/sync/sync.js';
import type { RunContext } from '../runs/run-context.js';
import { runBatches, type Session } from './load/pipeline.js';
import type { BatchLoader, ModeRun } from './mode.js';
import { ProgressMeter } from './progress/meter.js';
import type { Source } from './source/source.js';
import { countNewRows, countSourceWhole, countWarehouseWhole, planChecks, readSourceStats, reconcile, type ReconcileInput, type SourceStats } from './checks/reconcile.js';
import { advanceWatermark, clearTotals, readOrInitWatermark } from './state/watermark.js';
import type { Warehouse } from './warehouse/warehouse.js';
import { formatCount } from '../support/format-count.js';

/**
 * The load loop both modes share. One consistent source snapshot; keys above the
 * watermark and up to the snapshot's MAX(key), in key order; each batch lands in one
 * warehouse transaction that also moves the watermark to the batch's last key (and the
 * running totals the checks use). A crash or a cancel therefore leaves the warehouse at
 * a batch boundary with a watermark that matches it, and the next run picks up exactly
 * there. Batches may alternate between two warehouse sessions so that loading one
 * overlaps applying the one before (load/pipeline.ts); they still commit in key order.
 */

export function cancelledError(): ApiError {
  return new ApiError('cancelled', 'The sync was cancelled');
}

function plural(n: number, word: string): string {
  return `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;
}

export async function drive(
  env: {
    source: Source;
    warehouse: Warehouse;
    settings: SyncSettings;
    ctx: RunContext;
    sourceLabel: string;
    /** The source database, without the user: running totals kept for another source are not used. */
    sourceIdentity: string;
  },
  mode: ModeRun,
): Promise<SyncResult> {
  const { source, warehouse: wh, settings, ctx } = env;
  const signal = ctx.signal;
  const meter = new ProgressMeter(ctx);
  const notes = [...mode.notes];
  const stopIfCancelled = () => {
    if (signal.aborted) throw cancelledError();
  };
  for (const n of mode.notes) ctx.log('info', n);
  if (mode.defaultsKept.length) {
    ctx.log('info', `Warehouse columns with no source column keep their defaults: ${mode.defaultsKept.join(', ')}`);
  }

  meter.setPhase('waiting for lock');
  const release = await wh
    .lockTarget(mode.target, () => ctx.log('info', `Another sync of ${mode.target} is running; waiting for it to finish`), signal)
    .catch((err: unknown) => {
      throw signal.aborted ? cancelledError() : err;
    });
  let watermark: bigint | null = null;
  let batches = 0;
  let inserted = 0;
  const loaders: BatchLoader[] = [];
  let second: Promise<Session | null> | null = null;
  // A session for the warehouse's half of a first load's recount (see below), when there is no second one to borrow.
  let aside: Promise<Warehouse | null> | null = null;
  let finishing: Promise<string | null> | null = null;
  let succeeded = false;
  try {
    stopIfCancelled();
    meter.setPhase('watermark');
    const totalsOf = JSON.stringify([mode.totals.fingerprint, env.sourceIdentity]);
    const wm = await readOrInitWatermark(wh, mode.target, mode.keyColumn, mode.maxKeySql, totalsOf);
    const spec = { ...mode.totals, fingerprint: totalsOf };
    const plan = planChecks(wm, settings.fullCheck === true);
    // Batches of a run that does not keep the totals up must not leave old ones looking valid.
    if (!plan.maintain && wm.staleTotals) await clearTotals(wh, mode.target);
    watermark = wm.value;
    ctx.log(
      'info',
      wm.initialized
        ? `No watermark for ${mode.target} yet: starting from MAX(${mode.keyColumn}) of the warehouse table = ${wm.value ?? 'none (empty table)'}`
        : `Watermark of ${mode.target}: ${mode.keyColumn} ${wm.value ?? 'none'}`,
    );

    stopIfCancelled();
    meter.setPhase('snapshot');
    const how = await source.beginSnapshot();
    let stats = await readSourceStats(source, spec, wm, plan);
    const { upper } = stats;
    let newRows = stats.newRows;
    let sourceWhole: ReconcileInput['sourceWhole'];
    let warehouseWhole: ReconcileInput['warehouseWhole'];
    // The new rows of a later load are counted once they are read (checks/reconcile.ts, SourceStats).
    const countLater = !stats.counted && wm.value !== null;
    let newRowsCounted: Promise<SourceStats> | null = null;
    const countNew = (): Promise<SourceStats> => {
      newRowsCounted ??= countNewRows(source, spec, wm, upper!);
      newRowsCounted.catch(() => undefined);
      return newRowsCounted;
    };
    meter.totalRows = newRows;
    ctx.log(
      'info',
      `Snapshot taken on ${env.sourceLabel} (${how}, session time zone ${source.timeZone}): ` +
        (stats.counted
          ? plural(newRows, 'new row')
          : wm.value === null
            ? `first load, about ${plural(newRows, 'row')} by key range (counted exactly with the checks)`
            : `about ${plural(newRows, 'new row')} by key range (counted exactly once read)`) +
        (upper !== null ? `, keys above ${wm.value ?? 'none'} up to ${upper}` : ''),
    );

    ctx.log('info', await mode.prepare({ lower: wm.value, upper, newRows }));
    stopIfCancelled();

    if (newRows > 0 && upper !== null) {
      const extract = source.extract(
        { ...mode.extract, lookups: mode.lookups, labels: mode.labels, lower: wm.value, upper, batchRows: settings.batchRows, maxBatchBytes: wh.maxBatchBytes },
        (n) => meter.read(n),
      );
      // The source's connection is free once its rows are read, before the warehouse has
      // taken them all: the checks' counts start there, off the critical path.
      let sourceFreed = false;
      const sourceFree = () => {
        if (sourceFreed) return;
        sourceFreed = true;
        if (countLater) countNew();
        if (!plan.recount) return;
        sourceWhole = { upTo: upper, result: countSourceWhole(source, spec, upper) };
        sourceWhole.result.catch(() => undefined);
      };
      extract.readOff?.then(sourceFree);
      const onAbort = () => extract.abort(cancelledError());
      signal.addEventListener('abort', onAbort, { once: true });
      meter.setPhase('loading');
      const first = { wh, loader: await mode.loader(wh) };
      loaders.push(first.loader);
      // A second session pays off only when there is a second batch to overlap with the first.
      second = newRows > settings.batchRows && wh.openSibling ? openSecond(wh.openSibling.bind(wh), mode) : null;
      // Opened now, so it is ready by the time the key is built.
      if (!second && mode.finish && plan.recount && wh.openSibling) aside = wh.openSibling().catch(() => null);
      try {
        await runBatches({
          batches: extract.batches(),
          first,
          second,
          start: wm.value,
          async commit(tx, from, sum) {
            // The same statement adds what landed in (from, lastKey] to the warehouse's running totals.
            await advanceWatermark(tx, mode.target, from, sum.lastKey, plan.maintain ? spec.warehouseSql(from, sum.lastKey) : null);
            // A cancel that arrives after the rows went in still rolls this batch back.
            stopIfCancelled();
          },
          sourceRead: sourceFree,
          committed(r) {
            watermark = r.lastKey;
            batches++;
            inserted += r.inserted;
            meter.committed(r.inserted, r.rejected);
            ctx.log(
              'info',
              `Batch ${batches} committed: ${plural(r.rows, 'row')} read, ${formatCount(r.inserted)} inserted` +
                (r.rejected ? `, ${formatCount(r.rejected)} rejected to quarantine` : '') +
                `; watermark ${watermark} (${formatCount(meter.rowsRead)}/${formatCount(newRows)} rows, ${formatCount(meter.rate())} rows/s)`,
            );
          },
        });
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
      extract.zeroDates().forEach((n, i) => {
        if (!n) return;
        const msg = `${plural(n, 'zero date')} (0000-00-00 or with a zero month/day) in source column ${mode.labels[i]} became NULL`;
        notes.push(msg);
        ctx.log('warn', msg);
      });
    }
    stopIfCancelled();
    if (mode.finish) {
      meter.setPhase('building keys');
      // The key's sort lets readers in (state/pending-key.ts), so the warehouse's half of
      // a full recount reads the table on another session meanwhile: the two take turns
      // on nothing, and on a machine with a core to spare the count costs no time.
      const countOn = plan.recount ? ((await second)?.wh ?? (await aside)) : null;
      if (countOn) {
        const result = countWarehouseWhole(countOn, spec, watermark).catch(() => null);
        warehouseWhole = { upTo: watermark, result };
      }
      finishing = mode.finish();
      const done = await finishing;
      if (done) ctx.log('info', done);
    }

    meter.setPhase('checking');
    if (countLater) {
      stats = await countNew();
      newRows = stats.newRows;
    }
    ctx.log('info', `Checks: ${plan.reason}`);
    const checks = await reconcile({
      wh, source, spec, target: mode.target, plan, start: wm, stats, watermark, sourceWhole, warehouseWhole,
      warn: (message) => {
        notes.push(message);
        ctx.log('warn', message);
      },
    });
    // A first load learns its exact count from the full recount, read in the same snapshot.
    if (!stats.counted) newRows = sourceWhole && sourceWhole.upTo === watermark ? Number((await sourceWhole.result).n) : meter.rowsRead;
    meter.totalRows = newRows;
    if (meter.rowsRead !== newRows) {
      const msg = `The source gave ${meter.rowsRead} rows where the snapshot counted ${newRows}`;
      notes.push(msg);
      ctx.log('warn', msg);
    }
    const failed = checks.filter((c) => !c.ok);
    ctx.log(
      failed.length ? 'warn' : 'info',
      failed.length
        ? `Checks: ${failed.length} of ${checks.length} failed (${failed.map((c) => c.name).join(', ')})`
        : `Checks: all ${checks.length} passed`,
    );
    if (source.kind === 'mysql') notes.push(`Source session time zone ${source.timeZone}: TIMESTAMP values were read in it`);

    const durationMs = Math.round(meter.elapsedMs());
    meter.setPhase('done');
    succeeded = true;
    return {
      mode: mode.mode,
      lastRowid: wm.value === null ? null : Number(wm.value),
      newRows,
      inserted,
      watermark: watermark === null ? null : Number(watermark),
      batches,
      checks,
      defaultsKept: mode.defaultsKept,
      notes,
      sourceTimeZone: source.timeZone,
      durationMs,
      rowsPerSecond: meter.rate(),
    };
  } catch (err) {
    // The committed batches stay, so they are left as a finished table (its key built) where possible.
    if (mode.finish && !finishing) {
      try {
        const done = await mode.finish();
        if (done) ctx.log('info', done);
      } catch (finishErr) {
        ctx.log('warn', `Left for the next sync: ${finishErr instanceof Error ? finishErr.message : String(finishErr)}`);
      }
    }
    if (signal.aborted) {
      throw new ApiError(
        'cancelled',
        `The sync was cancelled: ${(batches === 1 ? '1 batch' : `${batches} batches`)} (${plural(inserted, 'row')}) had been committed, and the watermark of ${mode.target} is ${watermark ?? 'unset'}, so the next run carries on from there`,
      );
    }
    throw err;
  } finally {
    const closing = Promise.all([
      ...loaders.map((l) => l.close()),
      second?.then(async (s) => {
        if (!s) return;
        await s.loader.close().catch(() => undefined);
        await s.wh.close();
      }),
      aside?.then((a) => a?.close()),
    ]).catch(() => undefined);
    // Closing is what stops a statement still running after a failure or a cancel, so
    // those wait for it; a finished sync has committed everything, and its result does
    // not wait for the server to see the other sessions out (as run-sync.ts).
    if (!succeeded) await closing;
    await release().catch(() => undefined);
  }
}

/** Opens the second warehouse session and its loader; null (one session, as before) if that fails. */
async function openSecond(open: () => Promise<Warehouse>, mode: ModeRun): Promise<Session | null> {
  let wh: Warehouse | null = null;
  try {
    wh = await open();
    return { wh, loader: await mode.loader(wh) };
  } catch {
    await wh?.close().catch(() => undefined);
    return null;
  }
}
