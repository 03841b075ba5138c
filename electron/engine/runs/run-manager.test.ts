import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventName, EventPayload } from '../../../shared/api/contract.js';
import { INTERRUPTED, MAX_LINES_PER_EVENT, createRunManager, type RunManager } from './run-manager.js';

type Seen = { name: EventName; payload: unknown };

let dataDir: string;
let seen: Seen[];
const managers: RunManager[] = [];

function manager(): RunManager {
  const m = createRunManager({
    dataDir,
    emit: <E extends EventName>(name: E, payload: EventPayload<E>) => seen.push({ name, payload }),
  });
  managers.push(m);
  return m;
}

const progress = (rowsRead: number) => ({
  phase: 'load', rowsRead, rowsWritten: rowsRead, rowsRejected: 0, totalRows: null, rowsPerSecond: 0, batch: 1, etaMs: null,
});

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'etl-runs-'));
  seen = [];
});
afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.close()));
  await rm(dataDir, { recursive: true, force: true });
});

describe('run manager', () => {
  it('keeps history, results and logs across a restart', async () => {
    const first = manager();
    const ok = first.start('sync', 'Good run', async (ctx) => {
      ctx.log('info', 'hello');
      ctx.log('info', 'world', 'task-a');
      return 42;
    }, (record, result) => {
      record.title = `Good run (${result})`;
    });
    const okRecord = await ok.done;
    const bad = first.start('sample', 'Bad run', async () => {
      throw new Error('the table is missing');
    });
    const badRecord = await bad.done;
    expect(okRecord.status).toBe('success');
    expect(badRecord).toMatchObject({ status: 'failed', error: 'the table is missing' });
    await first.close();

    const second = manager();
    const history = await second.history(10);
    expect(history.map((r) => [r.title, r.status])).toEqual([
      ['Bad run', 'failed'],
      ['Good run (42)', 'success'],
    ]);
    expect(history[1].folder).toBe(path.join(dataDir, 'runs', ok.runId));
    expect(path.basename(history[1].folder)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{6}Z-[0-9a-f]{6}$/);
    const logs = await second.logs(ok.runId, 0, 100);
    expect(logs.total).toBe(2);
    expect(logs.lines.map((l) => [l.seq, l.message, l.taskId])).toEqual([[0, 'hello', undefined], [1, 'world', 'task-a']]);
    const failedLog = await second.logs(bad.runId, 0, 100);
    expect(failedLog.lines.at(-1)).toMatchObject({ level: 'error', message: 'Failed: the table is missing' });
    expect(await second.history(1)).toHaveLength(1);
    await expect(second.get('2020-01-01T000000Z-abcdef')).rejects.toMatchObject({ code: 'not_found' });
    await expect(second.get('../../etc')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('marks runs of a process that died as interrupted on the next start', async () => {
    const crashed = manager();
    let release!: () => void;
    const started = crashed.start('sync', 'Long run', async (ctx) => {
      for (let i = 0; i < 5; i++) ctx.log('info', `row batch ${i}`);
      ctx.progress(progress(500));
      await new Promise<void>((resolve) => (release = resolve));
    });
    // Let the periodic save write the figures, then pretend the owning process is gone.
    await new Promise((r) => setTimeout(r, 2300));
    const file = path.join(dataDir, 'runs', started.runId, 'run.json');
    const onDisk = JSON.parse(await readFile(file, 'utf8'));
    expect(onDisk.status).toBe('running');
    const deadPid = Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).toString());
    await writeFile(file, JSON.stringify({ ...onDisk, owner: { pid: deadPid, instance: 'gone' } }));

    const next = manager();
    const record = await next.get(started.runId);
    expect(record.status).toBe('failed');
    expect(record.error).toBe(INTERRUPTED);
    expect(record.finishedAt).not.toBeNull();
    expect(record.logLines).toBe(5);
    expect(record.lastProgress?.rowsRead).toBe(500);
    release();
  });

  it('closes a run a dead process left running in a data folder written before the list of live runs', async () => {
    const crashed = manager();
    let release!: () => void;
    const started = crashed.start('sync', 'Old-style run', (ctx) => {
      ctx.log('info', 'working');
      return new Promise<void>((resolve) => (release = resolve));
    });
    const file = path.join(dataDir, 'runs', started.runId, 'run.json');
    const onDisk = JSON.parse(await readFile(file, 'utf8'));
    const deadPid = Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).toString());
    await writeFile(file, JSON.stringify({ ...onDisk, owner: { pid: deadPid, instance: 'gone' } }));
    await rm(path.join(dataDir, 'runs', '.live'), { recursive: true });

    const record = await manager().get(started.runId);
    expect(record.status).toBe('failed');
    expect(record.error).toBe(INTERRUPTED);
    release();
  });

  it('starts as fast with thousands of finished runs in the history as with none', async () => {
    const first = manager();
    const done = await first.start('sync', 'Finished', async (ctx) => ctx.log('info', 'ok')).done;
    const folder = path.join(dataDir, 'runs', done.id);
    const record = await readFile(path.join(folder, 'run.json'), 'utf8');
    // A cron job every five minutes for a week.
    const ids = Array.from({ length: 2000 }, (_, i) => `2020-01-01T${String(Math.floor(i / 60)).padStart(4, '0')}${String(i % 60).padStart(2, '0')}Z-${i.toString(16).padStart(6, '0')}`);
    for (let i = 0; i < ids.length; i += 100) {
      await Promise.all(ids.slice(i, i + 100).map(async (id) => {
        const dir = path.join(dataDir, 'runs', id);
        await mkdir(dir);
        await writeFile(path.join(dir, 'run.json'), record.replace(done.id, id));
      }));
    }
    const timeToReady = async () => {
      const t0 = performance.now();
      await manager().close(); // waits for the check of unfinished runs
      return performance.now() - t0;
    };
    const listed = Math.min(await timeToReady(), await timeToReady());
    // The same folder as a version before the list left it: every record is read.
    await rm(path.join(dataDir, 'runs', '.live'), { recursive: true });
    const wholeHistory = await timeToReady();
    expect(listed * 5).toBeLessThan(wholeHistory);
    expect((await manager().history(3)).map((r) => r.id)).toEqual([done.id, ids.at(-1), ids.at(-2)]);
  });

  it('leaves alone a run that another live manager is running', async () => {
    const owner = manager();
    let release!: () => void;
    const started = owner.start('sync', 'Still running', () => new Promise<void>((resolve) => (release = resolve)));
    const other = manager();
    expect((await other.history(5))[0]).toMatchObject({ id: started.runId, status: 'running' });
    release();
    expect((await started.done).status).toBe('success');
  });

  it('cancels a run through its signal', async () => {
    const m = manager();
    const started = m.start('sync', 'Cancel me', (ctx) =>
      new Promise((_resolve, reject) => {
        if (ctx.signal.aborted) reject(ctx.signal.reason);
        ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason));
      }),
    );
    await new Promise((r) => setTimeout(r, 20));
    expect(m.cancel(started.runId)).toBe(true);
    const record = await started.done;
    expect(record.status).toBe('cancelled');
    expect(record.error).toBe('Cancelled by the user.');
    expect(m.cancel(started.runId)).toBe(false);
    expect(m.cancel('no-such-run')).toBe(false);
    const states = seen.filter((e) => e.name === 'run.state').map((e) => (e.payload as { status: string }).status);
    expect(states).toEqual(['running', 'cancelled']);
  });

  it('answers a slice of a million-line log quickly', async () => {
    const m = manager();
    const N = 1_000_000;
    const started = m.start('pipeline', 'Chatty', async (ctx) => {
      for (let i = 0; i < N; i++) {
        ctx.log(i % 1000 === 0 ? 'warn' : 'info', `line ${i} ${'x'.repeat(i % 17)}`);
        if (i % 100_000 === 0) await new Promise((r) => setTimeout(r, 0));
      }
    });
    const record = await started.done;
    expect(record.logLines).toBe(N);

    const fresh = manager(); // history, cold: the index is built from the file
    let t = performance.now();
    const slice = await fresh.logs(started.runId, 999_998, 5);
    const coldMs = performance.now() - t;
    expect(slice.total).toBe(N);
    expect(slice.lines.map((l) => l.message)).toEqual([`line 999998 ${'x'.repeat(999_998 % 17)}`, `line 999999 ${'x'.repeat(999_999 % 17)}`]);
    expect(slice.lines[0].seq).toBe(999_998);
    expect(coldMs).toBeLessThan(3000);

    t = performance.now();
    const middle = await fresh.logs(started.runId, 543_210, 1000);
    const warmMs = performance.now() - t;
    expect(middle.lines).toHaveLength(1000);
    expect(middle.lines[0].message).toBe(`line 543210 ${'x'.repeat(543_210 % 17)}`);
    expect(middle.lines[999].seq).toBe(544_209);
    expect(warmMs).toBeLessThan(300);

    const batches = seen.filter((e) => e.name === 'run.log').map((e) => (e.payload as { lines: unknown[] }).lines.length);
    expect(Math.max(...batches)).toBeLessThanOrEqual(MAX_LINES_PER_EVENT);
    const files = await readdir(path.join(dataDir, 'runs', started.runId));
    expect(files.sort()).toEqual(['log.ndjson', 'run.json']);
  }, 120_000);

  it('serves the live log while the run is still writing', async () => {
    const m = manager();
    let release!: () => void;
    const started = m.start('sync', 'Live', async (ctx) => {
      for (let i = 0; i < 2500; i++) ctx.log('info', `live ${i}`);
      await new Promise<void>((resolve) => (release = resolve));
    });
    await new Promise((r) => setTimeout(r, 10));
    const slice = await m.logs(started.runId, 1999, 2);
    expect(slice.total).toBe(2500);
    expect(slice.lines.map((l) => l.message)).toEqual(['live 1999', 'live 2000']);
    release();
    await started.done;
  });

  it('throttles progress to a few events a second and always sends the last', async () => {
    const m = manager();
    const started = m.start('sync', 'Progress', async (ctx) => {
      const end = Date.now() + 1000;
      let rows = 0;
      while (Date.now() < end) {
        ctx.progress(progress(++rows));
        await new Promise((r) => setTimeout(r, 1));
      }
      ctx.progress(progress(999_999));
    });
    await started.done;
    const events = seen.filter((e) => e.name === 'run.progress').map((e) => e.payload as { rowsRead: number });
    expect(events.length).toBeGreaterThanOrEqual(3);
    expect(events.length).toBeLessThanOrEqual(7);
    expect(events.at(-1)?.rowsRead).toBe(999_999);
    expect((await m.get(started.runId)).lastProgress?.rowsRead).toBe(999_999);
  });

  it('drops what a job logs after its run has ended', async () => {
    const m = manager();
    const started = m.start('sync', 'Sloppy', async (ctx) => {
      ctx.log('info', 'in time');
      setTimeout(() => ctx.log('info', 'too late'), 30);
    });
    const record = await started.done;
    await new Promise((r) => setTimeout(r, 80));
    expect(record.logLines).toBe(1);
    expect((await m.get(started.runId)).logLines).toBe(1);
    expect((await m.logs(started.runId, 0, 10)).lines.map((l) => l.message)).toEqual(['in time']);
  });

  it('keeps known secrets out of the log and the error', async () => {
    const m = manager();
    const secret = 'hunter2-Secret!';
    const started = m.start('sync', 'Secretive', async (ctx) => {
      ctx.log('info', `connecting with ${secret}`);
      ctx.log('info', 'url mysql://etl:pa55word@db:3306/x');
      throw new Error(`login failed for password ${secret}`);
    }, undefined, { secrets: [secret] });
    const record = await started.done;
    expect(record.error).toBe('login failed for password ***');
    const folderText = (await Promise.all(
      (await readdir(record.folder)).map((f) => readFile(path.join(record.folder, f), 'utf8')),
    )).join('\n');
    expect(folderText).not.toContain(secret);
    expect(folderText).not.toContain('pa55word');
    expect(folderText).toContain('mysql://etl:***@db:3306/x');
  });
});
