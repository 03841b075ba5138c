import { describe, expect, it } from 'vitest';
import { openPipelineDocument, openPipelineText, PipelineFormatError, serializePipeline } from './migrate.js';
import { topologicalOrder } from './dag.js';

const v1 = {
  format: 'etl-studio.pipeline',
  version: 1,
  name: 'process_web_log',
  description: 'old file',
  params: [{ name: 'input', type: 'path', default: 'accesslog.txt' }],
  retries: 2,
  retryDelayMs: 500,
  schedule: '0 0 * * *',
  tasks: [
    { id: 'load_data', type: 'file.archive', label: 'Load', config: { archive: 'weblog.tar' }, dependsOn: ['transform_data'] },
    { id: 'extract_data', type: 'log.extract', config: { input: '${params.input}' }, x: 10, y: 20 },
    { id: 'transform_data', type: 'transform.filter', dependsOn: ['extract_data'], retries: 5 },
  ],
};

function formatError(fn: () => unknown): PipelineFormatError {
  try {
    fn();
  } catch (e) {
    if (e instanceof PipelineFormatError) return e;
    throw e;
  }
  throw new Error('expected a PipelineFormatError');
}

describe('opening pipeline files', () => {
  it('migrates a version 1 file: dependsOn -> edges, type -> kind, top-level retries -> defaults', () => {
    const { pipeline, migratedFrom } = openPipelineDocument(v1);
    expect(migratedFrom).toBe(1);
    expect(pipeline.version).toBe(2);
    expect(pipeline.tasks.map((t) => [t.id, t.kind, t.name])).toEqual([
      ['load_data', 'file.archive', 'Load'],
      ['extract_data', 'log.extract', 'extract_data'],
      ['transform_data', 'transform.filter', 'transform_data'],
    ]);
    expect(pipeline.edges).toEqual([{ from: 'transform_data', to: 'load_data' }, { from: 'extract_data', to: 'transform_data' }]);
    expect(topologicalOrder(pipeline)).toEqual(['extract_data', 'transform_data', 'load_data']);
    expect(pipeline.defaults).toEqual({ retries: 2, retryDelayMs: 500, timeoutMs: 0 });
    expect(pipeline.tasks[2]!.retries).toBe(5);
    expect(pipeline.tasks[1]!.position).toEqual({ x: 10, y: 20 });
    expect(pipeline.schedule).toEqual({ cron: '0 0 * * *', enabled: true });
    expect(pipeline.parameters).toEqual([{ name: 'input', kind: 'path', default: 'accesslog.txt', required: false }]);
  });

  it('round-trips a migrated file through save and open unchanged', () => {
    const { pipeline } = openPipelineDocument(v1);
    const again = openPipelineText(serializePipeline(pipeline));
    expect(again.migratedFrom).toBeNull();
    expect(again.pipeline).toEqual(pipeline);
  });

  it('names the task and field of a structural error', () => {
    const bad = { format: 'etl-studio.pipeline', version: 2, name: 'p', tasks: [{ id: 'load_data', kind: 'load.table', position: { x: 'left', y: 0 } }] };
    const e = formatError(() => openPipelineDocument(bad));
    expect(e.issues[0]!.message).toBe("Task 'load_data' (load.table): position.x: Invalid input: expected number, received string");
    expect(e.issues[0]!.taskId).toBe('load_data');
    const missingKind = formatError(() => openPipelineDocument({ ...v1, tasks: [{ id: 'x1' }] }));
    expect(missingKind.issues[0]!.message).toBe("Task 'x1': type: Required");
  });

  it('rejects files that are not pipelines, are newer, or are broken JSON, saying so', () => {
    expect(formatError(() => openPipelineDocument({ name: 'x' })).message).toMatch(/Not an ETL Studio pipeline file/);
    expect(formatError(() => openPipelineDocument({ format: 'etl-studio.pipeline', version: 9, name: 'x' })).message).toMatch(/newer ETL Studio/);
    expect(formatError(() => openPipelineText('{"format": ')).message).toMatch(/not valid JSON/);
  });

  it('opens a file that starts with a UTF-8 BOM', () => {
    const text = '\uFEFF' + JSON.stringify({ format: 'etl-studio.pipeline', version: 2, name: 'bom' });
    expect(openPipelineText(text).pipeline.name).toBe('bom');
  });
});
