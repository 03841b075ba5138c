import { mkdtemp, readFile, rm, writeFile, access } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { extendCatalog, type TaskKindInfo } from '../../../shared/pipeline/catalog.js';
import { pipelineSchema, type PipelineInput } from '../../../shared/pipeline/pipeline.js';
import type { TaskStateEvent } from '../../../shared/pipeline/task-state.js';
import type { LogLevel } from '../../../shared/runs/run.js';
import type { RunContext } from '../runs/run-context.js';
import { registerTaskKind, unregisterTaskKind } from './registry.js';
import { PipelineInvalidError, runPipeline, type RunPipelineOptions } from './run-pipeline.js';
import type { TaskContext } from './task-kind.js';

/*
 * Small real task kinds: they write files, sleep on the abort signal, fail on demand,
 * and record how many of them run at once.
 */

const kindName = (k: string) => `rp_test.${k}`;
let live = 0;
let peak = 0;
const attemptTimes = new Map<string, number[]>();

function abortable(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const t = setTimeout(() => { signal.removeEventListener('abort', onAbort); resolve(); }, ms);
    const onAbort = () => { clearTimeout(t); reject(signal.reason); };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

const workSchema = z.object({
  text: z.string().default(''),
  sleepMs: z.number().int().min(0).default(0),
  /** Fail this many attempts before succeeding; counted per run and task. */
  failTimes: z.number().int().min(0).default(0),
  /** Fail while this file exists. */
  failIfExists: z.string().optional(),
  /** Append a line to this file on each attempt (counts attempts across runs). */
  countFile: z.string().optional(),
  /** On success, publish the output here (a stand-in for merging into a target). */
  mergeTo: z.string().optional(),
  ignoreSignal: z.boolean().default(false),
});
type WorkConfig = z.output<typeof workSchema>;

async function work(config: WorkConfig, ctx: TaskContext) {
  const key = `${ctx.runId}/${ctx.taskId}`;
  attemptTimes.set(key, [...(attemptTimes.get(key) ?? []), Date.now()]);
  live++;
  peak = Math.max(peak, live);
  try {
    if (config.countFile) await writeFile(config.countFile, 'x\n', { flag: 'a' });
    // Concatenate the upstream files, so a test can see what a task received.
    const upstream: string[] = [];
    for (const id of Object.keys(ctx.inputs).sort()) {
      const art = ctx.inputs[id]!.artifacts[0];
      if (art?.path) upstream.push(await readFile(art.path, 'utf8'));
    }
    const body = [...upstream, `${ctx.taskId}:${config.text}`].join('|');
    const staging = path.join(ctx.taskFolder, 'out.txt');
    await writeFile(staging, body);
    for (let i = 1; i <= 200; i++) ctx.metrics({ rowsRead: i, rowsWritten: i });
    ctx.log('info', `wrote ${staging}`);
    if (config.ignoreSignal) await new Promise((r) => setTimeout(r, config.sleepMs));
    else await abortable(config.sleepMs, ctx.signal);
    if (ctx.attempt < config.failTimes) throw new Error(`planned failure ${ctx.attempt + 1}`);
    if (config.failIfExists) {
      const exists = await access(config.failIfExists).then(() => true, () => false);
      if (exists) throw new Error('the flag file says fail');
    }
    if (config.mergeTo) await writeFile(config.mergeTo, body);
    return { artifacts: [{ name: 'out', path: staging, rows: 200 }], metrics: { rowsRead: 200, rowsWritten: 200, rowsRejected: 0, rowsPerSecond: 0, durationMs: 0 }, values: { text: config.text } };
  } finally {
    live--;
  }
}

const info: TaskKindInfo = {
  kind: kindName('work'), label: 'Work', description: 'test', category: 'transform', inputs: '', outputs: '', icon: 'x',
  configSchema: workSchema,
};
const catalog = extendCatalog([info]);

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'etl-runpipe-'));
  registerTaskKind<WorkConfig>({ kind: kindName('work'), run: work });
});
afterAll(async () => {
  unregisterTaskKind(kindName('work'));
  await rm(root, { recursive: true, force: true });
});

