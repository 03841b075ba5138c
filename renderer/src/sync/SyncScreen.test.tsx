import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api/contract.js';
import type { WorkspaceUpdate } from '../../../shared/workspace/workspace.js';
import { appInfo, logLines, mysqlProfile, pgProfile, runRecord, syncResult, workspace } from '../test-support/fixtures.js';
import { renderWithStores } from '../test-support/render-with-stores.js';
import { SyncScreen } from './SyncScreen.js';

afterEach(cleanup);

function handlers(updates: WorkspaceUpdate[] = []) {
  let ws = workspace({ sourceProfileId: 'p-mysql', warehouseProfileId: 'p-pg' });
  return {
    'app.info': () => appInfo,
    'profiles.list': () => [mysqlProfile, pgProfile],
    'workspace.get': () => ws,
    'workspace.update': (patch: WorkspaceUpdate) => {
      updates.push(patch);
      ws = { ...ws, ...patch, sync: { ...ws.sync, ...patch.sync } } as typeof ws;
      return ws;
    },
    'sync.start': () => ({ runId: 'run-1' }),
    'sample.loadSoftcart': () => ({ runId: 'run-s' }),
    'runs.cancel': () => ({ cancelled: true }),
  };
}

describe('sync screen', () => {
  it('saves edited settings, then runs the workspace default and shows progress, log and result live', async () => {
    const updates: WorkspaceUpdate[] = [];
    const { fake } = await renderWithStores(<SyncScreen />, handlers(updates));
    expect(screen.getByTestId('route-source').textContent).toBe('Shop MariaDB');

    fireEvent.change(screen.getByLabelText('Batch rows'), { target: { value: '5000' } });
    fireEvent.click(screen.getByLabelText('Recount whole tables after every sync'));
    await act(async () => fireEvent.click(screen.getByTestId('sync-now')));

    expect(updates[0]).toMatchObject({ sourceProfileId: 'p-mysql', warehouseProfileId: 'p-pg', sync: { mode: 'replicate', batchRows: 5000, fullCheck: true } });
    // The one-click path sends no request: the engine runs the saved default.
    expect(fake.callsTo('sync.start')[0]?.input).toEqual({});
    expect(fake.calls.findIndex((c) => c.method === 'workspace.update')).toBeLessThan(fake.calls.findIndex((c) => c.method === 'sync.start'));

    act(() => {
      fake.emit('run.log', { runId: 'run-1', lines: logLines('run-1', 3) });
      fake.emit('run.progress', { runId: 'run-1', phase: 'Loading', rowsRead: 900, rowsWritten: 825, rowsRejected: 0, totalRows: 1650, rowsPerSecond: 95_210, batch: 2, etaMs: 9_000 });
    });
    expect(screen.getByTestId('run-status').textContent).toBe('Running');
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('50');
    expect(screen.getByTestId('progress-written').textContent).toBe('825');
    expect(screen.getByTestId('progress-rate').textContent).toBe('95.2k rows/s');
    expect(screen.getByTestId('progress-eta').textContent).toBe('9 s left');
    expect(screen.getByTestId('live-log').textContent).toContain('3 lines');
    expect((screen.getByTestId('sync-now') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('cancel-run')).toBeTruthy();

    act(() => {
      fake.emit('run.state', { runId: 'run-1', status: 'success', record: runRecord({ id: 'run-1' }) });
    });
    expect(screen.getByTestId('run-status').textContent).toBe('Succeeded');
    expect(screen.getByTestId('sync-summary').textContent).toBe('Last row id 12289 · 1650 new rows · inserted 1650 · watermark now 13939');
    const check = within(screen.getByTestId('checks-table')).getByTestId('check-row');
    expect(check.textContent).toContain('13836');
    expect(check.getAttribute('data-ok')).toBe('true');
    expect(screen.getByTestId('result-defaults-kept').textContent).toContain('price');
    expect(screen.getByTestId('result-notes').textContent).toContain('Session time zone +00:00');
    expect((screen.getByTestId('sync-now') as HTMLButtonElement).disabled).toBe(false);
  });

  it('shows a failing check as failed, with both numbers', async () => {
    const { fake } = await renderWithStores(<SyncScreen />, handlers());
    await act(async () => fireEvent.click(screen.getByTestId('sync-now')));
    act(() => {
      fake.emit('run.state', {
        runId: 'run-1', status: 'success',
        record: runRecord({ sync: syncResult({ checks: [{ name: 'row count FactSales', source: '20000', warehouse: '19999', ok: false }] }) }),
      });
    });
    const row = screen.getByTestId('check-row');
    expect(row.getAttribute('data-ok')).toBe('false');
    expect(row.textContent).toContain('20000');
    expect(row.textContent).toContain('19999');
    expect(row.textContent).toContain('Fail');
    expect(screen.getByTestId('result-checks').textContent).toBe('1 failed');
  });

  it('cancels the running sync', async () => {
    const { fake } = await renderWithStores(<SyncScreen />, handlers());
    await act(async () => fireEvent.click(screen.getByTestId('sync-now')));
    await act(async () => fireEvent.click(screen.getByTestId('cancel-run')));
    expect(fake.callsTo('runs.cancel')[0]?.input).toEqual({ runId: 'run-1' });
    act(() => fake.emit('run.state', { runId: 'run-1', status: 'cancelled', record: runRecord({ status: 'cancelled', sync: null }) }));
    expect(screen.getByTestId('run-cancelled')).toBeTruthy();
  });

  it('loads the coursework sample into the chosen profiles and shows what it loaded', async () => {
    const { fake } = await renderWithStores(<SyncScreen />, handlers());
    await act(async () => fireEvent.click(screen.getByTestId('load-sample')));
    expect(fake.callsTo('sample.loadSoftcart')[0]?.input).toEqual({ sourceProfileId: 'p-mysql', warehouseProfileId: 'p-pg' });
    act(() =>
      fake.emit('run.state', {
        runId: 'run-s', status: 'success',
        record: runRecord({
          id: 'run-s', kind: 'sample', title: 'Load coursework sample data', sync: null,
          sample: { sourceTable: 'sales_data', sourceRows: 13836, warehouseTable: 'sales_data', warehouseRows: 12186, adaptations: ['Collation utf8mb4_0900_ai_ci replaced by utf8mb4_unicode_ci'] },
        }),
      }),
    );
    expect(screen.getByTestId('sample-source-rows').textContent).toBe('13,836');
    expect(screen.getByTestId('sample-warehouse-rows').textContent).toBe('12,186');
    expect(screen.getByText('Collation utf8mb4_0900_ai_ci replaced by utf8mb4_unicode_ci')).toBeTruthy();
  });

  it('says plainly why a sync cannot start, and keeps the settings typed', async () => {
    await renderWithStores(<SyncScreen />, {
      ...handlers(),
      'sync.start': () => {
        throw new ApiError('validation', 'Choose a source and a warehouse connection for this workspace first.');
      },
    });
    fireEvent.change(screen.getByLabelText('Source table'), { target: { value: 'orders' } });
    await act(async () => fireEvent.click(screen.getByTestId('sync-now')));
    expect(screen.getByTestId('sync-error').textContent).toBe('Choose a source and a warehouse connection for this workspace first.');
    expect((screen.getByLabelText('Source table') as HTMLInputElement).value).toBe('orders');
  });

  it('refuses an invalid batch size before calling the engine', async () => {
    const { fake } = await renderWithStores(<SyncScreen />, handlers());
    fireEvent.change(screen.getByLabelText('Batch rows'), { target: { value: 'lots' } });
    await act(async () => fireEvent.click(screen.getByTestId('sync-now')));
    expect(screen.getByText('Batch rows must be a whole number')).toBeTruthy();
    expect(fake.callsTo('sync.start')).toHaveLength(0);
    expect(fake.callsTo('workspace.update')).toHaveLength(0);
  });

  it('star mode: the mapping form writes the query that is saved', async () => {
    const updates: WorkspaceUpdate[] = [];
    await renderWithStores(<SyncScreen />, handlers(updates));
    fireEvent.click(screen.getByTestId('sync-mode-star'));
    fireEvent.click(screen.getByTestId('sync-use-query'));
    fireEvent.change(screen.getByLabelText('category'), { target: { value: 'c.name' } });
    fireEvent.change(screen.getByLabelText('country'), { target: { value: 'k.name' } });
    fireEvent.click(screen.getByRole('button', { name: 'Write SQL from mapping' }));
    const sql = (screen.getByTestId('sync-query') as HTMLTextAreaElement).value;
    expect(sql).toContain('c.name AS category');
    fireEvent.click(screen.getByTestId('save-sync-settings'));
    await waitFor(() => expect(updates).toHaveLength(1));
    expect(updates[0]?.sync).toMatchObject({ mode: 'star', query: sql });
  });
});
