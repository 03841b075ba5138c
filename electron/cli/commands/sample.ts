import type { SampleLoadResult } from '../../../shared/sync/sync.js';
import { secretsOf } from '../../engine/api/handlers/connection-label.js';
import { describeConnection } from '../../engine/connections/resolved.js';
import { requiredString, type Command } from '../command.js';
import { withEngine } from '../engine-session.js';
import { EXIT_FAILURE, EXIT_OK, UsageError } from '../errors.js';
import { writeJson, writeLine } from '../io.js';
import { failureLine, logPath, progressPrinter, sampleLines } from '../report.js';
import { startAndWatch } from '../run-watch.js';

export const sampleCommand: Command = {
  name: 'sample',
  summary: "load the coursework's SoftCart sample (sales.sql into the source, sales.csv into the warehouse)",
  help: `Usage: etl-studio sample softcart --source URL|PROFILE --warehouse URL|PROFILE

Loads the capstone's files as the coursework does: sales.sql (a MySQL 8 dump) into the
source database and sales.csv into the warehouse's sales_data table, adapting what
the files need (collation, spaces in the CSV header) and saying what it changed.
Then "etl-studio sync --mode replicate" copies the rows the warehouse lacks.

Options:
  --source URL|PROFILE     mysql://..., postgres://..., pglite:FOLDER, or a saved profile name
  --warehouse URL|PROFILE  postgres://..., pglite:FOLDER, or a saved profile name`,
  positionals: true,
  options: {
    source: { type: 'string' },
    warehouse: { type: 'string' },
  },
  async run({ io, values, positionals, json, dataDir }) {
    const [dataset, ...extra] = positionals;
    if (dataset !== undefined && dataset !== 'softcart') throw new UsageError(`Unknown sample "${dataset}"; the one available is softcart.`);
    if (extra.length > 0) throw new UsageError(`Unexpected argument "${extra[0]}".`);
    const sourceText = requiredString(values, 'source');
    const warehouseText = requiredString(values, 'warehouse');
    const { loadSoftcartSample } = await import('../../engine/sample/softcart-sample.js');

    return withEngine(dataDir, async (session) => {
      const { services } = session;
      const [source, warehouse] = await Promise.all([services.resolveConnection(sourceText), services.resolveConnection(warehouseText)]);
      const progress = json ? null : progressPrinter(io);
      let record;
      try {
        // The same run as the app's "Load sample" (log, history), but on URLs as well as profiles.
        record = await startAndWatch(
          session,
          async () =>
            services.runs.start<SampleLoadResult>(
              'sample',
              `Load the SoftCart sample into ${describeConnection(source)} and ${describeConnection(warehouse)}`,
              (ctx) => loadSoftcartSample({ source, warehouse }, ctx),
              (rec, result) => {
                rec.sample = result;
              },
              { secrets: secretsOf(source, warehouse) },
            ),
          { onProgress: (p) => progress?.update(p), cancelOnSigint: true },
        );
      } finally {
        progress?.end();
      }
      const ok = record.status === 'success';
      if (json) {
        writeJson(io, { ok, runId: record.id, status: record.status, error: record.error, logPath: logPath(record), ...(record.sample ?? {}) });
      } else {
        if (!ok) writeLine(io.stderr, failureLine(record));
        if (record.sample) for (const line of sampleLines(record.sample)) writeLine(io.stdout, line);
        writeLine(io.stdout, `Log: ${logPath(record)}`);
      }
      return ok ? EXIT_OK : EXIT_FAILURE;
    });
  },
};
