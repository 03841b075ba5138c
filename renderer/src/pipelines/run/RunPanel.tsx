import { memo, useMemo, useState } from 'react';
import { defaultCatalog } from '../../../../shared/pipeline/catalog.js';
import { LogPanel } from '../../logs/LogPanel.js';
import { isFinished } from '../../runs/live-runs-store.js';
import { useLiveRuns } from '../../state/app-stores.js';
import { formatCount, formatDuration, formatRate } from '../../ui/format.js';
import { stateLabels } from '../canvas/TaskNode.js';
import { useEditor, usePipelineStores, useRunView } from '../pipeline-stores.js';
import { TaskLogFilter } from './task-log.js';

/** Below the canvas: the run on screen, its per-task metrics and its log (all tasks or one). */
export const RunPanel = memo(function RunPanel() {
  const runId = useRunView((s) => s.runId);
  const [tab, setTab] = useState<'metrics' | 'log'>('metrics');
  const [collapsed, setCollapsed] = useState(false);
  const run = useLiveRuns((s) => (runId ? s.runs[runId] : undefined));
  if (!runId) return null;
  const status = run?.status ?? 'running';
  return (
    <section className={`run-panel${collapsed ? ' run-panel--collapsed' : ''}`} aria-label="Run" data-testid="run-panel" data-run-id={runId} data-status={status}>
      <div className="run-panel__bar">
        <div className="run-panel__tabs" role="tablist" aria-label="Run views">
          <button type="button" role="tab" aria-selected={tab === 'metrics'} className={`run-panel__tab${tab === 'metrics' ? ' run-panel__tab--on' : ''}`} onClick={() => { setTab('metrics'); setCollapsed(false); }}>Tasks</button>
          <button type="button" role="tab" aria-selected={tab === 'log'} className={`run-panel__tab${tab === 'log' ? ' run-panel__tab--on' : ''}`} onClick={() => { setTab('log'); setCollapsed(false); }} data-testid="run-log-tab">Log</button>
        </div>
        <span className={`run-status run-status--${status}`} data-testid="run-status">{statusText(status)}</span>
        <span className="muted small mono run-panel__id">{runId}</span>
        {run?.record?.error && isFinished(status) ? <span className="run-panel__error small" title={run.record.error}>{run.record.error}</span> : null}
        <button type="button" className="btn btn--small run-panel__collapse" onClick={() => setCollapsed(!collapsed)} aria-expanded={!collapsed}>{collapsed ? 'Show' : 'Hide'}</button>
      </div>
      {collapsed ? null : tab === 'metrics' ? <MetricsTable onShowLog={() => setTab('log')} /> : <RunLog runId={runId} />}
    </section>
  );
});

function statusText(s: string): string {
  return s === 'success' ? 'Succeeded' : s === 'failed' ? 'Failed' : s === 'cancelled' ? 'Cancelled' : s === 'queued' ? 'Queued' : 'Running';
}

function MetricsTable({ onShowLog }: { onShowLog(): void }) {
  const tasks = useEditor((s) => s.doc.tasks);
  const live = useRunView((s) => s.tasks);
  const { runView, editor } = usePipelineStores();
  const ids = useMemo(() => {
    const known = new Set(tasks.map((t) => t.id));
    return [...tasks.map((t) => t.id), ...Object.keys(live).filter((id) => !known.has(id))];
  }, [tasks, live]);
  return (
    <div className="run-panel__body table-wrap">
      <table className="table table--compact run-metrics" data-testid="run-metrics">
        <thead>
          <tr>
            <th>Task</th><th>State</th><th className="num">Attempts</th><th className="num">Read</th><th className="num">Written</th>
            <th className="num">Rejected</th><th className="num">Rows/s</th><th className="num">Duration</th><th>Error</th><th><span className="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {ids.map((id) => {
            const t = tasks.find((x) => x.id === id);
            const l = live[id];
            return (
              <tr key={id} data-testid="run-metrics-row" data-task-id={id} data-state={l?.state ?? 'idle'}>
                <td className="run-metrics__task" title={`${id} · ${defaultCatalog.get(t?.kind ?? '')?.label ?? t?.kind ?? ''}`}>
                  <button type="button" className="link-button" onClick={() => editor.getState().focusTask(id)}>{t?.name || id}</button>
                </td>
                <td><span className={`task-state task-state--${l?.state ?? 'idle'}`}>{l ? (l.state === 'skipped' && l.reason === 'reused' ? 'Reused' : stateLabels[l.state]) : '—'}</span></td>
                <td className="num">{l?.attempt ?? 0}</td>
                <td className="num">{formatCount(l?.metrics.rowsRead ?? 0)}</td>
                <td className="num">{formatCount(l?.metrics.rowsWritten ?? 0)}</td>
                <td className="num">{formatCount(l?.metrics.rowsRejected ?? 0)}</td>
                <td className="num">{l && l.metrics.rowsPerSecond > 0 ? formatRate(l.metrics.rowsPerSecond) : '—'}</td>
                <td className="num">{l && l.metrics.durationMs > 0 ? formatDuration(l.metrics.durationMs) : '—'}</td>
                <td className="run-metrics__error" title={l?.error ?? ''}>{l?.error ?? ''}</td>
                <td><button type="button" className="btn btn--small" onClick={() => { runView.getState().setLogTask(id); onShowLog(); }}>Log</button></td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function RunLog({ runId }: { runId: string }) {
  const run = useLiveRuns((s) => s.runs[runId]);
  const logTaskId = useRunView((s) => s.logTaskId);
  const setLogTask = useRunView((s) => s.setLogTask);
  const tasks = useEditor((s) => s.doc.tasks);
  const buffer = run?.log ?? null;
  const filter = useMemo(() => (buffer && logTaskId ? new TaskLogFilter(buffer, logTaskId) : null), [buffer, logTaskId]);
  // The run's buffer grows in place; logVersion says when, and the filter catches up then.
  const version = run?.logVersion ?? 0;
  const filteredCount = useMemo(() => (filter ? filter.update() : 0), [filter, version]);
  return (
    <div className="run-panel__body run-log">
      <div className="run-log__filter">
        <label htmlFor="run-log-task" className="small">Task</label>
        <select id="run-log-task" className="input--small" value={logTaskId ?? ''} onChange={(e) => setLogTask(e.target.value || null)} data-testid="run-log-task">
          <option value="">All tasks</option>
          {tasks.map((t) => <option key={t.id} value={t.id}>{t.name || t.id}</option>)}
        </select>
      </div>
      <LogPanel
        buffer={filter ? filter.out : buffer}
        version={filter ? version * 1_000_003 + filteredCount : version}
        title={logTaskId ? `Log of ${logTaskId}` : 'Run log'}
        height={200}
        testId="pipeline-log"
        emptyText={logTaskId ? 'This task has written no lines yet.' : 'No log lines yet.'}
      />
    </div>
  );
}
