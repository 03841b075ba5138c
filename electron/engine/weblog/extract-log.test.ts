import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractLog, type ExtractLogOptions } from './extract-log.js';
import { writeLogFile } from './testing/generate-log.js';

const FIXTURE = path.resolve(__dirname, '../../../../shared/fixtures/softcart/accesslog.txt');
const EXPECTED = path.resolve(__dirname, '../../../../shared/fixtures/softcart/expected/extracted_data.txt');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'etl-weblog-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function options(over: Partial<ExtractLogOptions>): ExtractLogOptions {
  return {
    input: FIXTURE, format: 'auto', fields: ['ip'], output: path.join(dir, 'out.txt'), outputFormat: 'txt', header: true,
    time: 'original', validation: 'kept-fields', quarantineFile: path.join(dir, 'quarantine.txt'), signal: new AbortController().signal, ...over,
  };
}

describe('extractLog', () => {
  it('keeps the IPs of a gzip log exactly as cut does on the plain file', async () => {
    const gz = path.join(dir, 'access.log.gz');
    await pipeline(createReadStream(FIXTURE), createGzip(), createWriteStream(gz));
    const out = path.join(dir, 'from-gz.txt');
    const r = await extractLog(options({ input: gz, output: out }));
    expect(r.gzip).toBe(true);
    expect(r.rowsWritten).toBe(10000);
    expect((await readFile(out)).equals(await readFile(EXPECTED))).toBe(true);
  });

  it('writes CSV with quoting where values need it and an empty field for NULL', async () => {
    const input = path.join(dir, 'csv-input.log');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(input, '1.2.3.4 - - [17/May/2015:10:05:03 -0700] "GET /a,b HTTP/1.1" 200 - "-" "Agent \\"x\\""\n');
    const out = path.join(dir, 'out.csv');
    await extractLog(options({ input, output: out, outputFormat: 'csv', fields: ['ip', 'time', 'path', 'bytes', 'userAgent'], time: 'iso-utc' }));
    expect(await readFile(out, 'utf8')).toBe('ip,time,path,bytes,userAgent\n1.2.3.4,2015-05-17T17:05:03Z,"/a,b",,"Agent ""x"""\n');
  });

  it('whole-line validation rejects the truncated line even when only the IP is kept', async () => {
    const out = path.join(dir, 'strict.txt');
    const q = path.join(dir, 'strict-quarantine.txt');
    const r = await extractLog(options({ output: out, quarantineFile: q, validation: 'whole-line' }));
    expect(r.rowsWritten).toBe(9999);
    expect(r.rowsRejected).toBe(1);
    expect((await readFile(q, 'utf8')).split('\t').slice(0, 2)).toEqual(['8899', 'line ends inside the user agent (truncated: no closing quote)']);
  });

  it('stops promptly when cancelled, part way through a long log', async () => {
    const big = path.join(dir, 'big.log');
    await writeLogFile(big, 7, 400_000);
    const size = (await stat(big)).size;
    const ac = new AbortController();
    let seen = 0;
    const started = performance.now();
    const run = extractLog(options({
      input: big, output: path.join(dir, 'big.tsv'), outputFormat: 'tsv', fields: ['ip', 'time', 'status'], time: 'iso-utc', signal: ac.signal,
      onProgress: (c) => {
        seen = c.bytesRead;
        if (c.rowsRead > 0) ac.abort(new Error('cancelled by test'));
      },
    }));
    await expect(run).rejects.toThrow('cancelled by test');
    expect(performance.now() - started).toBeLessThan(2000);
    expect(seen).toBeLessThan(size);
  });
});
