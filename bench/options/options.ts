import { parseArgs } from 'node:util';

export interface BenchOptions {
  /** Source sizes in rows, smallest first; the last one also gets the incremental case. */
  sizes: number[];
  runs: number;
  /** Runs per case at sizes up to SMALL_SIZE_ROWS, where one run lasts well under a second. */
  smallRuns: number;
  seed: number;
  /** Rows of the row-by-row sample, extrapolated to each size. */
  rowByRowSample: number;
  weblog: boolean;
  /** Skip the MariaDB -> PostgreSQL cases (web log only). */
  db: boolean;
  profile: boolean;
  quick: boolean;
  big: boolean;
  /** Size of the generated web log in bytes. */
  weblogBytes: number;
  /** Where latest.md / latest.json go. */
  resultsDir: string;
  /** Only rebuild latest.md (and the profile summary, targets) from latest.json. */
  rerender: boolean;
}

export const USAGE = `Usage: npm run bench -- [options]

  --quick            100 k rows only, 1 run (smoke test)
  --big              add the 10 M size
  --runs N           runs per case, median reported (default 3; 7 up to 200 000 rows,
                     where a run lasts a fraction of a second and one stall moves it most)
  --sizes A,B        explicit sizes in rows (e.g. 50000,200000)
  --seed S           generator seed (default 1)
  --weblog           also run the web-log benchmark (1 GB log, cached under /tmp)
  --weblog-only      only the web-log benchmark
  --weblog-mb N      size of the generated log in MiB (default 1024)
  --profile          also profile the replicate sync under node --cpu-prof (1 M rows)
  --results DIR      where latest.md / latest.json are written (default bench/results)
  --rerender         measure nothing: rebuild latest.md from latest.json (and the saved profile)
  --help`;

export class UsageError extends Error {}

/** Sizes up to this many rows run `smallRuns` times. */
export const SMALL_SIZE_ROWS = 200_000;

function positiveInt(text: string, flag: string): number {
  const n = Number(text.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} needs a whole number of 1 or more (got "${text}")`);
  return n;
}

export function parseOptions(argv: string[], defaultResultsDir: string): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      quick: { type: 'boolean' },
      big: { type: 'boolean' },
      runs: { type: 'string' },
      sizes: { type: 'string' },
      seed: { type: 'string' },
      weblog: { type: 'boolean' },
      'weblog-only': { type: 'boolean' },
      'weblog-mb': { type: 'string' },
      profile: { type: 'boolean' },
      results: { type: 'string' },
      rerender: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return 'help';
  const quick = values.quick === true;
  const big = values.big === true;
  let sizes = quick ? [100_000] : big ? [100_000, 1_000_000, 10_000_000] : [100_000, 1_000_000];
  if (values.sizes !== undefined) sizes = values.sizes.split(',').map((s) => positiveInt(s.trim(), '--sizes'));
  sizes = [...new Set(sizes)].sort((a, b) => a - b);
  const runs = values.runs !== undefined ? positiveInt(values.runs, '--runs') : quick ? 1 : 3;
  const smallRuns = values.runs !== undefined || quick ? runs : 7;
  const seed = values.seed !== undefined ? Number(values.seed) : 1;
  if (!Number.isInteger(seed)) throw new UsageError(`--seed needs a whole number (got "${values.seed}")`);
  const weblogOnly = values['weblog-only'] === true;
  const weblogMiB = values['weblog-mb'] !== undefined ? positiveInt(values['weblog-mb'], '--weblog-mb') : 1024;
  return {
    sizes,
    runs,
    smallRuns,
    seed,
    rowByRowSample: Math.min(20_000, sizes[0]!),
    weblog: weblogOnly || values.weblog === true,
    db: !weblogOnly,
    profile: values.profile === true,
    quick,
    big,
    weblogBytes: weblogMiB * 1024 * 1024,
    resultsDir: values.results ?? defaultResultsDir,
    rerender: values.rerender === true,
  };
}
