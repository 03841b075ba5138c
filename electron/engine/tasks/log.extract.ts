import path from 'node:path';
import type { TaskKindImpl } from '../pipelines/task-kind.js';
import type { LogExtractConfig } from '../../../shared/pipeline/kinds/log.extract.js';
import { extractLog } from '../weblog/extract-log.js';
import { formatOfPath } from './tabular/format.js';
import { TaskConfigError } from './support/config-error.js';
import { resolveInputFile } from './support/inputs.js';
import { TaskMeter } from './support/meter.js';
import { outputPath } from './support/paths.js';

export const logExtractTask: TaskKindImpl<LogExtractConfig> = {
  kind: 'log.extract',
  async run(config, ctx) {
    const input = await resolveInputFile(ctx, 'input', config.input);
    const output = outputPath(ctx.taskFolder, 'output', config.output, 'extracted_data.txt');
    const outputFormat =
      config.outputFormat !== 'auto' ? config.outputFormat : formatOfPath(output) ?? (config.fields.length === 1 ? 'txt' : 'tsv');
    if (outputFormat === 'txt' && config.fields.length > 1) {
      throw new TaskConfigError('outputFormat', `txt holds one field per line, but ${config.fields.length} fields are kept (${config.fields.join(', ')}); choose tsv or csv`);
    }
    const meter = new TaskMeter(ctx);
    const quarantineFile = path.join(ctx.taskFolder, 'quarantine.txt');
    ctx.log('info', `Reading ${input.path}, keeping ${config.fields.join(', ')} as ${outputFormat.toUpperCase()}`);
    const r = await extractLog({
      input: input.path,
      format: config.format,
      fields: config.fields,
      output,
      outputFormat,
      header: config.header,
      time: config.time,
      validation: config.validation,
      quarantineFile,
      signal: ctx.signal,
      onProgress: (c) => meter.report(c),
    });
    ctx.log('info', `Read ${r.rowsRead} lines${r.gzip ? ' (gzip)' : ''}, wrote ${r.rowsWritten} rows to ${output}`);
    if (r.quarantineSummary) {
      ctx.log('warn', `Rejected ${r.quarantineSummary}; the lines are in ${quarantineFile} with their line numbers`);
    }
    const artifacts = [{ name: path.basename(output), path: output, rows: r.rowsWritten }];
    if (r.quarantine) artifacts.push({ name: 'quarantine.txt', path: r.quarantine, rows: r.rowsRejected });
    return {
      artifacts,
      metrics: meter.metrics(),
      values: { rowsRead: r.rowsRead, rowsWritten: r.rowsWritten, rowsRejected: r.rowsRejected, gzip: r.gzip, quarantine: r.quarantine },
    };
  },
};
