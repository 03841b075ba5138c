import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logExtractConfigSchema } from '../../../shared/pipeline/kinds/log.extract.js';
import { transformFilterConfigSchema } from '../../../shared/pipeline/kinds/transform.filter.js';
import { fileArchiveConfigSchema } from '../../../shared/pipeline/kinds/file.archive.js';
import { logExtractTask } from './log.extract.js';
import { transformFilterTask } from './transform.filter.js';
import { fileArchiveTask } from './file.archive.js';
import { testTaskContext } from './testing/task-context.js';

/** The capstone's process_web_log DAG, task by task, against the students' expected outputs. */

const FIXTURES = path.resolve(__dirname, '../../../../shared/fixtures/softcart');
const ACCESS_LOG = path.join(FIXTURES, 'accesslog.txt');

let runFolder: string;
beforeAll(async () => {
  runFolder = await mkdtemp(path.join(os.tmpdir(), 'etl-weblog-run-'));
});
afterAll(async () => {
  await rm(runFolder, { recursive: true, force: true });
});

describe('process web log: extract_data -> transform_data -> load_data', () => {
  it('extract_data, transform_data and load_data produce the coursework files byte for byte', async () => {
    const extractCtx = await testTaskContext({ runFolder, taskId: 'extract_data' });
    const extracted = await logExtractTask.run(logExtractConfigSchema.parse({ input: ACCESS_LOG, fields: ['ip'], output: 'extracted_data.txt' }), extractCtx);
    const extractedFile = extracted.artifacts[0]!.path!;
    expect(path.dirname(extractedFile)).toBe(extractCtx.taskFolder);
    expect((await readFile(extractedFile)).equals(await readFile(path.join(FIXTURES, 'expected/extracted_data.txt')))).toBe(true);
    expect(extracted.metrics).toMatchObject({ rowsRead: 10000, rowsWritten: 10000, rowsRejected: 0 });

    const filterCtx = await testTaskContext({ runFolder, taskId: 'transform_data', inputs: { extract_data: extracted } });
    const transformed = await transformFilterTask.run(
      transformFilterConfigSchema.parse({ operator: 'equals', value: '198.46.149.143', action: 'drop', output: 'transformed_data.txt' }),
      filterCtx,
    );
    expect((await readFile(transformed.artifacts[0]!.path!)).equals(await readFile(path.join(FIXTURES, 'expected/transformed_data.txt')))).toBe(true);
    expect(transformed.values).toMatchObject({ rowsRead: 10000, rowsWritten: 9918, rowsDropped: 82 });

    const archiveCtx = await testTaskContext({ runFolder, taskId: 'load_data', inputs: { transform_data: transformed } });
    const archived = await archiveTask(archiveCtx, { files: ['transform_data'], output: 'weblog.tar' });
    const tarFile = archived.artifacts[0]!.path!;
    expect(path.basename(tarFile)).toBe('weblog.tar');
    const entries: { path: string; size: number }[] = [];
    await tar.list({ file: tarFile, onReadEntry: (e) => entries.push({ path: e.path, size: e.size ?? 0 }) });
    expect(entries).toEqual([{ path: 'transformed_data.txt', size: 138644 }]);
  });

  it('full parsing rejects the truncated line 8899 into quarantine.txt with its number, reason and raw text', async () => {
    const ctx = await testTaskContext({ runFolder, taskId: 'parse_log' });
    const out = await logExtractTask.run(
      logExtractConfigSchema.parse({ input: ACCESS_LOG, format: 'combined', fields: ['ip', 'time', 'status', 'bytes', 'userAgent'], output: 'weblog.tsv', time: 'iso-utc' }),
      ctx,
    );
    expect(out.metrics).toMatchObject({ rowsRead: 10000, rowsWritten: 9999, rowsRejected: 1 });
    expect(out.artifacts.map((a) => a.name)).toEqual(['weblog.tsv', 'quarantine.txt']);
    const raw = (await readFile(ACCESS_LOG, 'utf8')).split('\n')[8898];
    expect(await readFile(path.join(ctx.taskFolder, 'quarantine.txt'), 'utf8')).toBe(`8899\tline ends inside the user agent (truncated: no closing quote)\t${raw}\n`);
    expect(ctx.logs.some((l) => l.level === 'warn' && l.message.includes('Rejected 1 line'))).toBe(true);
    const lines = (await readFile(out.artifacts[0]!.path!, 'utf8')).split('\n');
    expect(lines[0]).toBe('ip\ttime\tstatus\tbytes\tuserAgent');
    expect(lines[1]).toBe('83.149.9.216\t2015-05-17T10:05:03Z\t200\t203023\tMozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36');
    expect(lines.length).toBe(1 + 9999 + 1);
  });

  it('a gzip archive holds the chosen files under their own names', async () => {
    const ctx = await testTaskContext({ runFolder, taskId: 'archive_gz' });
    const out = await archiveTask(ctx, { files: [ACCESS_LOG, path.join(FIXTURES, 'expected/extracted_data.txt')], output: 'logs.tar.gz' });
    const entries: string[] = [];
    await tar.list({ file: out.artifacts[0]!.path!, onReadEntry: (e) => entries.push(e.path) });
    expect(entries.sort()).toEqual(['accesslog.txt', 'extracted_data.txt']);
    expect((await readFile(out.artifacts[0]!.path!)).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
  });

  it('refuses to pack two files that would share a name', async () => {
    const ctx = await testTaskContext({ runFolder, taskId: 'archive_dup' });
    const other = path.join(runFolder, 'accesslog.txt');
    const { copyFile } = await import('node:fs/promises');
    await copyFile(ACCESS_LOG, other);
    await expect(archiveTask(ctx, { files: [ACCESS_LOG, other], output: 'dup.tar' })).rejects.toThrow(/^files: two files would share the name accesslog.txt/);
  });

  it('names the config field when the input is wrong', async () => {
    const ctx = await testTaskContext({ runFolder, taskId: 'bad' });
    await expect(logExtractTask.run(logExtractConfigSchema.parse({ input: path.join(runFolder, 'missing.log') }), ctx)).rejects.toThrow(/^input: file not found/);
    await expect(
      logExtractTask.run(logExtractConfigSchema.parse({ input: ACCESS_LOG, fields: ['ip', 'status'], output: 'x.txt' }), ctx),
    ).rejects.toThrow(/^outputFormat: txt holds one field per line/);
    expect(logExtractConfigSchema.safeParse({ input: ACCESS_LOG, fields: [] }).success).toBe(false);
  });
});

function archiveTask(ctx: Awaited<ReturnType<typeof testTaskContext>>, config: Record<string, unknown>) {
  return fileArchiveTask.run(fileArchiveConfigSchema.parse(config), ctx);
}
