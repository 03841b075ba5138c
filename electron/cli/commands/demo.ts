import { optionalInt, type Command } from '../command.js';
import { withEngine } from '../engine-session.js';
import { EXIT_FAILURE, EXIT_OK } from '../errors.js';
import { writeJson, writeLine } from '../io.js';
import { allChecksPassed, logPath, printSyncRun, progressPrinter } from '../report.js';
import { startAndWatch } from '../run-watch.js';

export const demoCommand: Command = {
  name: 'demo',
  summary: 'create (or reuse) the embedded demo workspace and run its one-click sync',
  help: `Usage: etl-studio demo [--rows N]

Sets up the demo on embedded PostgreSQL (PGlite, no server needed): a source seeded
with generated SoftCart sales and an empty star-schema warehouse, then runs the
workspace's one-click sync and prints the checks. Running it again reuses the demo,
so the second sync copies only new rows.

Options:
  --rows N    source rows to generate on first creation (default: the engine's demo size)`,
  options: {
    rows: { type: 'string' },
  },
  async run({ io, values, json, dataDir }) {
    const rows = optionalInt(values, 'rows', { min: 1, max: 5_000_000 });
    return withEngine(dataDir, async (session) => {
      if (!json) writeLine(io.stderr, 'Preparing the demo workspace (embedded databases)...');
      const workspace = await session.call('workspace.createDemo', rows === undefined ? {} : { rows });
      if (!json) writeLine(io.stderr, `Workspace "${workspace.name}": running the one-click sync...`);
      const progress = json ? null : progressPrinter(io);
      let record;
      try {
        record = await startAndWatch(session, () => session.call('sync.start', {}), {
          onProgress: (p) => progress?.update(p),
          cancelOnSigint: true,
          onCancelRequested: () => writeLine(io.stderr, '\nCancelling the run...'),
        });
      } finally {
        progress?.end();
      }
      const ok = record.status === 'success' && allChecksPassed(record.sync);
      if (json) {
        writeJson(io, {
          ok,
          workspace: workspace.name,
          dataDir,
          runId: record.id,
          status: record.status,
          error: record.error,
          logPath: logPath(record),
          ...(record.sync ?? {}),
        });
      } else {
        printSyncRun(io, record);
        writeLine(io.stdout, ok ? 'Demo sync OK.' : 'Demo sync FAILED.');
      }
      return ok ? EXIT_OK : EXIT_FAILURE;
    });
  },
};
