import { describe, expect, it } from 'vitest';
import { referencedParams, resolveParams, substituteParams } from './params.js';
import { pipelineSchema } from './pipeline.js';

const pipeline = pipelineSchema.parse({
  format: 'etl-studio.pipeline', version: 2, name: 'p',
  parameters: [
    { name: 'input', kind: 'path', default: '/data/accesslog.txt' },
    { name: 'warehouse', kind: 'connection', required: true },
    { name: 'limit', kind: 'number', default: 100 },
    { name: 'gzip', kind: 'boolean', default: false },
  ],
});

describe('parameters', () => {
  it('substitutes placeholders deep inside a config, keeping types for whole-string placeholders', () => {
    const config = {
      path: '${params.input}',
      query: 'SELECT * FROM t LIMIT ${params.limit}',
      limit: '${params.limit}',
      nested: { list: ['${params.gzip}', 'x-${params.input}-y'] },
      untouched: 5,
    };
    const { value, missing } = substituteParams(config, { input: '/tmp/a.log', limit: 7, gzip: true });
    expect(value).toEqual({
      path: '/tmp/a.log',
      query: 'SELECT * FROM t LIMIT 7',
      limit: 7,
      nested: { list: [true, 'x-/tmp/a.log-y'] },
      untouched: 5,
    });
    expect(missing).toEqual([]);
    expect(config.path).toBe('${params.input}');
  });

  it('leaves unknown placeholders as written and reports them', () => {
    const { value, missing } = substituteParams({ a: 'to ${params.nope}', b: '${params.nope2}' }, {});
    expect(value).toEqual({ a: 'to ${params.nope}', b: '${params.nope2}' });
    expect(missing).toEqual(['nope', 'nope2']);
    expect(referencedParams({ a: ['${params.x} ${params.y}'], b: '${params.x}' })).toEqual(['x', 'y']);
  });

  it('coerces CLI text to each kind and applies defaults', () => {
    const r = resolveParams(pipeline, { warehouse: 'postgres://etl@127.0.0.1/wh', limit: '25', gzip: 'yes' });
    expect(r.issues).toEqual([]);
    expect(r.values).toEqual({ input: '/data/accesslog.txt', warehouse: 'postgres://etl@127.0.0.1/wh', limit: 25, gzip: true });
  });

  it('reports a missing required parameter, a bad number and an undeclared name', () => {
    const r = resolveParams(pipeline, { limit: 'ten', warehuose: 'x' });
    const messages = r.issues.map((i) => i.message);
    expect(messages).toContain("Parameter 'warehouse' is required and has no value");
    expect(messages).toContain('Parameter \'limit\' (number): expected a number, got "ten"');
    expect(messages).toContain("Parameter 'warehuose' is not declared by this pipeline");
  });
});