type TaskSpec = { id: string; config?: Partial<WorkConfig>; retries?: number; retryDelayMs?: number; timeoutMs?: number };
function pipeline(tasks: TaskSpec[], edges: [string, string][], extra: Partial<PipelineInput> = {}) {
  return pipelineSchema.parse({
    format: 'etl-studio.pipeline', version: 2, name: 'test',
    tasks: tasks.map((t) => ({ id: t.id, kind: kindName('work'), config: t.config ?? {}, retries: t.retries, retryDelayMs: t.retryDelayMs, timeoutMs: t.timeoutMs })),
    edges: edges.map(([from, to]) => ({ from, to })),
    ...extra,
  });
}

let runCounter = 0;
function harness() {
  const controller = new AbortController();
  const runId = `run${++runCounter}`;
  const folder = path.join(root, runId);
  const logs: { level: LogLevel; message: string; taskId?: string }[] = [];
  const events: TaskStateEvent[] = [];
  const runContext: RunContext = {
    runId, signal: controller.signal, folder,
    log: (level, message, taskId) => { logs.push({ level, message, ...(taskId ? { taskId } : {}) }); },
    progress: () => undefined,
  };
  const opts = (more: Partial<RunPipelineOptions> = {}): RunPipelineOptions => ({
    params: {}, runContext, catalog, maxParallel: 2, random: () => 1,
    resolveConnection: async () => { throw new Error('no connections in this test'); },
    onTaskState: (e) => events.push(e),
    ...more,
  });
  return { controller, runId, folder, logs, events, opts };
}

const stateOf = (r: { tasks: { taskId: string; state: string }[] }) => Object.fromEntries(r.tasks.map((t) => [t.taskId, t.state]));

