import path from 'node:path';
import type { TaskKindImpl } from '../pipelines/task-kind.js';
import type { TransformFilterConfig } from '../../../shared/pipeline/kinds/transform.filter.js';
import { filterFile } from './filter/filter-file.js';
import { resolveInputFile } from './support/inputs.js';
import { TaskMeter } from './support/meter.js';
import { outputPath } from './support/paths.js';
import { chooseFormat } from './support/table-format.js';

export const transformFilterTask: TaskKindImpl<TransformFilterConfig> = {
  kind: 'transform.filter',
  async run(config, ctx) {
    const input = await resolveInputFile(ctx, 'input', config.input);
    const format = chooseFormat('input', 'auto', input.path, 'txt');
    const output = outputPath(ctx.taskFolder, 'output', config.output, path.basename(input.path).replace(/\.gz$/i, ''));
    const meter = new TaskMeter(ctx);
    const what = config.field && format !== 'txt' ? `column ${config.field}` : 'the whole line';
    const cond = config.operator === 'in' ? `is one of ${config.values.length} values` : `${config.operator} ${JSON.stringify(config.value)}`;
    ctx.log('info', `${config.action === 'drop' ? 'Dropping' : 'Keeping'} rows of ${input.path} where ${what} ${cond}`);
    const c = await filterFile({
      input: input.path,
      format,
      header: config.header,
      field: config.field,
      operator: config.operator,
      value: config.value,
      values: config.values,
      action: config.action,
      output,
      signal: ctx.signal,
      onProgress: (p) => meter.report({ rowsRead: p.rowsRead, rowsWritten: p.rowsWritten }),
    });
    ctx.log('info', `Read ${c.rowsRead} rows, kept ${c.rowsWritten}, dropped ${c.rowsDropped}; wrote ${output}`);
    return {
      artifacts: [{ name: path.basename(output), path: output, rows: c.rowsWritten }],
      metrics: meter.metrics(),
      values: { rowsRead: c.rowsRead, rowsWritten: c.rowsWritten, rowsDropped: c.rowsDropped },
    };
  },
};
