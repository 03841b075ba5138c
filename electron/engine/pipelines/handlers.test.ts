import { mkdtemp, mkdir, readFile, rm, writeFile, access } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, afterAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError, methods, type EventName, type EventPayload, type MethodInput, type MethodOutput } from '../../../shared/api/contract.js';
import { extendCatalog } from '../../../shared/pipeline/catalog.js';
import type { TaskStateEvent } from '../../../shared/pipeline/task-state.js';
import { createRunManager, type RunManager } from '../runs/run-manager.js';
import { openSettingsStore } from '../workspace/settings-store.js';
import { createPipelineFeature, type PipelineFeature, type PipelineMethodName } from './handlers.js';
import { registerTaskKind, unregisterTaskKind } from './registry.js';

/*
 * The pipeline feature over a real run manager and a real settings file, with one small
 * real task kind of the test's own: it copies its input file (or a text) to its folder.
 */

const KIND = 'hf_test.copy';
const copySchema = z.object({ input: z.string().optional(), text: z.string().optional(), fail: z.string().optional(), sleepMs: z.number().optional() });
const catalog = extendCatalog([{
  kind: KIND, label: 'Copy', description: 'test', category: 'file', inputs: '', outputs: '', icon: 'x', configSchema: copySchema,
}]);

beforeAll(() => {
  registerTaskKind<z.infer<typeof copySchema>>({
    kind: KIND,
    async run(raw, ctx) {
      const config = copySchema.parse(raw);
      if (config.fail) {
        const exists = await access(config.fail).then(() => true, () => false);
        if (exists) throw new Error('flag file present');
      }
      if (config.sleepMs) {
        await new Promise<void>((resolve, reject) => {
          const t = setTimeout(resolve, config.sleepMs);
          ctx.signal.addEventListener('abort', () => { clearTimeout(t); reject(ctx.signal.reason); }, { once: true });
        });
      }
      const upstream = Object.values(ctx.inputs)[0]?.artifacts[0]?.path;
      const body = config.input ? await readFile(config.input, 'utf8') : upstream ? await readFile(upstream, 'utf8') : config.text ?? '';
      const out = path.join(ctx.taskFolder, 'out.txt');
      await writeFile(out, `${body}+${ctx.taskId}`);
      ctx.log('info', `connection password is s3cr3tpw`);
      return { artifacts: [{ name: 'out', path: out }], metrics: { rowsRead: 1, rowsWritten: 1, rowsRejected: 0, rowsPerSecond: 0, durationMs: 0 } };
    },
  });
});
afterAll(() => unregisterTaskKind(KIND));

let dataDir: string;
let work: string;
let events: { name: EventName; payload: unknown }[];
const managers: RunManager[] = [];
const features: PipelineFeature[] = [];

function makeFeature(assetsDir: string | null = null) {
  const runs = createRunManager({ dataDir, emit: <E extends EventName>(name: E, payload: EventPayload<E>) => events.push({ name, payload }) });
  managers.push(runs);
  const settings = openSettingsStore(dataDir);
  const feature = createPipelineFeature({
    dataDir, settings, runs,
    resolveConnection: async () => { throw new Error('no connections here'); },
    emit: <E extends EventName>(name: E, payload: EventPayload<E>) => events.push({ name, payload }),
  }, { assetsDir, catalog });
  features.push(feature);
  // Inputs go through the contract schemas, as the engine's dispatch does.
  const call = async <M extends PipelineMethodName>(m: M, input: MethodInput<M>): Promise<MethodOutput<M>> => {
    const parsed = methods[m].input.parse(input);
    return (feature.handlers[m] as (i: unknown) => Promise<MethodOutput<M>>)(parsed);
  };
  return { runs, feature, call };
}

const until = async (cond: () => boolean | Promise<boolean>, ms = 5_000) => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
};

