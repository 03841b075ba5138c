import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { extendCatalog, type TaskKindInfo } from './catalog.js';
import { pipelineSchema, type PipelineInput } from './pipeline.js';
import { validatePipeline } from './validate.js';

// A kind of the test's own, with a schema that requires fields, so messages are checked
// independently of the built-in kinds' schemas.
const testLoad: TaskKindInfo = {
  kind: 'test.load', label: 'Test load', description: 'd', category: 'load', inputs: 'i', outputs: 'o', icon: 'x',
  configSchema: z.object({ table: z.string().min(1), source: z.string(), batch: z.number().int().default(10) }),
};
const catalog = extendCatalog([testLoad]);

function make(p: Partial<PipelineInput>) {
  return pipelineSchema.parse({ format: 'etl-studio.pipeline', version: 2, name: 'p', ...p });
}

const base = make({
  parameters: [{ name: 'target', kind: 'string', default: 'sales' }, { name: 'wh', kind: 'connection', required: true }],
  tasks: [
    { id: 'extract_data', kind: 'test.load', name: 'E', config: { table: '${params.target}', source: 'x' } },
    { id: 'load_data', kind: 'test.load', name: 'L', config: { table: 't', source: '${params.wh}' } },
  ],
  edges: [{ from: 'extract_data', to: 'load_data' }],
});

describe('validatePipeline', () => {
  it('accepts a good pipeline, with parameter defaults standing in for placeholders', () => {
    expect(validatePipeline(base, { catalog })).toEqual([]);
  });

  it('names the task, its kind and the field of a config error', () => {
    const p = make({ tasks: [{ id: 'load_data', kind: 'test.load', config: { source: 'x' } }] });
    const issues = validatePipeline(p, { catalog });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'config', taskId: 'load_data', field: 'config.table' });
    expect(issues[0]!.message).toBe("Task 'load_data' (test.load): config.table: Required");
  });

  it('checks configs after substituting run values', () => {
    const p = make({
      parameters: [{ name: 'n', kind: 'string', default: 'x' }],
      tasks: [{ id: 'a', kind: 'test.load', config: { table: '${params.n}', source: 's' } }],
    });
    expect(validatePipeline(p, { catalog, params: { n: '' } }).map((i) => i.field)).toEqual(['config.table']);
  });

  it('reports unknown kinds, duplicate ids, dangling and self edges, cycles, undeclared parameters', () => {
    const p = make({
      tasks: [
        { id: 'a', kind: 'test.load', config: { table: 't', source: '${params.ghost}' } },
        { id: 'b', kind: 'nope.kind', config: {} },
        { id: 'a', kind: 'test.load', config: { table: 't', source: 's' } },
        { id: 'c', kind: 'test.load', config: { table: 't', source: 's' } },
      ],
      edges: [{ from: 'a', to: 'c' }, { from: 'c', to: 'a' }, { from: 'c', to: 'zz' }, { from: 'b', to: 'b' }],
    });
    const issues = validatePipeline(p, { catalog });
    const byCode = (code: string) => issues.filter((i) => i.code === code);
    expect(byCode('unknown_kind')[0]!.message).toBe("Task 'b' (nope.kind): kind: Unknown task kind 'nope.kind'");
    expect(byCode('duplicate_id')[0]!.taskId).toBe('a');
    expect(byCode('dangling_edge')[0]!.message).toBe("Edge c -> zz: task 'zz' does not exist");
    expect(byCode('self_edge')[0]!.taskId).toBe('b');
    expect(byCode('cycle')[0]!.message).toMatch(/cycle: (a -> c -> a|c -> a -> c)/);
    expect(byCode('unknown_param')[0]).toMatchObject({ taskId: 'a' });
    expect(byCode('unknown_param')[0]!.message).toContain("no parameter 'ghost'");
  });

  it('reports a required parameter without a value when run values are given', () => {
    const issues = validatePipeline(base, { catalog, params: {} });
    expect(issues.map((i) => i.message)).toEqual(["Parameter 'wh' is required and has no value"]);
    expect(validatePipeline(base, { catalog, params: { wh: 'pglite:/tmp/wh' } })).toEqual([]);
  });
});

describe('validatePipeline with the built-in kinds', () => {
  it("says \"Task 'load_data' (load.table): config.table: Required\" for a load without a table", () => {
    const p = make({ tasks: [{ id: 'load_data', kind: 'load.table', config: { connection: 'postgres://etl@127.0.0.1/dw' } }] });
    expect(validatePipeline(p).map((i) => i.message)).toEqual(["Task 'load_data' (load.table): config.table: Required"]);
  });
});
