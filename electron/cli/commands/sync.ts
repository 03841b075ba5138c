import { ApiError } from '../../../shared/api/api-error.js';
import { oneOf, optionalInt, optionalString, requiredString, type Command } from '../command.js';
import { toConnectionRef } from '../connection-ref.js';
import { withEngine } from '../engine-session.js';
import { EXIT_FAILURE, EXIT_OK, UsageError } from '../errors.js';
import { writeJson, writeLine } from '../io.js';
import { allChecksPassed, logPath, printSyncRun, progressPrinter } from '../report.js';
import { startAndWatch } from '../run-watch.js';

export const syncCommand: Command = {
  name: 'sync',
  summary: 'incremental sync from a source database into a warehouse (replicate or star schema)',
  help: `Usage: etl-studio sync --source URL|PROFILE --warehouse URL|PROFILE [--mode replicate|star] [options]

Copies only the source rows above the warehouse's watermark, then checks row counts
(and sums) on both sides. Exit code 0 only if the sync succeeded and every check passed.

Options:
  --source URL|PROFILE     mysql://user:pass@host:3306/db, postgres://..., pglite:FOLDER, or a saved profile name
  --warehouse URL|PROFILE  where the rows go (postgres:// or pglite:FOLDER, or a profile name)
  --mode MODE              replicate (copy one table, default) or star (load the star schema)
  --table T                source table (default sales_data)
  --target T               warehouse table for replicate mode (default: same as --table)
  --key K                  integer key column that carries the watermark (default rowid)
  --query SQL              star mode: SELECT yielding orderid, ts, category, country, amount
  --measure COLUMN         replicate mode: column summed on both sides as a check
  --batch N                rows per load transaction (default 200000)
  --full-check             count both tables whole after the sync (normally only this run's rows
                           are counted and the rest comes from running totals; the first sync of
                           a target always counts in full)

Examples:
  etl-studio sync --source mysql://etl:secret@127.0.0.1:3306/sales --warehouse postgres://etl:secret@127.0.0.1/dw --mode star
  etl-studio sync --source "My MySQL" --warehouse "My warehouse" --json`,
  options: {
    source: { type: 'string' },
    warehouse: { type: 'string' },
    mode: { type: 'string' },
    table: { type: 'string' },
    target: { type: 'string' },
    key: { type: 'string' },
    query: { type: 'string' },
    measure: { type: 'string' },
    batch: { type: 'string' },
    'full-check': { type: 'boolean' },
  },
  async run({ io, values, json, dataDir }) {
    const source = requiredString(values, 'source');
    const warehouse = requiredString(values, 'warehouse');
    // The sync's schemas (zod) load here, not with the CLI, so --help answers without them.
    const { syncModes } = await import('../../../shared/sync/sync.js');
    const mode = oneOf(optionalString(values, 'mode'), 'mode', syncModes) ?? 'replicate';
    const batchRows = optionalInt(values, 'batch', { min: 1, max: 10_000_000 });
    const query = optionalString(values, 'query');
    if (query !== undefined && mode !== 'star') throw new UsageError('--query applies to --mode star only.');

    return withEngine(dataDir, async (session) => {
      const request = {
        source: await toConnectionRef(session, source, 'source'),
        warehouse: await toConnectionRef(session, warehouse, 'warehouse'),
        mode,
        table: optionalString(values, 'table'),
        target: optionalString(values, 'target'),
        key: optionalString(values, 'key'),
        query,
        measure: optionalString(values, 'measure'),
        batchRows,
        ...(values['full-check'] === true ? { fullCheck: true } : {}),
      };
      const progress = json ? null : progressPrinter(io);
      let record;
      try {
        record = await startAndWatch(session, () => session.call('sync.start', { request }), {
          onProgress: (p) => progress?.update(p),
          cancelOnSigint: true,
          onCancelRequested: () => writeLine(io.stderr, '\nCancelling the run (the current batch is rolled back)...'),
        });
      } catch (err) {
        if (err instanceof ApiError && err.code === 'validation') throw new UsageError(err.message);
        throw err;
      } finally {
        progress?.end();
      }
      const ok = record.status === 'success' && allChecksPassed(record.sync);
      if (json) {
        writeJson(io, {
          ok,
          runId: record.id,
          status: record.status,
          error: record.error,
          logPath: logPath(record),
          ...(record.sync ?? {}),
        });
      } else {
        printSyncRun(io, record);
        if (record.status === 'success' && !ok) writeLine(io.stderr, 'The sync finished but a check failed (see FAIL above).');
      }
      return ok ? EXIT_OK : EXIT_FAILURE;
    });
  },
};
