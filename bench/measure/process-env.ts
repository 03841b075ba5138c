import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/**
 * The environment every process the benchmark times runs in: this machine's, less the
 * variables that change how a Node process starts and nothing the benchmark measures.
 *
 * NODE_EXTRA_CA_CERTS makes Node read and parse the certificate file it names before it
 * runs any code (here the whole system CA bundle: ~40 ms of every start, measured in
 * `nodeStartCost`). It only matters to TLS, and no connection in the benchmark uses TLS;
 * the peers (mysql, psql, pgloader) never read it. A machine that does not set it (Node's
 * default) starts ETL Studio's CLI that much sooner, so that is how it is timed, and the
 * report says what the variable would add.
 */
export const NOT_TIMED_WITH = ['NODE_EXTRA_CA_CERTS'] as const;

export function timedEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const name of NOT_TIMED_WITH) delete env[name];
  return env;
}

export interface NodeStartCost {
  /** The variables this machine sets that the timed runs go without, with their values. */
  cleared: Record<string, string>;
  /** Median wall ms of `node -e 0` with this machine's environment, and without them. */
  withMachineEnvMs: number;
  timedEnvMs: number;
}

const run = promisify(execFile);

async function medianStartMs(env: NodeJS.ProcessEnv, times: number): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    await run(process.execPath, ['-e', '0'], { env });
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return Math.round(ms[Math.floor(ms.length / 2)]!);
}

/** What the cleared variables cost a Node start on this machine; null when none is set. */
export async function nodeStartCost(times = 7): Promise<NodeStartCost | null> {
  const cleared: Record<string, string> = {};
  for (const name of NOT_TIMED_WITH) if (process.env[name]) cleared[name] = process.env[name]!;
  if (Object.keys(cleared).length === 0) return null;
  const withMachineEnvMs = await medianStartMs(process.env, times);
  const timedEnvMs = await medianStartMs(timedEnv(), times);
  return { cleared, withMachineEnvMs, timedEnvMs };
}
