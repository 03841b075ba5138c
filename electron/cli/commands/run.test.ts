import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePglite, openPglite } from '../../engine/connections/pglite.js';
import { main } from '../main.js';

/*
 * `etl-studio run` in process, on the real engine and task kinds: the coursework's
 * process_web_log DAG on the bundled access log, compared byte for byte with what
 * the students' Airflow run produced.
 */

const EXPECTED = process.env.ETL_FIXTURES ? path.join(process.env.ETL_FIXTURES, 'expected') : '/work/shared/fixtures/softcart/expected';
const template = path.resolve('assets/templates/process-web-log.json');

function capture() {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void) => new Writable({ write(chunk, _enc, cb) { append(String(chunk)); cb(); } });
  const io = { stdout: sink((s) => { out += s; }), stderr: sink((s) => { err += s; }), env: {} as NodeJS.ProcessEnv };
  return { io, out: () => out, err: () => err };
}

let dataDir: string;
let work: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'etl-cli-run-data-'));
  work = await mkdtemp(path.join(os.tmpdir(), 'etl-cli-run-work-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
});

describe('etl-studio run', () => {
  it('runs process-web-log headless; the outputs equal the coursework files byte for byte', async () => {
    const c = capture();
    const code = await main(['run', template, '--json', '--data-dir', dataDir], c.io);
    expect(c.err()).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(c.out());
    expect(report).toMatchObject({ ok: true, status: 'success', pipeline: 'Process web log' });
    const states = Object.fromEntries(report.tasks.map((t: { taskId: string; state: string; reason: string | null }) => [t.taskId, [t.state, t.reason]]));
    expect(states).toEqual({
      extract_data: ['success', null], transform_data: ['success', null], load_data: ['success', null],
      parse_log: ['skipped', 'condition'], load_log_table: ['skipped', 'condition'],
    });
    const folder: string = report.folder;
    const extracted = await readFile(path.join(folder, 'extract_data', 'extracted_data.txt'));
    const transformed = await readFile(path.join(folder, 'transform_data', 'transformed_data.txt'));
    expect(extracted.equals(await readFile(path.join(EXPECTED, 'extracted_data.txt')))).toBe(true);
    expect(transformed.equals(await readFile(path.join(EXPECTED, 'transformed_data.txt')))).toBe(true);
    const extract = report.tasks.find((t: { taskId: string }) => t.taskId === 'extract_data');
    expect(extract.metrics.rowsWritten).toBe(10_000);

    const entries: string[] = [];
    await tar.list({ file: path.join(folder, 'load_data', 'weblog.tar'), onReadEntry: (e) => { entries.push(e.path); } });
    expect(entries).toEqual(['transformed_data.txt']);
  });

  it('loads the parsed log into a warehouse when one is given, and prints a table', async () => {
    const wh = path.join(work, 'warehouse');
    const c = capture();
    const code = await main(['run', template, '--param', `warehouse=pglite:${wh}`, '--param', 'log_table=access_log', '--max-parallel', '3', '--data-dir', dataDir], c.io);
    expect(code).toBe(0);
    const table = c.out();
    expect(table).toMatch(/^TASK\s+KIND\s+STATE\s+TRIES\s+READ\s+WRITTEN/m);
    expect(table).toMatch(/^load_log_table\s+load\.table\s+success\s+1\s/m);
    expect(table).toMatch(/Run \S+ success in /);
    expect(c.err()).toMatch(/\.\.\. extract_data started/);
    const db = await openPglite(wh);
    try {
      const r = await db.query<{ n: number; ips: number }>('SELECT count(*)::int AS n, count(DISTINCT ip)::int AS ips FROM access_log');
      // 10 000 lines; the truncated line 8899 has no user agent, so it goes to quarantine.
      expect(r.rows[0]!.n).toBe(9_999);
      expect(r.rows[0]!.ips).toBeGreaterThan(1);
    } finally {
      await closePglite(wh);
    }
  });

  it('exits 1 when a task fails, naming it, and 2 on an unknown parameter', async () => {
    const broken = path.join(work, 'broken.json');
    await writeFile(broken, JSON.stringify({
      format: 'etl-studio.pipeline', version: 2, name: 'broken',
      parameters: [{ name: 'input', kind: 'path', default: 'missing-log.txt' }],
      tasks: [
        { id: 'extract_data', kind: 'log.extract', config: { input: '${params.input}' } },
        { id: 'archive', kind: 'file.archive', config: {} },
      ],
      edges: [{ from: 'extract_data', to: 'archive' }],
    }));
    const c = capture();
    expect(await main(['run', broken, '--data-dir', dataDir], c.io)).toBe(1);
    expect(c.out()).toMatch(/^extract_data\s+log\.extract\s+failed/m);
    expect(c.out()).toMatch(/^archive\s+file\.archive\s+skipped \(upstream_failed\)/m);
    expect(c.out()).toContain('missing-log.txt');

    const u = capture();
    expect(await main(['run', broken, '--param', 'nope=1', '--data-dir', dataDir], u.io)).toBe(2);
    expect(u.err()).toContain('The pipeline has no parameter "nope" (it has: input)');
  });
});
