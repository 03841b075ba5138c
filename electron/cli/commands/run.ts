import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '../../../shared/api/api-error.js';
import type { EventPayload } from '../../../shared/api/contract.js';
import type { Pipeline } from '../../../shared/pipeline/pipeline.js';
import type { TaskRunRecord } from '../../../shared/pipeline/task-state.js';
import type { RunRecord } from '../../../shared/runs/run.js';
import { optionalInt, type Command, type OptionValues } from '../command.js';
import { withEngine } from '../engine-session.js';
import { CliFailure, EXIT_FAILURE, EXIT_OK, UsageError } from '../errors.js';
import { writeJson, writeLine, type CliIo } from '../io.js';
import { formatNumber } from '../numbers.js';
import { logPath } from '../report.js';
import { startAndWatch } from '../run-watch.js';

const duration = (ms: number | null) => (ms === null ? '-' : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);

/** `--param NAME=VALUE` values; relative paths of path parameters are taken from the current folder. */
function readParams(values: OptionValues, pipeline: Pipeline, cwd: string): Record<string, string> {
  const raw = values.param;
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const out: Record<string, string> = {};
  for (const item of list) {
    if (typeof item !== 'string') throw new UsageError('--param needs NAME=VALUE.');
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`--param must look like NAME=VALUE, got "${item}".`);
    const name = item.slice(0, eq).trim();
    const value = item.slice(eq + 1);
    const declared = pipeline.parameters.find((p) => p.name === name);
    if (!declared) {
      const names = pipeline.parameters.map((p) => p.name);
      throw new UsageError(`The pipeline has no parameter "${name}"${names.length ? ` (it has: ${names.join(', ')})` : ' (it declares none)'}.`);
    }
    out[name] = declared.kind === 'path' && value !== '' && !path.isAbsolute(value) ? path.resolve(cwd, value) : value;
  }
  return out;
}

function stateMark(state: TaskRunRecord['state']): string {
  switch (state) {
    case 'success': return 'ok';
    case 'failed': return 'FAILED';
    case 'skipped': return 'skipped';
    case 'cancelled': return 'cancelled';
    default: return state;
  }
}

function taskLine(t: TaskRunRecord): string {
  const m = t.metrics;
  const figures = t.state === 'skipped' || t.state === 'cancelled' || t.reason === 'reused'
    ? (t.reason === 'upstream_failed' ? 'an upstream task failed' : t.reason === 'condition' ? 'left out (its parameter has no value)' : t.reason === 'reused' ? 'reused from the earlier run' : '')
    : `${formatNumber(m.rowsRead)} read, ${formatNumber(m.rowsWritten)} written${m.rowsRejected ? `, ${formatNumber(m.rowsRejected)} rejected` : ''}, ${duration(t.durationMs)}`;
  const attempts = t.attempts > 1 ? ` (${t.attempts} attempts)` : '';
  return `${stateMark(t.state)} ${t.taskId}${attempts}${figures ? `: ${figures}` : ''}${t.state === 'failed' && t.error ? ` — ${t.error}` : ''}`;
}