describe('runPipeline', () => {
  it('runs in dependency order and never more tasks at once than maxParallel', async () => {
    for (const maxParallel of [1, 2, 3]) {
      peak = 0;
      const h = harness();
      const p = pipeline(
        [...'abcdef'].map((id) => ({ id, config: { sleepMs: 60, text: id } })).concat([{ id: 'join', config: { text: 'j', sleepMs: 0 } }]),
        [...'abcdef'].map((id) => [id, 'join'] as [string, string]),
      );
      const started = Date.now();
      const r = await runPipeline(p, h.opts({ maxParallel }));
      expect(r.status).toBe('success');
      expect(peak).toBe(maxParallel);
      expect(Date.now() - started).toBeGreaterThanOrEqual(Math.ceil(6 / maxParallel) * 60 - 5);
      // The join task saw every upstream file, so it ran after all of them.
      expect(await readFile(path.join(h.folder, 'join', 'out.txt'), 'utf8')).toBe('a:a|b:b|c:c|d:d|e:e|f:f|join:j');
      const output = JSON.parse(await readFile(path.join(h.folder, 'join', 'output.json'), 'utf8'));
      expect(output.output.artifacts[0].rows).toBe(200);
    }
  });

  it('retries with exponential backoff, then succeeds', async () => {
    const h = harness();
    const p = pipeline([{ id: 'flaky', config: { failTimes: 2 }, retries: 3, retryDelayMs: 80 }], []);
    const r = await runPipeline(p, h.opts());
    expect(r.status).toBe('success');
    expect(r.tasks[0]).toMatchObject({ state: 'success', attempts: 3, error: null });
    const times = attemptTimes.get(`${h.runId}/flaky`)!;
    expect(times).toHaveLength(3);
    // random() = 1 takes the full delay: 80 ms, then 160 ms.
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(78);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(158);
    const states = h.events.filter((e) => e.taskId === 'flaky').map((e) => e.state);
    expect(states.filter((s) => s === 'retrying')).toHaveLength(2);
    expect(states.at(-1)).toBe('success');
    expect(h.events.find((e) => e.state === 'retrying')!.error).toBe('planned failure 1');
  });

  it('fails a task whose retries run out, skips its downstream tasks and finishes the other branch', async () => {
    const h = harness();
    const p = pipeline([
      { id: 'extract', config: { text: 'e' } },
      { id: 'bad', config: { failTimes: 9 }, retries: 1, retryDelayMs: 10 },
      { id: 'after_bad', config: {} },
      { id: 'after_after', config: {} },
      { id: 'good', config: { sleepMs: 50 } },
      { id: 'after_good', config: {} },
    ], [['extract', 'bad'], ['bad', 'after_bad'], ['after_bad', 'after_after'], ['extract', 'good'], ['good', 'after_good']]);
    const r = await runPipeline(p, h.opts());
    expect(r.status).toBe('failed');
    expect(stateOf(r)).toEqual({ extract: 'success', bad: 'failed', after_bad: 'skipped', after_after: 'skipped', good: 'success', after_good: 'success' });
    expect(r.tasks.find((t) => t.taskId === 'bad')).toMatchObject({ attempts: 2, error: 'planned failure 2' });
    expect(r.tasks.find((t) => t.taskId === 'after_after')!.reason).toBe('upstream_failed');
    expect(h.logs.some((l) => l.taskId === 'after_bad' && /upstream task 'bad' failed/.test(l.message))).toBe(true);
  });

  it('aborts a task that runs past its timeout', async () => {
    const h = harness();
    const p = pipeline([{ id: 'slow', config: { sleepMs: 10_000 }, timeoutMs: 150 }, { id: 'next', config: {} }], [['slow', 'next']]);
    const started = Date.now();
    const r = await runPipeline(p, h.opts());
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(stateOf(r)).toEqual({ slow: 'failed', next: 'skipped' });
    expect(r.tasks[0]!.error).toBe('Timed out after 150 ms');
  });

  it('moves on from a task that ignores its signal after the grace period', async () => {
    const h = harness();
    const p = pipeline([{ id: 'stubborn', config: { sleepMs: 1_500, ignoreSignal: true }, timeoutMs: 100 }], []);
    const started = Date.now();
    const r = await runPipeline(p, h.opts({ stopGraceMs: 200 }));
    expect(Date.now() - started).toBeLessThan(1_200);
    expect(r.tasks[0]!.state).toBe('failed');
    expect(r.tasks[0]!.error).toMatch(/Timed out after 100 ms; the task did not stop within 200 ms/);
  });

  it('cancels mid-run: the running task stops without merging, queued tasks end cancelled', async () => {
    const h = harness();
    const merged = path.join(root, 'merged-cancel.txt');
    const p = pipeline([
      { id: 'long', config: { sleepMs: 10_000, mergeTo: merged } },
      { id: 'after', config: {} },
      { id: 'quick', config: {} },
    ], [['long', 'after']]);
    const promise = runPipeline(p, h.opts());
    setTimeout(() => h.controller.abort(), 200);
    const started = Date.now();
    const r = await promise;
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(r.status).toBe('cancelled');
    expect(stateOf(r)).toEqual({ long: 'cancelled', after: 'cancelled', quick: 'success' });
    await expect(access(merged)).rejects.toThrow();
    expect(h.events.filter((e) => e.taskId === 'after').at(-1)!.state).toBe('cancelled');
  });

  it('re-runs from the failed task, reusing the upstream output of the previous run', async () => {
    const flag = path.join(root, 'fail-flag');
    const counts = path.join(root, 'extract-count.txt');
    await writeFile(flag, 'fail');
    const p = pipeline([
      { id: 'extract', config: { text: 'rows', countFile: counts } },
      { id: 'transform', config: { text: 't', failIfExists: flag } },
      { id: 'load', config: { text: 'l' } },
    ], [['extract', 'transform'], ['transform', 'load']]);

    const first = harness();
    const r1 = await runPipeline(p, first.opts());
    expect(stateOf(r1)).toEqual({ extract: 'success', transform: 'failed', load: 'skipped' });

    await rm(flag);
    const second = harness();
    const r2 = await runPipeline(p, second.opts({ fromTaskIds: ['transform'], previousRunFolder: first.folder }));
    expect(r2.status).toBe('success');
    expect(r2.tasks.find((t) => t.taskId === 'extract')).toMatchObject({ state: 'success', reason: 'reused', attempts: 0 });
    expect((await readFile(counts, 'utf8')).split('\n').filter(Boolean)).toHaveLength(1);
    // The reused artifact lives in the new run folder and fed the transform.
    expect(r2.outputs.extract!.artifacts[0]!.path).toBe(path.join(second.folder, 'extract', 'out.txt'));
    expect(await readFile(path.join(second.folder, 'load', 'out.txt'), 'utf8')).toBe('extract:rows|transform:t|load:l');
  });

  it('throttles metrics events while a task reports after every row', async () => {
    const h = harness();
    const p = pipeline([{ id: 'busy', config: { sleepMs: 300 } }], []);
    await runPipeline(p, h.opts({ metricsIntervalMs: 100 }));
    const running = h.events.filter((e) => e.taskId === 'busy' && e.state === 'running');
    expect(running.length).toBeLessThanOrEqual(5);
    const final = h.events.filter((e) => e.taskId === 'busy').at(-1)!;
    expect(final).toMatchObject({ state: 'success', metrics: { rowsRead: 200, rowsWritten: 200 } });
    expect(final.metrics.durationMs).toBeGreaterThanOrEqual(290);
    expect(final.metrics.rowsPerSecond).toBeGreaterThan(0);
  });

  it('refuses to start an invalid pipeline or a run missing a required parameter', async () => {
    const h = harness();
    const cyclic = pipeline([{ id: 'a' }, { id: 'b' }], [['a', 'b'], ['b', 'a']]);
    await expect(runPipeline(cyclic, h.opts())).rejects.toThrow(/cycle: (a -> b -> a|b -> a -> b)/);
    const needs = pipeline([{ id: 'a', config: { text: '${params.who}' } }], [], { parameters: [{ name: 'who', kind: 'string', required: true }] });
    await expect(runPipeline(needs, h.opts())).rejects.toBeInstanceOf(PipelineInvalidError);
    const r = await runPipeline(needs, h.opts({ params: { who: 'me' } }));
    expect(await readFile(path.join(h.folder, 'a', 'out.txt'), 'utf8')).toBe('a:me');
    expect(r.params).toEqual({ who: 'me' });
  });
});

