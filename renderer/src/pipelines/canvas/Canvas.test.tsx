import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyPipeline } from '../../../../shared/pipeline/pipeline.js';
import { appInfo, workspace } from '../../test-support/fixtures.js';
import { renderWithStores } from '../../test-support/render-with-stores.js';
import { docFromPipeline } from '../editor/doc.js';
import { createPipelineStores, PipelineStoresProvider } from '../pipeline-stores.js';
import { PipelinesScreen } from '../PipelinesScreen.js';
import { nodeRenderProbe } from './TaskNode.js';

afterEach(() => {
  nodeRenderProbe.current = null;
  cleanup();
});

const baseHandlers = {
  'app.info': () => appInfo,
  'profiles.list': () => [],
  'workspace.get': () => workspace({ demoOffered: true }),
  'runs.history': () => [],
  'pipelines.recent': () => [],
};

/** A seeded chain-of-chains pipeline: 500 tasks in 50 rows of 10, each row a chain. */
function bigPipeline(n = 500) {
  const p = emptyPipeline('Five hundred tasks');
  for (let i = 0; i < n; i++) {
    p.tasks.push({ id: `t${i}`, kind: i % 10 === 0 ? 'log.extract' : 'transform.filter', name: `Task ${i}`, config: { input: '/logs/a.log' }, position: { x: (i % 10) * 260, y: Math.floor(i / 10) * 120 } });
    if (i % 10 !== 0) p.edges.push({ from: `t${i - 1}`, to: `t${i}` });
  }
  return p;
}

async function renderEditor(pipeline = bigPipeline()) {
  const out = await renderWithStores(<div />, baseHandlers);
  cleanup();
  const pipelines = createPipelineStores(out.stores.api);
  pipelines.editor.getState().load(docFromPipeline(pipeline), null);
  const { StoresProvider } = await import('../../state/app-stores.js');
  const { render } = await import('@testing-library/react');
  render(
    <StoresProvider stores={out.stores}>
      <PipelineStoresProvider stores={pipelines}>
        <div style={{ width: 1200, height: 800 }}><PipelinesScreen cullOffscreen={false} /></div>
      </PipelineStoresProvider>
    </StoresProvider>,
  );
  return { ...out, pipelines };
}

describe('canvas performance', () => {
  it('renders 500 tasks, and dragging one re-renders that node only', { timeout: 60_000 }, async () => {
    const { pipelines } = await renderEditor();
    expect(screen.getAllByTestId('task-node')).toHaveLength(500);

    const renders = new Map<string, number>();
    nodeRenderProbe.current = (id) => renders.set(id, (renders.get(id) ?? 0) + 1);
    // React Flow's drag reports these changes; the canvas hands them to the store as they come.
    await act(async () => {
      for (let i = 1; i <= 20; i++) pipelines.editor.getState().onNodesChange([{ type: 'position', id: 't42', position: { x: 520 + i * 7, y: 480 + i * 3 }, dragging: true }]);
    });
    await act(async () => {
      pipelines.editor.getState().onNodesChange([{ type: 'position', id: 't42', position: { x: 660, y: 540 }, dragging: false }]);
    });

    expect([...renders.keys()]).toEqual(['t42']);
    expect(renders.get('t42')).toBeGreaterThanOrEqual(1);
    expect(pipelines.editor.getState().doc.tasks[42]!.position).toEqual({ x: 660, y: 540 });
    const moved = screen.getAllByTestId('task-node').find((n) => n.dataset.taskId === 't42')!;
    expect(moved.closest('.react-flow__node')!.getAttribute('style')).toMatch(/translate\(660px, ?540px\)/);
  });

  it('a task.state event re-renders only the node of that task', { timeout: 60_000 }, async () => {
    const { pipelines, fake } = await renderEditor();
    await act(async () => pipelines.runView.getState().show('run-1'));
    const renders = new Map<string, number>();
    nodeRenderProbe.current = (id) => renders.set(id, (renders.get(id) ?? 0) + 1);
    await act(async () => {
      fake.emit('task.state', { runId: 'run-1', taskId: 't7', state: 'running', attempt: 1, metrics: { rowsRead: 10, rowsWritten: 9, rowsRejected: 1, rowsPerSecond: 100, durationMs: 100 } });
    });
    expect([...renders.keys()]).toEqual(['t7']);
    const node = screen.getAllByTestId('task-node').find((n) => n.dataset.taskId === 't7')!;
    expect(node.dataset.state).toBe('running');
    expect(within(node).getByTestId('node-state').textContent).toContain('Running');
  });
});

describe('editing on the canvas', () => {
  it('adds a task from the palette with Enter, marks its config problems, and refuses a cycle with an alert', async () => {
    const { pipelines } = await renderEditor(emptyPipeline('Web log'));
    const item = screen.getAllByTestId('palette-item').find((el) => el.dataset.kind === 'sql.run')!;
    await act(async () => fireEvent.keyDown(item, { key: 'Enter' }));
    await act(async () => fireEvent.keyDown(screen.getAllByTestId('palette-item').find((el) => el.dataset.kind === 'check.sql')!, { key: 'Enter' }));

    const nodes = screen.getAllByTestId('task-node');
    expect(nodes.map((n) => n.dataset.taskId)).toEqual(['sql_run', 'check_sql']);
    // A new sql.run has no connection or SQL yet: the node says so.
    expect(within(nodes[0]!).getByTestId('node-problems').textContent).toBe('2 problems');

    await act(async () => {
      pipelines.editor.getState().connect('sql_run', 'check_sql');
      pipelines.editor.getState().connect('check_sql', 'sql_run');
    });
    const notice = screen.getByTestId('canvas-notice');
    expect(notice.getAttribute('role')).toBe('alert');
    expect(notice.textContent).toContain("Connecting 'check_sql' -> 'sql_run' would create a cycle");
    expect(pipelines.editor.getState().doc.edges).toEqual([{ from: 'sql_run', to: 'check_sql' }]);

    // Undo from the toolbar takes the edge away.
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Undo' })));
    expect(pipelines.editor.getState().doc.edges).toEqual([]);
    expect(screen.getByTestId('dirty-dot')).toBeTruthy();
  });

  it('configures the selected task in the side panel with validation as you type', async () => {
    const { pipelines } = await renderEditor(emptyPipeline('Filter'));
    await act(async () => { pipelines.editor.getState().addTask('transform.filter', { x: 0, y: 0 }); });
    const panel = screen.getByTestId('task-panel');
    const operator = within(panel).getByLabelText('Condition') as HTMLSelectElement;
    await act(async () => fireEvent.change(operator, { target: { value: 'regex' } }));
    const value = within(panel).getByLabelText('Value') as HTMLInputElement;
    await act(async () => fireEvent.change(value, { target: { value: '([' } }));
    const valueField = panel.querySelector('[data-field="value"]') as HTMLElement;
    expect(within(valueField).getByRole('alert').textContent).toMatch(/^Not a valid regular expression/);
    expect(screen.getByTestId('node-problems').textContent).toBe('1 problem');
    await act(async () => fireEvent.change(value, { target: { value: '^198\\.46\\.' } }));
    expect(within(panel).queryByText(/Not a valid regular expression/)).toBeNull();
    expect(screen.queryByTestId('node-problems')).toBeNull();
    expect(pipelines.editor.getState().doc.tasks[0]!.config).toMatchObject({ operator: 'regex', value: '^198\\.46\\.' });
  });
});
