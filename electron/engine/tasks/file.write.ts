import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { TaskKindImpl } from '../pipelines/task-kind.js';
import type { FileWriteConfig } from '../../../shared/pipeline/kinds/file.write.js';
import { lineChunks } from '../weblog/input.js';
import { writeRow } from './tabular/encode.js';
import { OutputBuffer } from './tabular/output-buffer.js';
import { readTable } from './tabular/read-table.js';
import { TaskConfigError } from './support/config-error.js';
import { resolveInputFile } from './support/inputs.js';
import { TaskMeter } from './support/meter.js';
import { withExtension } from './support/paths.js';
import { chooseFormat } from './support/table-format.js';
import type { TableFormat } from './tabular/format.js';

export const fileWriteTask: TaskKindImpl<FileWriteConfig> = {
  kind: 'file.write',
  async run(config, ctx) {
    const input = await resolveInputFile(ctx, 'input', config.input);
    const inFormat = chooseFormat('input', 'auto', input.path, 'txt');
    const baseName = config.fileName || path.basename(input.path).replace(/\.gz$/i, '');
    const format = chooseFormat('format', config.format, config.fileName, inFormat);
    const fileName = config.fileName || (format === inFormat ? baseName : withExtension(baseName, format));
    if (fileName.includes('/') || fileName.includes('\\')) throw new TaskConfigError('fileName', 'give a file name without folders; put the folder in "folder"');
    const folder = path.resolve(config.folder);
    const dest = path.join(folder, fileName);
    if (!config.overwrite && (await stat(dest).catch(() => null))) {
      throw new TaskConfigError('overwrite', `${dest} exists and overwrite is off`);
    }
    await mkdir(folder, { recursive: true }).catch((err: Error) => {
      throw new TaskConfigError('folder', `cannot create ${folder}: ${err.message}`);
    });

    const meter = new TaskMeter(ctx);
    // Written beside the target and renamed into place, so a failed or cancelled
    // attempt never leaves a half-written file under the real name.
    const temp = path.join(folder, `.${fileName}.${process.pid}.${Date.now()}.part`);
    let rows = 0;
    try {
      rows = format === inFormat ? await copyLines(input.path, temp, ctx.signal, (n) => meter.report({ rowsRead: n, rowsWritten: n }))
        : await convert(input.path, inFormat, temp, format, config.header, ctx.signal, (n) => meter.report({ rowsRead: n, rowsWritten: n }));
      await rename(temp, dest);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
    const dataRows = format !== 'txt' && config.header ? Math.max(0, rows - 1) : rows;
    meter.report({ rowsRead: dataRows, rowsWritten: dataRows });
    ctx.log('info', `Wrote ${dataRows} rows to ${dest}${format === inFormat ? '' : ` (converted ${inFormat.toUpperCase()} to ${format.toUpperCase()})`}`);
    return { artifacts: [{ name: fileName, path: dest, rows: dataRows }], metrics: meter.metrics(), values: { path: dest, rows: dataRows } };
  },
};

/** Copies a text file (gunzipping it if needed) and counts its lines; a missing last newline is added. */
async function copyLines(input: string, dest: string, signal: AbortSignal, progress: (lines: number) => void): Promise<number> {
  const handle = await open(dest, 'w');
  const out = new OutputBuffer(handle);
  let lines = 0;
  try {
    for await (const chunk of lineChunks(input, signal)) {
      let at = chunk.indexOf(0x0a);
      while (at >= 0) {
        lines++;
        at = chunk.indexOf(0x0a, at + 1);
      }
      out.bytes(chunk, 0, chunk.length);
      if (chunk[chunk.length - 1] !== 0x0a) {
        out.byte(0x0a);
        lines++;
      }
      await out.flushIfBig();
      progress(lines);
    }
    await out.flush();
  } finally {
    await handle.close();
  }
  return lines;
}

async function convert(
  input: string,
  from: TableFormat,
  dest: string,
  to: TableFormat,
  header: boolean,
  signal: AbortSignal,
  progress: (rows: number) => void,
): Promise<number> {
  const handle = await open(dest, 'w');
  const out = new OutputBuffer(handle);
  let rows = 0;
  let first = true;
  try {
    for await (const batch of readTable(input, from, signal)) {
      for (const row of batch.rows) {
        if (first) {
          first = false;
          if (to === 'txt' && row.length > 1) throw new TaskConfigError('format', `txt holds one value per line, but the input has ${row.length} columns`);
          if (from === 'txt' && to !== 'txt' && header) {
            writeRow(out, to, ['value']); // a TXT file has no header: name its one column
            rows++;
          }
          if (from !== 'txt' && to === 'txt' && header) continue; // TXT has no header line
        }
        writeRow(out, to, row);
        rows++;
      }
      await out.flushIfBig();
      progress(rows);
    }
    await out.flush();
  } finally {
    await handle.close();
  }
  return rows;
}
