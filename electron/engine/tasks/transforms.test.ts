import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transformFilterConfigSchema } from '../../../shared/pipeline/kinds/transform.filter.js';
import { transformFieldsConfigSchema } from '../../../shared/pipeline/kinds/transform.fields.js';
import { fileWriteConfigSchema } from '../../../shared/pipeline/kinds/file.write.js';
import type { TaskOutput } from '../pipelines/task-kind.js';
import { transformFilterTask } from './transform.filter.js';
import { transformFieldsTask } from './transform.fields.js';
import { fileWriteTask } from './file.write.js';
import { testTaskContext } from './testing/task-context.js';

let runFolder: string;
let tsv: string;
let upstream: Record<string, TaskOutput>;

const metrics = { rowsRead: 0, rowsWritten: 0, rowsRejected: 0, rowsPerSecond: 0, durationMs: 0 };

beforeAll(async () => {
  runFolder = await mkdtemp(path.join(os.tmpdir(), 'etl-transforms-'));
  tsv = path.join(runFolder, 'weblog.tsv');
  await writeFile(tsv, [
    'ip\ttime\tstatus\tbytes\tagent',
    '10.0.0.1\t17/May/2015:10:05:03 -0700\t200\t100\tcurl/7.38',
    '198.46.149.143\t17/May/2015:10:06:00 +0000\t404\t\\N\t  spaced  ',
    '10.0.0.2\t2015-05-18 01:02:03\t200\t-\tagent with\\ttab',
    '10.0.0.3\tyesterday\t500\t12\tx',
    '',
  ].join('\n'));
  upstream = { parse: { artifacts: [{ name: 'weblog.tsv', path: tsv, rows: 4 }], metrics } };
});
afterAll(async () => {
  await rm(runFolder, { recursive: true, force: true });
});

describe('transform.filter', () => {
  it('drops rows whose column equals a value, keeping the header and the rows as written', async () => {
    const ctx = await testTaskContext({ runFolder, taskId: 'f1', inputs: upstream });
    const out = await transformFilterTask.run(transformFilterConfigSchema.parse({ field: 'ip', value: '198.46.149.143' }), ctx);
    const text = await readFile(out.artifacts[0]!.path!, 'utf8');
    expect(text.split('\n').map((l) => l.split('\t')[0])).toEqual(['ip', '10.0.0.1', '10.0.0.2', '10.0.0.3', '']);
    expect(out.values).toMatchObject({ rowsRead: 4, rowsWritten: 3, rowsDropped: 1 });
  });

  it('keeps rows matching a regular expression, or in a list', async () => {
    let ctx = await testTaskContext({ runFolder, taskId: 'f2', inputs: upstream });
    let out = await transformFilterTask.run(transformFilterConfigSchema.parse({ field: 'status', operator: 'regex', value: '^[45]', action: 'keep' }), ctx);
    expect((await readFile(out.artifacts[0]!.path!, 'utf8')).split('\n').slice(1, -1).map((l) => l.split('\t')[2])).toEqual(['404', '500']);
    ctx = await testTaskContext({ runFolder, taskId: 'f3', inputs: upstream });
    out = await transformFilterTask.run(transformFilterConfigSchema.parse({ field: 'ip', operator: 'in', values: ['10.0.0.1', '10.0.0.3'], action: 'keep' }), ctx);
    expect(out.values).toMatchObject({ rowsWritten: 2 });
  });

  it('contains on whole lines behaves like grep -v -F', async () => {
    const ctx = await testTaskContext({ runFolder, taskId: 'f4', inputs: upstream });
    const out = await transformFilterTask.run(transformFilterConfigSchema.parse({ operator: 'contains', value: '10.0.0', header: false }), ctx);
    expect(await readFile(out.artifacts[0]!.path!, 'utf8')).toBe('ip\ttime\tstatus\tbytes\tagent\n198.46.149.143\t17/May/2015:10:06:00 +0000\t404\t\\N\t  spaced  \n');
  });

  it('names the field when the column does not exist, and rejects a bad regex in the form', async () => {
    const ctx = await testTaskContext({ runFolder, taskId: 'f5', inputs: upstream });
    await expect(transformFilterTask.run(transformFilterConfigSchema.parse({ field: 'host', value: 'x' }), ctx)).rejects.toThrow('field: no column named "host" (columns: ip, time, status, bytes, agent)');
    const bad = transformFilterConfigSchema.safeParse({ operator: 'regex', value: '(' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['value']);
  });
});

describe('transform.fields', () => {
  it('selects, renames and converts columns; rows that do not convert go to quarantine with their line number', async () => {
    const ctx = await testTaskContext({ runFolder, taskId: 'fields', inputs: upstream });
    const out = await transformFieldsTask.run(
      transformFieldsConfigSchema.parse({
        fields: [
          { from: 'time', to: 'ts', convert: 'iso-utc' },
          { from: 'ip' },
          { from: 'bytes', convert: 'integer' },
          { from: 'agent', convert: 'trim' },
        ],
        output: 'clean.csv',
      }),
      ctx,
    );
    expect(await readFile(out.artifacts[0]!.path!, 'utf8')).toBe(
      'ts,ip,bytes,agent\n' +
        '2015-05-17T17:05:03Z,10.0.0.1,100,curl/7.38\n' +
        '2015-05-17T10:06:00Z,198.46.149.143,,spaced\n' +
        '2015-05-18T01:02:03Z,10.0.0.2,,agent with\ttab\n',
    );
    expect(out.metrics).toMatchObject({ rowsRead: 4, rowsWritten: 3, rowsRejected: 1 });
    expect(await readFile(path.join(ctx.taskFolder, 'quarantine.txt'), 'utf8')).toBe('5\ttime: not a timestamp: yesterday\t10.0.0.3\tyesterday\t500\t12\tx\n');
  });

  it('says which mapping names a missing column', async () => {
    const ctx = await testTaskContext({ runFolder, taskId: 'fields-bad', inputs: upstream });
    await expect(transformFieldsTask.run(transformFieldsConfigSchema.parse({ fields: [{ from: 'ip' }, { from: 'host' }] }), ctx)).rejects.toThrow('fields.1.from: no column named "host"');
  });
});

describe('file.write', () => {
  it('writes the upstream file into the chosen folder, converting TSV to CSV', async () => {
    const ctx = await testTaskContext({ runFolder, taskId: 'write', inputs: upstream });
    const folder = path.join(runFolder, 'exports');
    const out = await fileWriteTask.run(fileWriteConfigSchema.parse({ folder, format: 'csv' }), ctx);
    expect(out.artifacts[0]!.path).toBe(path.join(folder, 'weblog.csv'));
    const csv = await readFile(path.join(folder, 'weblog.csv'), 'utf8');
    expect(csv.split('\n')[2]).toBe('198.46.149.143,17/May/2015:10:06:00 +0000,404,,  spaced  ');
    expect(out.values).toMatchObject({ rows: 4 });
  });

  it('copies as is when the format stays, and refuses to overwrite when told not to', async () => {
    const ctx = await testTaskContext({ runFolder, taskId: 'write2', inputs: upstream });
    const folder = path.join(runFolder, 'exports2');
    await fileWriteTask.run(fileWriteConfigSchema.parse({ folder }), ctx);
    expect((await readFile(path.join(folder, 'weblog.tsv'))).equals(await readFile(tsv))).toBe(true);
    await expect(fileWriteTask.run(fileWriteConfigSchema.parse({ folder, overwrite: false }), ctx)).rejects.toThrow(/^overwrite: .*exists/);
  });
});