/** The finished run as a table, one row per task in run order. */
function printTable(io: CliIo, tasks: TaskRunRecord[]): void {
  const rows = tasks.map((t) => [
    t.taskId, t.kind, t.state + (t.reason ? ` (${t.reason})` : ''), String(t.attempts),
    formatNumber(t.metrics.rowsRead), formatNumber(t.metrics.rowsWritten), formatNumber(t.metrics.rowsRejected),
    formatNumber(Math.round(t.metrics.rowsPerSecond)), duration(t.durationMs),
  ]);
  const head = ['TASK', 'KIND', 'STATE', 'TRIES', 'READ', 'WRITTEN', 'REJECTED', 'ROWS/S', 'TIME'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const numeric = new Set([3, 4, 5, 6, 7, 8]);
  const fmt = (r: string[]) => r.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  writeLine(io.stdout, fmt(head));
  for (const r of rows) writeLine(io.stdout, fmt(r));
  for (const t of tasks) if (t.state === 'failed' && t.error) writeLine(io.stdout, `${t.taskId}: ${t.error}`);
}

export const runCommand: Command = {
  name: 'run',
  summary: 'run a pipeline file headless (the same runner and logs as the app)',
  help: `Usage: etl-studio run PIPELINE.json [--param NAME=VALUE ...] [--max-parallel N]

Runs every task of the pipeline in dependency order, independent branches in parallel,
with the retries and timeouts the file sets. Prints each task's state and figures as it
ends, then a table. Exit code 0 only if every task succeeded (tasks left out by their
runIf parameter count as fine); 1 if a task failed or the run was cancelled (Ctrl-C
cancels cleanly).

Options:
  --param NAME=VALUE   a pipeline parameter (repeat for several); a connection takes a
                       saved profile name or a URL, a relative path is from this folder
  --max-parallel N     tasks running at once (default 2)

Examples:
  etl-studio run assets/templates/process-web-log.json
  etl-studio run softcart-star.json --param source="My MySQL" --param warehouse=postgres://etl@127.0.0.1/dw --json`,
  options: {
    param: { type: 'string', multiple: true },
    'max-parallel': { type: 'string' },
  },
  positionals: true,
  async run({ io, values, positionals, json, verbose, dataDir }) {
    if (positionals.length !== 1) {
      throw new UsageError(positionals.length === 0 ? 'Give the pipeline file to run.' : `Give one pipeline file, got ${positionals.length}.`);
    }
    const file = path.resolve(positionals[0]!);
    // The pipeline schemas (zod) load here, not with the CLI, so --help answers without them.
    const { openPipelineText, PipelineFormatError } = await import('../../../shared/pipeline/migrate.js');
    let pipeline: Pipeline;
    try {
      pipeline = openPipelineText(await readFile(file, 'utf8')).pipeline;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new CliFailure(`No pipeline file at ${file}.`);
      if (e instanceof PipelineFormatError) throw new CliFailure([`${file}: ${e.message}`, ...e.issues.slice(1).map((i) => `  ${i.message}`)].join('\n'));
      throw e;
    }
    const params = readParams(values, pipeline, process.cwd());
    const maxParallel = optionalInt(values, 'max-parallel', { min: 1, max: 64 });

    return withEngine(dataDir, async (session) => {
      let runId: string | null = null;
      const early: EventPayload<'task.state'>[] = [];
      const announced = new Set<string>();
      // Live lines on stderr as tasks move, so a long run shows where it is.
      const onTask = (e: EventPayload<'task.state'>) => {
        if (json) return;
        const key = `${e.taskId}#${e.attempt}#${e.state}`;
        if (e.state === 'queued' || announced.has(key)) return;
        announced.add(key);
        if (e.state === 'running') writeLine(io.stderr, `... ${e.taskId} ${e.attempt === 0 ? 'started' : `retry ${e.attempt}`}`);
        else if (e.state === 'retrying') writeLine(io.stderr, `... ${e.taskId} failed (attempt ${e.attempt + 1}), will retry: ${e.error ?? ''}`);
        else {
          const durationMs = e.startedAt && e.finishedAt ? Date.parse(e.finishedAt) - Date.parse(e.startedAt) : null;
          writeLine(io.stderr, taskLine({
            taskId: e.taskId, kind: '', name: '', state: e.state, attempts: e.attempt + 1, error: e.error ?? null, reason: e.reason ?? null,
            startedAt: e.startedAt ?? null, finishedAt: e.finishedAt ?? null, durationMs, metrics: e.metrics,
          }));
        }
      };
      const unsubscribe = session.engine.subscribe((name, payload) => {
        if (name === 'task.state') {
          const e = payload as EventPayload<'task.state'>;
          if (runId === null) early.push(e);
          else if (e.runId === runId) onTask(e);
        } else if (name === 'run.log' && verbose && !json) {
          const batch = payload as EventPayload<'run.log'>;
          if (batch.runId === runId) for (const l of batch.lines) writeLine(io.stderr, `${l.time} ${l.level.padEnd(5)} ${l.taskId ? `[${l.taskId}] ` : ''}${l.message}`);
        }
      });
      let record: RunRecord;
      try {
        record = await startAndWatch(session, async () => {
          const started = await session.call('pipelines.run', { path: file, params, ...(maxParallel ? { maxParallel } : {}) });
          runId = started.runId;
          for (const e of early.splice(0)) if (e.runId === runId) onTask(e);
          return started;
        }, {
          cancelOnSigint: true,
          onCancelRequested: () => writeLine(io.stderr, '\nCancelling the run (running tasks stop and roll back)...'),
        });
      } catch (err) {
        if (err instanceof ApiError && err.code === 'validation') {
          throw new CliFailure([err.message, ...(err.issues ?? []).slice(1).map((i) => `  ${i.message}`)].join('\n'));
        }
        throw err;
      } finally {
        unsubscribe();
      }
      const tasks = record.tasks ?? (await session.call('runs.tasks', { runId: record.id })).tasks;
      const ok = record.status === 'success';
      if (json) {
        writeJson(io, {
          ok, runId: record.id, pipeline: pipeline.name, file, status: record.status, error: record.error,
          durationMs: record.durationMs, folder: record.folder, logPath: logPath(record), tasks,
        });
      } else {
        writeLine(io.stdout);
        printTable(io, tasks);
        writeLine(io.stdout);
        writeLine(io.stdout, `Run ${record.id} ${record.status} in ${duration(record.durationMs)}${record.error && !ok ? `: ${record.error}` : ''}`);
        writeLine(io.stdout, `Artifacts: ${record.folder}`);
        writeLine(io.stdout, `Log: ${logPath(record)}`);
      }
      return ok ? EXIT_OK : EXIT_FAILURE;
    });
  },
};
