/**
 * Runs one sync in a process of its own, for the crash test (which SIGKILLs it
 * mid-load) and for throwaway measurements. Input: one JSON argument
 * { source, warehouse, settings }. Output: JSON lines on stdout, one per log line,
 * then the result (or the error).
 */
import { syncSettingsSchema } from '../../../../shared/sync/sync.js';
import type { ResolvedConnection } from '../../connections/resolved.js';
import type { RunContext } from '../../runs/run-context.js';
import { runSync } from '../run-sync.js';

interface ChildInput {
  source: ResolvedConnection;
  warehouse: ResolvedConnection;
  settings: unknown;
}

function emit(line: object): void {
  process.stdout.write(JSON.stringify(line) + '\n');
}

async function main(): Promise<void> {
  const input = JSON.parse(process.argv[2] ?? '{}') as ChildInput;
  const controller = new AbortController();
  process.on('SIGTERM', () => controller.abort());
  const ctx: RunContext = {
    runId: `child-${process.pid}`,
    signal: controller.signal,
    folder: process.cwd(),
    log: (level, message) => emit({ type: 'log', level, message }),
    progress: () => undefined,
  };
  // ETL_SYNC_MEMTRACE=1 prints the process's memory every 250 ms (stderr), for measurements.
  const trace = process.env.ETL_SYNC_MEMTRACE
    ? setInterval(() => {
        const m = process.memoryUsage();
        const mib = (n: number) => Math.round(n / 1048576);
        process.stderr.write(`mem rss=${mib(m.rss)} heapUsed=${mib(m.heapUsed)} heapTotal=${mib(m.heapTotal)} external=${mib(m.external)} arrayBuffers=${mib(m.arrayBuffers)}\n`);
      }, 250)
    : null;
  try {
    const result = await runSync({ source: input.source, warehouse: input.warehouse, settings: syncSettingsSchema.parse(input.settings) }, ctx);
    if (trace) clearInterval(trace);
    const cpu = process.cpuUsage();
    emit({ type: 'result', result, peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024), cpuMs: Math.round((cpu.user + cpu.system) / 1000) });
    process.exit(0);
  } catch (err) {
    emit({ type: 'error', message: err instanceof Error ? err.message : String(err) });
    process.exit(1);
  }
}

void main();
