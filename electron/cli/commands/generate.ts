import { describeConnection } from '../../engine/connections/resolved.js';
import { optionalInt, requiredString, type Command } from '../command.js';
import { withEngine } from '../engine-session.js';
import { EXIT_OK, UsageError } from '../errors.js';
import { writeJson, writeLine } from '../io.js';
import { formatNumber } from '../numbers.js';

export const generateCommand: Command = {
  name: 'generate',
  summary: 'fill a database with seeded SoftCart sales data (for tests, demos, benchmarks)',
  help: `Usage: etl-studio generate softcart --rows N --seed S --into URL|PROFILE [--append]

Creates the SoftCart operational tables (sales_data, products, customers) and fills
them with deterministic data: the same seed gives the same rows on MySQL, PostgreSQL
and PGlite. Without --append the tables are recreated.

Options:
  --rows N              sales rows to write
  --seed S              seed of the generator (default 1)
  --into URL|PROFILE    mysql://..., postgres://..., pglite:FOLDER, or a saved profile name
  --append              keep the existing rows and add N more after the highest rowid`,
  positionals: true,
  options: {
    rows: { type: 'string' },
    seed: { type: 'string' },
    into: { type: 'string' },
    append: { type: 'boolean' },
  },
  async run({ io, values, positionals, json, dataDir }) {
    const [dataset, ...extra] = positionals;
    if (dataset !== 'softcart') {
      throw new UsageError(dataset ? `Unknown data set "${dataset}"; the one available is softcart.` : 'Name the data set: etl-studio generate softcart ...');
    }
    if (extra.length > 0) throw new UsageError(`Unexpected argument "${extra[0]}".`);
    const rows = optionalInt(values, 'rows', { min: 0, max: 2_000_000_000 });
    if (rows === undefined) throw new UsageError('--rows is required.');
    const seed = optionalInt(values, 'seed', { min: -2_147_483_648, max: 2_147_483_647 }) ?? 1;
    const into = requiredString(values, 'into');
    const append = values.append === true;

    const { generateSoftcart } = await import('../../engine/generator/softcart.js');
    return withEngine(dataDir, async ({ services }) => {
      const connection = await services.resolveConnection(into);
      const controller = new AbortController();
      const onSigint = () => controller.abort();
      process.once('SIGINT', onSigint);
      const started = Date.now();
      try {
        if (!json) writeLine(io.stderr, `Generating ${formatNumber(rows)} SoftCart rows (seed ${seed}) into ${describeConnection(connection)}${append ? ', appending' : ''}...`);
        const result = await generateSoftcart({
          rows,
          seed,
          into: connection,
          append,
          signal: controller.signal,
          onProgress: json ? undefined : (written) => writeLine(io.stderr, `  ${formatNumber(written)} / ${formatNumber(rows)} rows`),
        });
        const durationMs = Date.now() - started;
        if (json) writeJson(io, { ...result, seed, append, durationMs });
        else {
          writeLine(io.stdout, `Wrote ${formatNumber(result.rows)} rows (rowid ${result.firstRowid} to ${result.lastRowid}), ${result.products} products, ${result.customers} customers in ${(durationMs / 1000).toFixed(1)} s.`);
        }
        return EXIT_OK;
      } finally {
        process.off('SIGINT', onSigint);
      }
    });
  },
};