describe('runPipeline branches and permanent errors', () => {
  it('leaves out a runIf branch whose parameter has no value, and runs it when given', async () => {
    const p = pipeline([
      { id: 'main', config: { text: 'm' } },
      { id: 'optional', config: { text: '${params.target}' } },
      { id: 'after_optional', config: {} },
    ], [['main', 'optional'], ['optional', 'after_optional']], {
      parameters: [{ name: 'target', kind: 'string' }],
    });
    p.tasks[1]!.runIf = 'target';
    const off = harness();
    const r1 = await runPipeline(p, off.opts());
    expect(r1.status).toBe('success');
    expect(stateOf(r1)).toEqual({ main: 'success', optional: 'skipped', after_optional: 'skipped' });
    expect(r1.tasks[2]!.reason).toBe('condition');
    const on = harness();
    const r2 = await runPipeline(p, on.opts({ params: { target: 'wh' } }));
    expect(stateOf(r2)).toEqual({ main: 'success', optional: 'success', after_optional: 'success' });
    expect(await readFile(path.join(on.folder, 'after_optional', 'out.txt'), 'utf8')).toBe('main:m|optional:wh|after_optional:');
  });

  it('does not retry a config error', async () => {
    registerTaskKind({
      kind: kindName('badconfig'),
      async run() {
        const e = new Error('table: no such table');
        e.name = 'TaskConfigError';
        throw e;
      },
    });
    const cat = extendCatalog([{ ...info, kind: kindName('badconfig'), configSchema: z.object({}) }], catalog);
    const h = harness();
    const p = pipelineSchema.parse({ format: 'etl-studio.pipeline', version: 2, name: 't', tasks: [{ id: 'x', kind: kindName('badconfig'), retries: 5, retryDelayMs: 1000 }] });
    const r = await runPipeline(p, h.opts({ catalog: cat }));
    unregisterTaskKind(kindName('badconfig'));
    expect(r.tasks[0]).toMatchObject({ state: 'failed', attempts: 1, error: 'table: no such table' });
  });
});