function pipelineDoc(extra: Record<string, unknown> = {}) {
  return {
    format: 'etl-studio.pipeline', version: 2, name: 'copy chain',
    parameters: [{ name: 'input', kind: 'path', default: 'data/in.txt' }, { name: 'flag', kind: 'string', default: '/nonexistent' }],
    tasks: [
      { id: 'first', kind: KIND, name: 'First', config: { input: '${params.input}' } },
      { id: 'second', kind: KIND, name: 'Second', config: { fail: '${params.flag}' } },
      { id: 'third', kind: KIND, name: 'Third', config: {} },
    ],
    edges: [{ from: 'first', to: 'second' }, { from: 'second', to: 'third' }],
    ...extra,
  };
}

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'etl-pipefeat-data-'));
  work = await mkdtemp(path.join(os.tmpdir(), 'etl-pipefeat-work-'));
  await mkdir(path.join(work, 'data'));
  await writeFile(path.join(work, 'data', 'in.txt'), 'hello');
  events = [];
});
afterEach(async () => {
  for (const f of features.splice(0)) f.close();
  await Promise.all(managers.splice(0).map((m) => m.close()));
  await rm(dataDir, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
});

describe('pipeline files', () => {
  it('opens a version 1 file migrated, saves atomically, and remembers recent files', async () => {
    const { call } = makeFeature();
    const v1 = path.join(work, 'old.json');
    await writeFile(v1, JSON.stringify({
      format: 'etl-studio.pipeline', version: 1, name: 'old one',
      tasks: [{ id: 'a', type: KIND, config: { text: 'x' } }, { id: 'b', type: KIND, dependsOn: ['a'] }],
    }));
    const opened = await call('pipelines.open', { path: v1 });
    expect(opened).toMatchObject({ path: v1, migratedFrom: 1, issues: [] });
    expect(opened.pipeline.edges).toEqual([{ from: 'a', to: 'b' }]);

    const saved = path.join(work, 'new.json');
    await call('pipelines.save', { path: saved, pipeline: opened.pipeline });
    const text = await readFile(saved, 'utf8');
    expect(JSON.parse(text)).toMatchObject({ version: 2, edges: [{ from: 'a', to: 'b' }] });
    const again = await call('pipelines.open', { path: saved });
    expect(again.migratedFrom).toBeNull();
    expect(again.pipeline).toEqual(opened.pipeline);
    expect((await call('pipelines.recent', {})).map((r) => r.path)).toEqual([saved, v1]);

    await expect(call('pipelines.save', { path: path.join(work, 'no', 'such', 'dir.json'), pipeline: opened.pipeline })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('rejects a broken file with the task and field named', async () => {
    const { call } = makeFeature();
    const bad = path.join(work, 'bad.json');
    await writeFile(bad, JSON.stringify({ format: 'etl-studio.pipeline', version: 2, name: 'b', tasks: [{ id: 'load_data', kind: 'load.table', position: { x: 1 } }] }));
    const err = await call('pipelines.open', { path: bad }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('validation');
    expect((err as ApiError).message).toBe("bad.json: The pipeline file is invalid: Task 'load_data' (load.table): position.y: Required");
    expect((err as ApiError).issues![0]).toEqual({ path: 'tasks.load_data.position.y', message: "Task 'load_data' (load.table): position.y: Required" });
  });
});

describe('pipeline runs', () => {
  it('runs a file, streams task states, keeps them in history, and re-runs from the failed task', async () => {
    const { call, runs } = makeFeature();
    const file = path.join(work, 'chain.json');
    const flag = path.join(work, 'flag');
    await writeFile(flag, '1');
    await writeFile(file, JSON.stringify(pipelineDoc()));

    // The relative default data/in.txt resolves against the file's folder, not the cwd.
    const { runId } = await call('pipelines.run', { path: file, params: { flag } });
    await until(async () => (await runs.get(runId)).status !== 'running');
    const record = await runs.get(runId);
    expect(record).toMatchObject({ kind: 'pipeline', status: 'failed', error: "Task 'second' failed: flag file present; 1 downstream task(s) skipped" });
    expect(record.tasks!.map((t) => [t.taskId, t.state])).toEqual([['first', 'success'], ['second', 'failed'], ['third', 'skipped']]);
    expect((await call('runs.tasks', { runId })).tasks.map((t) => t.state)).toEqual(['success', 'failed', 'skipped']);
    const taskEvents = events.filter((e) => e.name === 'task.state').map((e) => e.payload as TaskStateEvent);
    expect(taskEvents.filter((e) => e.runId === runId && e.taskId === 'second').map((e) => e.state)).toEqual(['queued', 'running', 'failed']);
    const logs = await runs.logs(runId, 0, 1000);
    expect(logs.lines.some((l) => l.taskId === 'second' && /flag file present/.test(l.message))).toBe(true);

    await rm(flag);
    const { runId: again } = await call('pipelines.rerun', { runId, fromFailed: true });
    await until(async () => (await runs.get(again)).status !== 'running');
    const second = await runs.get(again);
    expect(second.status).toBe('success');
    expect(second.tasks!.map((t) => [t.taskId, t.state, t.reason])).toEqual([['first', 'success', 'reused'], ['second', 'success', null], ['third', 'success', null]]);
    expect(await readFile(path.join(second.folder, 'third', 'out.txt'), 'utf8')).toBe('hello+first+second+third');

    await expect(call('pipelines.rerun', { runId: again, fromFailed: true })).rejects.toMatchObject({ code: 'validation' });
  });

  it('cancels a running pipeline through the run manager; history keeps the task states', async () => {
    const { call, runs } = makeFeature();
    const doc = pipelineDoc({
      tasks: [{ id: 'slow', kind: KIND, config: { text: 'x', sleepMs: 30_000 } }, { id: 'next', kind: KIND, config: {} }],
      edges: [{ from: 'slow', to: 'next' }],
    });
    const { runId } = await call('pipelines.run', { pipeline: doc as never, params: {} });
    await until(async () => (await call('runs.tasks', { runId })).tasks.some((t) => t.taskId === 'slow' && t.state === 'running'));
    expect(runs.cancel(runId)).toBe(true);
    await until(async () => (await runs.get(runId)).status !== 'running');
    const record = await runs.get(runId);
    expect(record.status).toBe('cancelled');
    expect(record.tasks!.map((t) => [t.taskId, t.state])).toEqual([['slow', 'cancelled'], ['next', 'cancelled']]);
  });

  it('refuses to start a run with a missing required parameter, naming it', async () => {
    const { call } = makeFeature();
    const doc = pipelineDoc({ parameters: [{ name: 'input', kind: 'path', required: true }, { name: 'flag', kind: 'string', default: '/x' }] });
    const err = await call('pipelines.run', { pipeline: doc as never, params: {} }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'validation', message: "The pipeline cannot run: Parameter 'input' is required and has no value" });
  });

  it('blanks a connection password in the run log', async () => {
    const { call, runs } = makeFeature();
    const doc = pipelineDoc({ tasks: [{ id: 'only', kind: KIND, config: { text: 'postgres://etl:s3cr3tpw@127.0.0.1/db' } }], edges: [] });
    const { runId } = await call('pipelines.run', { pipeline: doc as never, params: {} });
    await until(async () => (await runs.get(runId)).status !== 'running');
    const logs = await runs.logs(runId, 0, 1000);
    const line = logs.lines.find((l) => l.message.startsWith('connection password is'))!;
    expect(line.message).not.toContain('s3cr3tpw');
  });
});

describe('templates and schedules', () => {
  it('lists the bundled templates and loads one with its sample input made absolute', async () => {
    const { call } = makeFeature(path.resolve('assets'));
    const list = await call('pipelines.templates', {});
    expect(list.map((t) => t.id)).toEqual(expect.arrayContaining(['process-web-log', 'softcart-replicate', 'softcart-star']));
    const t = await call('pipelines.template', { id: 'process-web-log' });
    const input = t.pipeline.parameters.find((p) => p.name === 'input')!;
    expect(input.default).toBe(path.resolve('assets/sample-data/softcart/accesslog.txt'));
    await expect(call('pipelines.template', { id: '../etc' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('previews cron times and rejects a bad expression with the field named', async () => {
    const { call } = makeFeature();
    expect((await call('schedules.preview', { cron: '0 2 * * *', timezone: 'UTC' })).next).toHaveLength(5);
    await expect(call('schedules.preview', { cron: '0 2 * *' })).rejects.toMatchObject({ code: 'validation', issues: [{ path: 'cron' }] });
  });

  it('fires a schedule while running, once per due time even with two engines on one data folder', async () => {
    const a = makeFeature();
    const b = makeFeature();
    const file = path.join(work, 'chain.json');
    await writeFile(file, JSON.stringify(pipelineDoc()));
    const set = await a.call('schedules.set', { path: file, cron: '* * * * * *', enabled: true });
    expect(set.nextRuns).toHaveLength(5);
    // Changing only the cron keeps the parameters the schedule was given.
    const other = path.join(work, 'other.json');
    await writeFile(other, JSON.stringify(pipelineDoc()));
    await a.call('schedules.set', { path: other, cron: '0 3 * * *', params: { note: 'kept' } });
    await a.call('schedules.set', { path: other, cron: '0 4 * * *' });
    expect((await a.call('schedules.list', {})).find((e) => e.path === other)).toMatchObject({ cron: '0 4 * * *', params: { note: 'kept' } });
    await a.call('schedules.remove', { path: other });
    a.feature.startSchedules();
    b.feature.startSchedules();
    await until(async () => {
      const [h1, h2] = await Promise.all([a.runs.history(50), b.runs.history(50)]);
      return h1.length + h2.length >= 2;
    }, 6_000);
    a.feature.close();
    b.feature.close();
    await new Promise((r) => setTimeout(r, 300));
    const history = await a.runs.history(100);
    const starts = history.map((r) => r.startedAt.slice(0, 19));
    // One run per second at most: the lock file let only one engine start each due time.
    expect(new Set(starts).size).toBe(starts.length);
    expect(history.every((r) => r.kind === 'pipeline' && r.title === 'Pipeline: copy chain')).toBe(true);
    const listed = await a.call('schedules.list', {});
    expect(listed[0]).toMatchObject({ path: file, name: 'copy chain', enabled: true });
    expect(history.map((r) => r.id)).toContain(listed[0]!.lastRunId);
    expect(await a.call('schedules.remove', { path: file })).toEqual({ removed: true });
    expect(await a.call('schedules.list', {})).toEqual([]);
  });
});
