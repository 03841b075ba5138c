import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyPipeline, type Pipeline } from '../../../../shared/pipeline/pipeline.js';
import { emptyMetrics, type TaskRunRecord } from '../../../../shared/pipeline/task-state.js';
import { StoresProvider } from '../../state/app-stores.js';
import { appInfo, logLines, runRecord, workspace } from '../../test-support/fixtures.js';
import { renderWithStores } from '../../test-support/render-with-stores.js';
import { docFromPipeline } from '../editor/doc.js';
import { createPipelineStores, PipelineStoresProvider } from '../pipeline-stores.js';
import { PipelinesScreen } from '../PipelinesScreen.js';

afterEach(cleanup);

function webLog(): Pipeline {
  const p = emptyPipeline('Web log');
  p.parameters = [
    { name: 'input', kind: 'path', default: '/data/access.log', required: true },
    { name: 'drop_ip', kind: 'string', default: '198.46.149.143', required: false },
    { name: 'warehouse', kind: 'connection', required: false },
  ];
  p.tasks = [
    { id: 'extract', kind: 'log.extract', name: 'Extract', config: { input: '${params.input}' }, position: { x: 0, y: 0 } },
    { id: 'filter', kind: 'transform.filter', name: 'Filter', config: { value: '${params.drop_ip}' }, position: { x: 300, y: 0 } },
  ];
  p.edges = [{ from: 'extract', to: 'filter' }];
  return p;
}

const metrics = (rows: number) => ({ ...emptyMetrics(), rowsRead: rows, rowsWritten: rows - 1, rowsRejected: 1, rowsPerSecond: 5000, durationMs: 1500 });

async function setup() {
  const out = await renderWithStores(<div />, {
    'app.info': () => appInfo,
    'profiles.list': () => [],
    'workspace.get': () => workspace({ demoOffered: true }),
    'runs.history': () => [],
    'pipelines.run': () => ({ runId: 'run-7' }),
    'runs.cancel': () => ({ cancelled: true }),
  });
  cleanup();
  const pipelines = createPipelineStores(out.stores.api);
  pipelines.editor.getState().load(docFromPipeline(webLog()), null);
  render(
    <StoresProvider stores={out.stores}>
      <PipelineStoresProvider stores={pipelines}><PipelinesScreen cullOffscreen={false} /></PipelineStoresProvider>
    </StoresProvider>,
  );
  return { ...out, pipelines };
}

describe('running from the canvas', () => {
  it('asks for parameters prefilled with defaults, runs, follows task states live, and cancels', async () => {
    const { fake, stores } = await setup();
    await act(async () => fireEvent.click(screen.getByTestId('run')));
    const dialog = screen.getByTestId('run-dialog');
    expect((within(dialog).getByTestId('run-param-input') as HTMLInputElement).value).toBe('/data/access.log');
    expect((within(dialog).getByTestId('run-param-drop_ip') as HTMLInputElement).value).toBe('198.46.149.143');
    await act(async () => fireEvent.change(within(dialog).getByTestId('run-param-drop_ip'), { target: { value: '10.0.0.1' } }));
    await act(async () => fireEvent.click(within(dialog).getByTestId('run-confirm')));

    // An optional parameter left empty is not sent; the edited pipeline (unsaved) is.
    const call = fake.callsTo('pipelines.run')[0]!.input as { params: Record<string, unknown>; pipeline: Pipeline };
    expect(call.params).toEqual({ input: '/data/access.log', drop_ip: '10.0.0.1' });
    expect(call.pipeline.tasks.map((t) => t.id)).toEqual(['extract', 'filter']);
    expect(screen.queryByTestId('run-dialog')).toBeNull();

    const nodeOf = (id: string) => screen.getAllByTestId('task-node').find((n) => n.dataset.taskId === id)!;
    expect(nodeOf('extract').dataset.state).toBe('queued');
    await act(async () => {
      fake.emit('task.state', { runId: 'run-7', taskId: 'extract', state: 'running', attempt: 1, metrics: metrics(10_000) });
      fake.emit('run.log', { runId: 'run-7', lines: logLines('run-7', 3).map((l) => ({ ...l, taskId: 'extract' })) });
    });
    expect(nodeOf('extract').dataset.state).toBe('running');
    expect(within(nodeOf('extract')).getByTestId('node-metrics').textContent).toContain('10,000 in');
    expect(within(nodeOf('extract')).getByTestId('node-metrics').textContent).toContain('1 rejected');
    const row = screen.getAllByTestId('run-metrics-row').find((r) => r.dataset.taskId === 'extract')!;
    expect(row.dataset.state).toBe('running');
    expect(row.textContent).toContain('5000 rows/s');

    await act(async () => fireEvent.click(screen.getByTestId('cancel-run')));
    expect(fake.callsTo('runs.cancel')[0]!.input).toEqual({ runId: 'run-7' });

    // The run's record at the end settles every task, including ones whose events were missed.
    const tasks: TaskRunRecord[] = [
      { taskId: 'extract', kind: 'log.extract', name: 'Extract', state: 'cancelled', attempts: 1, error: null, reason: null, startedAt: null, finishedAt: null, durationMs: 1500, metrics: metrics(10_000) },
      { taskId: 'filter', kind: 'transform.filter', name: 'Filter', state: 'skipped', attempts: 0, error: null, reason: 'cancelled', startedAt: null, finishedAt: null, durationMs: null, metrics: emptyMetrics() },
    ];
    await act(async () => fake.emit('run.state', { runId: 'run-7', status: 'cancelled', record: runRecord({ id: 'run-7', kind: 'pipeline', status: 'cancelled', tasks }) }));
    expect(nodeOf('extract').dataset.state).toBe('cancelled');
    expect(nodeOf('filter').dataset.state).toBe('skipped');
    expect(screen.getByTestId('run-panel').dataset.status).toBe('cancelled');
    expect(screen.queryByTestId('cancel-run')).toBeNull();
    expect(screen.getByTestId('rerun-failed')).toBeTruthy();
    expect(stores.live.getState().runs['run-7']!.log.length).toBe(3);
  });
});
