import { z } from 'zod';
import { timedEnv } from '../measure/process-env.js';
import { failureText, runTimed, type SpawnOptions, type TimedRun } from '../measure/timed-process.js';
import { cliBin, repoRoot } from './paths.js';

/**
 * ETL Studio as a user runs it from a shell: the built CLI (`npm run build:node`) in a
 * child process with --json, its answer checked against the fields the benchmark reads.
 */

const checkSchema = z.object({ name: z.string(), source: z.string(), warehouse: z.string(), ok: z.boolean() });

export const syncOutputSchema = z.object({
  ok: z.boolean(),
  status: z.string(),
  error: z.string().nullable().optional(),
  logPath: z.string().optional(),
  mode: z.enum(['replicate', 'star']).optional(),
  newRows: z.number().optional(),
  inserted: z.number().optional(),
  watermark: z.number().nullable().optional(),
  batches: z.number().optional(),
  checks: z.array(checkSchema).optional(),
  durationMs: z.number().optional(),
  rowsPerSecond: z.number().optional(),
});
export type SyncOutput = z.infer<typeof syncOutputSchema>;

export const generateOutputSchema = z.object({
  rows: z.number(),
  firstRowid: z.number(),
  lastRowid: z.number(),
  products: z.number(),
  customers: z.number(),
  durationMs: z.number(),
});
export type GenerateOutput = z.infer<typeof generateOutputSchema>;

const taskSchema = z.object({
  taskId: z.string(),
  state: z.string(),
  durationMs: z.number().nullable(),
  error: z.string().nullable().optional(),
  metrics: z.object({ rowsRead: z.number(), rowsWritten: z.number(), rowsRejected: z.number() }),
});

export const runOutputSchema = z.object({
  ok: z.boolean(),
  status: z.string(),
  error: z.string().nullable().optional(),
  durationMs: z.number().nullable(),
  folder: z.string(),
  tasks: z.array(taskSchema),
});
export type RunOutput = z.infer<typeof runOutputSchema>;

export class EtlCliError extends Error {}

export interface EtlCli {
  dataDir: string;
}

function parseOutput<T>(schema: z.ZodType<T>, run: TimedRun, what: string): T {
  if (run.timedOut) throw new EtlCliError(failureText(`etl-studio ${what}`, run));
  let json: unknown;
  try {
    json = JSON.parse(run.stdout);
  } catch {
    throw new EtlCliError(`etl-studio ${what} exited with ${run.code} and no JSON answer:\n${run.stderr.trim() || run.stdout.trim()}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new EtlCliError(`etl-studio ${what} answered an unexpected shape: ${parsed.error.message}\n${run.stdout.slice(0, 2000)}`);
  return parsed.data;
}

/** `node [nodeArgs] bin/etl-studio.js COMMAND ... --json --data-dir DIR`, timed. */
export async function runEtl(cli: EtlCli, args: string[], opts: SpawnOptions & { nodeArgs?: string[] } = {}): Promise<TimedRun> {
  return runTimed(process.execPath, [...(opts.nodeArgs ?? []), cliBin(), ...args, '--json', '--data-dir', cli.dataDir], { cwd: repoRoot(), env: timedEnv(), ...opts });
}

export async function generateSoftcart(cli: EtlCli, opts: { rows: number; seed: number; intoUrl: string; append?: boolean }): Promise<GenerateOutput & { wallMs: number }> {
  const args = ['generate', 'softcart', '--rows', String(opts.rows), '--seed', String(opts.seed), '--into', opts.intoUrl];
  if (opts.append) args.push('--append');
  const run = await runEtl(cli, args, { timeoutMs: 600_000 + Math.ceil(opts.rows / 1_000_000) * 120_000 });
  if (run.code !== 0) throw new EtlCliError(failureText('etl-studio generate', run));
  return { ...parseOutput(generateOutputSchema, run, 'generate'), wallMs: run.wallMs };
}

export async function syncTimed(
  cli: EtlCli,
  opts: { mode: 'replicate' | 'star'; sourceUrl: string; warehouseUrl: string; nodeArgs?: string[]; timeoutMs?: number },
): Promise<{ run: TimedRun; result: SyncOutput }> {
  // RSS sampled every 250 ms: does memory stay flat as the rows stream through?
  const run = await runEtl(cli, ['sync', '--mode', opts.mode, '--source', opts.sourceUrl, '--warehouse', opts.warehouseUrl], { nodeArgs: opts.nodeArgs, sampleRssMs: 250, timeoutMs: opts.timeoutMs ?? 1_800_000 });
  const result = parseOutput(syncOutputSchema, run, `sync --mode ${opts.mode}`);
  if (!result.ok) {
    const failed = (result.checks ?? []).filter((c) => !c.ok).map((c) => `${c.name}: source ${c.source}, warehouse ${c.warehouse}`);
    throw new EtlCliError(`etl-studio sync --mode ${opts.mode} did not succeed (${result.status}): ${result.error ?? failed.join('; ')}`);
  }
  return { run, result };
}

export async function runPipelineTimed(cli: EtlCli, file: string, params: Record<string, string>): Promise<{ run: TimedRun; result: RunOutput }> {
  const args = ['run', file, ...Object.entries(params).flatMap(([k, v]) => ['--param', `${k}=${v}`])];
  const run = await runEtl(cli, args, { timeoutMs: 1_800_000 });
  const result = parseOutput(runOutputSchema, run, `run ${file}`);
  if (!result.ok) {
    const failed = result.tasks.filter((t) => t.state !== 'success' && t.state !== 'skipped').map((t) => `${t.taskId} ${t.state}: ${t.error ?? ''}`);
    throw new EtlCliError(`etl-studio run ${file} did not succeed (${result.status}): ${result.error ?? failed.join('; ')}`);
  }
  return { run, result };
}
