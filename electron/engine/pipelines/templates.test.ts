import { access } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { topologicalOrder } from '../../../shared/pipeline/dag.js';
import { validatePipeline } from '../../../shared/pipeline/validate.js';
import { findAssetsDir } from './assets.js';
import { listTemplates, loadTemplate } from './pipeline-files.js';

const assets = findAssetsDir();

describe('bundled templates', () => {
  it('are found next to the app', () => {
    expect(assets).toBe(path.resolve('assets'));
  });

  it.each(['process-web-log', 'softcart-star', 'softcart-replicate'])('%s validates against the schema and the task catalog', async (id) => {
    const pipeline = await loadTemplate(assets, id);
    expect(validatePipeline(pipeline)).toEqual([]);
    // With run values for the required connections, nothing is missing either.
    const params = { source: 'mysql://etl@127.0.0.1:3306/sales', warehouse: 'postgres://etl@127.0.0.1:5432/dw' };
    const needed = Object.fromEntries(Object.entries(params).filter(([k]) => pipeline.parameters.some((p) => p.name === k)));
    expect(validatePipeline(pipeline, { params: needed })).toEqual([]);
    expect(topologicalOrder(pipeline)).toHaveLength(pipeline.tasks.length);
  });

  it('process-web-log follows the coursework DAG and reads the bundled sample log', async () => {
    const pipeline = await loadTemplate(assets, 'process-web-log');
    const main = topologicalOrder(pipeline).filter((id) => !pipeline.tasks.find((t) => t.id === id)!.runIf);
    expect(main).toEqual(['extract_data', 'transform_data', 'load_data']);
    const input = pipeline.parameters.find((p) => p.name === 'input')!.default as string;
    expect(path.isAbsolute(input)).toBe(true);
    await expect(access(input)).resolves.toBeUndefined();
    expect(pipeline.tasks.filter((t) => t.runIf === 'warehouse').map((t) => t.kind)).toEqual(['log.extract', 'load.table']);
  });

  it('the star template uses the sync and check kinds with source and warehouse parameters', async () => {
    const pipeline = await loadTemplate(assets, 'softcart-star');
    expect(pipeline.tasks.map((t) => t.kind)).toEqual(['sync.star', 'check.rowcount', 'check.sql']);
    expect(pipeline.parameters.filter((p) => p.required).map((p) => p.name)).toEqual(['source', 'warehouse']);
    const list = await listTemplates(assets);
    expect(list.find((t) => t.id === 'softcart-star')).toMatchObject({ name: 'SoftCart sales -> star schema', taskCount: 3 });
  });
});
