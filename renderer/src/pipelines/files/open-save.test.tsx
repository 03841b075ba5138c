import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../../shared/api/contract.js';
import { emptyPipeline, type Pipeline } from '../../../../shared/pipeline/pipeline.js';
import { StoresProvider } from '../../state/app-stores.js';
import { appInfo, workspace } from '../../test-support/fixtures.js';
import { renderWithStores } from '../../test-support/render-with-stores.js';
import { createPipelineStores, PipelineStoresProvider } from '../pipeline-stores.js';
import { PipelinesScreen } from '../PipelinesScreen.js';

afterEach(cleanup);

function onDisk(): Pipeline {
  const p = emptyPipeline('Nightly load');
  p.tasks = [{ id: 'load', kind: 'load.table', name: 'Load', config: { connection: 'warehouse' }, position: { x: 0, y: 0 } }];
  return p;
}

async function setup() {
  const files = new Map<string, Pipeline>([['/home/me/nightly.json', onDisk()]]);
  const out = await renderWithStores(<div />, {
    'app.info': () => appInfo,
    'profiles.list': () => [],
    'workspace.get': () => workspace({ demoOffered: true }),
    'runs.history': () => [],
    'pipelines.recent': () => [...files.keys()].map((path) => ({ path, name: files.get(path)!.name, openedAt: '2025-01-01T00:00:00.000Z' })),
    'pipelines.open': ({ path }) => {
      const pipeline = files.get(path);
      if (!pipeline) throw new ApiError('not_found', `No pipeline file at ${path}`);
      return { path, pipeline, migratedFrom: null, issues: [{ code: 'config', severity: 'error', taskId: 'load', field: 'config.table', message: "Task 'load' (load.table): config.table: Required" }] };
    },
    'pipelines.save': ({ path, pipeline }) => {
      files.set(path, pipeline);
      return { path, savedAt: '2025-01-01T00:00:00.000Z', issues: [] };
    },
  });
  cleanup();
  const pipelines = createPipelineStores(out.stores.api);
  render(
    <StoresProvider stores={out.stores}>
      <PipelineStoresProvider stores={pipelines}><PipelinesScreen cullOffscreen={false} /></PipelineStoresProvider>
    </StoresProvider>,
  );
  return { ...out, pipelines, files };
}

describe('files', () => {
  it('opens a file from the recent list, shows what the engine found wrong, saves under a new name', async () => {
    const { pipelines, files, fake } = await setup();
    await act(async () => fireEvent.click(screen.getByTestId('open-file')));
    const dialog = screen.getByTestId('open-dialog');
    await act(async () => fireEvent.change(within(dialog).getByTestId('open-path'), { target: { value: '/home/me/missing.json' } }));
    await act(async () => fireEvent.submit(within(dialog).getByTestId('open-path').closest('form')!));
    expect(within(dialog).getByTestId('dialog-error').textContent).toBe('No pipeline file at /home/me/missing.json');

    await act(async () => fireEvent.click(within(dialog).getByTestId('recent-item')));
    expect(screen.queryByTestId('open-dialog')).toBeNull();
    expect(screen.getByTestId('pipeline-title').textContent).toContain('Nightly load');
    expect(screen.getByTestId('pipeline-title').textContent).toContain('/home/me/nightly.json');
    expect(screen.getByTestId('validation-result').textContent).toContain("config.table: Required");
    expect(screen.getAllByTestId('task-node')[0]!.dataset.problems).toBe('1');

    // Fixing the task clears the engine's stale list and the node's mark.
    await act(async () => pipelines.editor.getState().updateTask('load', { config: { connection: 'warehouse', table: 'facts' } }));
    expect(screen.queryByTestId('validation-result')).toBeNull();
    expect(screen.getAllByTestId('task-node')[0]!.dataset.problems).toBe('0');
    expect(screen.getByTestId('dirty-dot')).toBeTruthy();

    await act(async () => fireEvent.click(screen.getByTestId('save-as')));
    const saveAs = screen.getByTestId('save-as-dialog');
    expect((within(saveAs).getByTestId('save-path') as HTMLInputElement).value).toBe('/home/me/nightly.json');
    await act(async () => fireEvent.change(within(saveAs).getByTestId('save-path'), { target: { value: '/home/me/nightly-v2.json' } }));
    await act(async () => fireEvent.click(within(saveAs).getByRole('button', { name: 'Save' })));
    expect(screen.queryByTestId('save-as-dialog')).toBeNull();
    expect(screen.queryByTestId('dirty-dot')).toBeNull();
    expect(files.get('/home/me/nightly-v2.json')!.tasks[0]!.config).toEqual({ connection: 'warehouse', table: 'facts' });
    // The original file is untouched.
    expect(files.get('/home/me/nightly.json')!.tasks[0]!.config).toEqual({ connection: 'warehouse' });

    // Ctrl+S now saves in place without asking.
    await act(async () => pipelines.editor.getState().updateMeta({ name: 'Nightly load v2' }));
    await act(async () => fireEvent.keyDown(window, { key: 's', ctrlKey: true }));
    expect(screen.queryByTestId('save-as-dialog')).toBeNull();
    expect(fake.callsTo('pipelines.save')).toHaveLength(2);
    expect(files.get('/home/me/nightly-v2.json')!.name).toBe('Nightly load v2');
  });
});
