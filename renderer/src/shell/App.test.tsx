import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../../shared/runs/run.js';
import type { Workspace } from '../../../shared/workspace/workspace.js';
import { appInfo, logLines, runRecord, workspace } from '../test-support/fixtures.js';
import { renderWithStores } from '../test-support/render-with-stores.js';
import { App } from './App.js';

afterEach(cleanup);

const demoProfiles = [
  { id: 'd-src', name: 'Demo source (embedded)', kind: 'pglite' as const, path: '/data/demo/source', hasPassword: false as const, updatedAt: '2025-01-01T00:00:00Z' },
  { id: 'd-wh', name: 'Demo warehouse (embedded)', kind: 'pglite' as const, path: '/data/demo/warehouse', hasPassword: false as const, updatedAt: '2025-01-01T00:00:00Z' },
];

describe('first start', () => {
  it('offers the demo; taking it creates the embedded workspace and lands on a ready sync screen', async () => {
    let ws: Workspace = workspace();
    let profiles: typeof demoProfiles = [];
    const { fake } = await renderWithStores(<App />, {
      'app.info': () => appInfo,
      'profiles.list': () => profiles,
      'workspace.get': () => ws,
      'workspace.createDemo': () => {
        profiles = demoProfiles;
        ws = workspace({ name: 'Demo workspace', sourceProfileId: 'd-src', warehouseProfileId: 'd-wh', isDemo: true, demoOffered: true, sync: { mode: 'star', table: 'sales_data', key: 'rowid', batchRows: 200_000 } });
        return ws;
      },
    }, { initialScreen: 'connections' });

    const panel = screen.getByTestId('welcome-panel');
    expect(within(panel).getByRole('heading').textContent).toBe('Welcome to ETL Studio');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Open the demo workspace (embedded databases, no server needed)' })));

    expect(fake.callsTo('workspace.createDemo')).toHaveLength(1);
    expect(screen.queryByTestId('welcome-panel')).toBeNull();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Sync');
    expect(screen.getByTestId('route-source').textContent).toBe('Demo source (embedded)');
    expect(screen.getByTestId('route-warehouse').textContent).toBe('Demo warehouse (embedded)');
    expect(screen.getByTestId('workspace-name').textContent).toBe('Demo workspace');
    expect((screen.getByTestId('sync-now') as HTMLButtonElement).disabled).toBe(false);
  });

  it('"Not now" records the choice so the offer does not come back', async () => {
    let ws: Workspace = workspace();
    const { fake } = await renderWithStores(<App />, {
      'app.info': () => appInfo,
      'profiles.list': () => [],
      'workspace.get': () => ws,
      'workspace.update': (patch) => (ws = { ...ws, ...patch } as Workspace),
    });
    await act(async () => fireEvent.click(screen.getByTestId('welcome-not-now')));
    expect(fake.callsTo('workspace.update')[0]?.input).toEqual({ demoOffered: true });
    expect(screen.queryByTestId('welcome-panel')).toBeNull();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Connections');
  });
});

describe('connection banner', () => {
  it('says the engine is unreachable while reconnecting, and reloads state when it is back', async () => {
    const { fake } = await renderWithStores(<App />, {
      'app.info': () => appInfo,
      'profiles.list': () => [],
      'workspace.get': () => workspace({ demoOffered: true }),
    });
    expect(screen.queryByTestId('disconnected-banner')).toBeNull();
    act(() => fake.setStatus('reconnecting'));
    expect(screen.getByTestId('disconnected-banner').textContent).toContain('Disconnected from the engine — reconnecting');
    const before = fake.callsTo('workspace.get').length;
    await act(async () => fake.setStatus('open'));
    expect(screen.queryByTestId('disconnected-banner')).toBeNull();
    expect(fake.callsTo('workspace.get').length).toBe(before + 1);
  });
});

describe('runs screen', () => {
  it('lists the history and shows a run\'s checks and its whole log, fetched page by page', async () => {
    const records: RunRecord[] = [
      runRecord({ id: 'run-2', title: 'Sync sales_data', logLines: 25_000 }),
      runRecord({ id: 'run-1', kind: 'sample', title: 'Load coursework sample data', sync: null, status: 'failed', error: 'Cannot reach 127.0.0.1:3307: connection refused' }),
    ];
    const { fake } = await renderWithStores(<App />, {
      'app.info': () => appInfo,
      'profiles.list': () => [],
      'workspace.get': () => workspace({ demoOffered: true }),
      'runs.history': () => records,
      'runs.get': ({ runId }) => records.find((r) => r.id === runId)!,
      'runs.logs': ({ runId, offset, limit }) => {
        const total = runId === 'run-2' ? 25_000 : 0;
        return { lines: logLines(runId, Math.max(0, Math.min(limit, total - offset)), offset), total };
      },
    }, { initialScreen: 'runs' });

    await waitFor(() => expect(screen.getAllByTestId('run-row')).toHaveLength(2));
    const [latest, failed] = screen.getAllByTestId('run-row');
    expect(latest!.textContent).toContain('Succeeded');
    expect(latest!.textContent).toContain('1650');
    expect(failed!.textContent).toContain('Failed');

    const earlier = fake.callsTo('runs.logs').length;
    await act(async () => fireEvent.click(within(latest!).getByRole('button', { name: 'Sync sales_data' })));
    await waitFor(() => expect(screen.getByTestId('history-log').textContent).toContain('25,000 lines'));
    const pages = fake.callsTo('runs.logs').slice(earlier).map((c) => (c.input as { offset: number }).offset);
    expect(pages).toEqual([0, 10_000, 20_000]);
    expect(within(screen.getByTestId('run-detail')).getByTestId('check-row').getAttribute('data-ok')).toBe('true');

    await act(async () => fireEvent.click(within(failed!).getByRole('button', { name: 'Load coursework sample data' })));
    expect(screen.getByTestId('run-error').textContent).toContain('connection refused');
  });
});

describe('after a reload', () => {
  it('the sync screen shows the latest sync with its result and log', async () => {
    const record = runRecord({ id: 'run-9', title: 'Sync Shop → Warehouse' });
    await renderWithStores(<App />, {
      'app.info': () => appInfo,
      'profiles.list': () => [],
      'workspace.get': () => workspace({ demoOffered: true }),
      'runs.history': () => [record],
      'runs.get': () => record,
      'runs.logs': ({ offset }) => ({ lines: offset === 0 ? logLines('run-9', 4) : [], total: 4 }),
    }, { initialScreen: 'sync' });
    const card = await screen.findByTestId('current-run');
    expect(card.getAttribute('data-run-id')).toBe('run-9');
    expect(within(card).getByTestId('sync-summary').textContent).toContain('Last row id 12289');
    await waitFor(() => expect(within(card).getByTestId('live-log').textContent).toContain('4 lines'));
  });
});
