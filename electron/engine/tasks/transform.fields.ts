import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import type { TaskKindImpl } from '../pipelines/task-kind.js';
import type { TransformFieldsConfig } from '../../../shared/pipeline/kinds/transform.fields.js';
import { Quarantine } from '../weblog/quarantine.js';
import { convertValue } from './convert/convert-value.js';
import { writeRow } from './tabular/encode.js';
import { OutputBuffer } from './tabular/output-buffer.js';
import { readTable } from './tabular/read-table.js';
import type { Row } from './tabular/decode.js';
import { TaskConfigError } from './support/config-error.js';
import { resolveInputFile } from './support/inputs.js';
import { TaskMeter } from './support/meter.js';
import { outputPath, withExtension } from './support/paths.js';
import { chooseFormat } from './support/table-format.js';

export const transformFieldsTask: TaskKindImpl<TransformFieldsConfig> = {
  kind: 'transform.fields',
  async run(config, ctx) {
    const input = await resolveInputFile(ctx, 'input', config.input);
    const inFormat = chooseFormat('input', 'auto', input.path, null);
    if (inFormat === 'txt' && config.header) throw new TaskConfigError('header', 'a TXT file has no header; turn header off and name its one column "column1"');
    const fallbackName = path.basename(input.path).replace(/\.gz$/i, '');
    let output = outputPath(ctx.taskFolder, 'output', config.output, fallbackName);
    const outFormat = chooseFormat('outputFormat', config.outputFormat, config.output ? output : '', inFormat);
    if (!config.output && outFormat !== inFormat) output = path.join(ctx.taskFolder, withExtension(fallbackName, outFormat));
    if (outFormat === 'txt' && config.fields.length > 1) throw new TaskConfigError('outputFormat', 'txt holds one field per line; choose tsv or csv for several fields');
    const names = config.fields.map((f) => f.to || f.from);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup) throw new TaskConfigError('fields', `two output columns are named "${dup}"; rename one`);

    const meter = new TaskMeter(ctx);
    const quarantine = new Quarantine(path.join(ctx.taskFolder, 'quarantine.txt'));
    await quarantine.reset();
    await mkdir(path.dirname(output), { recursive: true });
    const handle = await open(output, 'w');
    const out = new OutputBuffer(handle);
    let picks: number[] | null = null;
    let line = 0;
    let read = 0;
    let written = 0;
    try {
      if (outFormat !== 'txt' && config.header) writeRow(out, outFormat, names);
      for await (const batch of readTable(input.path, inFormat, ctx.signal)) {
        for (let r = 0; r < batch.rows.length; r++) {
          const row = batch.rows[r]!;
          line++;
          if (!picks) {
            const columns = config.header ? row.map((v) => v ?? '') : row.map((_v, i) => `column${i + 1}`);
            picks = config.fields.map((f, i) => {
              const at = columns.indexOf(f.from);
              if (at < 0) throw new TaskConfigError(`fields.${i}.from`, `no column named "${f.from}" (columns: ${columns.join(', ')})`);
              return at;
            });
            if (config.header) continue;
          }
          read++;
          const values: Row = [];
          let reason: string | null = null;
          for (let k = 0; k < picks.length && !reason; k++) {
            const c = convertValue(row[picks[k]!] ?? null, config.fields[k]!.convert);
            if (c.ok) values.push(c.value);
            else reason = `${config.fields[k]!.from}: ${c.reason}`;
          }
          if (reason) {
            quarantine.add(line, reason, batch.raw, batch.spans[r * 2]!, batch.spans[r * 2 + 1]!);
          } else {
            writeRow(out, outFormat, values);
            written++;
          }
        }
        await out.flushIfBig();
        await quarantine.flush();
        meter.report({ rowsRead: read, rowsWritten: written, rowsRejected: quarantine.count });
      }
      await out.flush();
    } finally {
      await handle.close();
      await quarantine.close();
    }
    meter.report({ rowsRead: read, rowsWritten: written, rowsRejected: quarantine.count });
    ctx.log('info', `Read ${read} rows, wrote ${written} with columns ${names.join(', ')} to ${output}`);
    if (quarantine.count > 0) ctx.log('warn', `Rejected ${quarantine.summary()}; see ${quarantine.file}`);
    const artifacts = [{ name: path.basename(output), path: output, rows: written }];
    if (quarantine.count > 0) artifacts.push({ name: 'quarantine.txt', path: quarantine.file, rows: quarantine.count });
    return { artifacts, metrics: meter.metrics(), values: { rowsRead: read, rowsWritten: written, rowsRejected: quarantine.count } };
  },
};
