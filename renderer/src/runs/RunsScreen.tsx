import { useEffect } from 'react';
import type { RunRecord } from '../../../shared/runs/run.js';
import { LogPanel } from '../logs/LogPanel.js';
import { useHistory } from '../state/app-stores.js';
import { RunOutcome } from '../sync/RunOutcome.js';
import { statusLabel, statusTone } from './run-status.js';
import { Badge, EmptyState, Notice } from '../ui/feedback.js';
import { formatCount, formatDateTime, formatDuration } from '../ui/format.js';

export function runRows(r: RunRecord): number | null {
  if (r.sync) return r.sync.inserted;
  if (r.sample) return r.sample.sourceRows + r.sample.warehouseRows;
  return r.lastProgress ? r.lastProgress.rowsWritten : null;
}

export function RunsScreen() {
  const runs = useHistory((s) => s.runs);
  const loaded = useHistory((s) => s.loaded);
  const error = useHistory((s) => s.error);
  const load = useHistory((s) => s.load);
  const select = useHistory((s) => s.select);
  const selectedId = useHistory((s) => s.selectedId);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section className="screen" aria-labelledby="runs-title">
      <header className="screen__header">
        <div>
          <h1 id="runs-title">Runs</h1>
          <p className="screen__subtitle">Every sync and sample load, kept across restarts, with its checks and its full log.</p>
        </div>
        <button type="button" className="btn" onClick={() => void load()}>Refresh</button>
      </header>
      {error ? <Notice tone="bad">{error}</Notice> : null}
      {loaded && runs.length === 0 ? (
        <EmptyState title="No runs yet">Runs appear here once you sync or load the sample data.</EmptyState>
      ) : (
        <div className="split">
          <div className="table-wrap split__list">
            <table className="table table--selectable" aria-label="Run history" data-testid="runs-table">
              <thead>
                <tr>
                  <th scope="col">Status</th>
                  <th scope="col">Run</th>
                  <th scope="col">Started</th>
                  <th scope="col" className="num">Duration</th>
                  <th scope="col" className="num">Rows</th>
                </tr>
              </thead>
              <tbody>
                {runs.map((r) => {
                  const rows = runRows(r);
                  const selected = r.id === selectedId;
                  return (
                    <tr
                      key={r.id}
                      data-testid="run-row"
                      data-status={r.status}
                      aria-selected={selected}
                      className={selected ? 'is-selected' : undefined}
                      onClick={() => void select(r.id)}
                    >
                      <td className="nowrap"><Badge tone={statusTone[r.status]}>{statusLabel[r.status]}</Badge></td>
                      <td>
                        <button type="button" className="link-button" onClick={(e) => { e.stopPropagation(); void select(r.id); }}>
                          {r.title}
                        </button>
                      </td>
                      <td className="nowrap">{formatDateTime(r.startedAt)}</td>
                      <td className="num nowrap">{formatDuration(r.durationMs)}</td>
                      <td className="num nowrap">{rows === null ? '—' : formatCount(rows)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <div className="split__detail">
            <RunDetail />
          </div>
        </div>
      )}
    </section>
  );
}

function RunDetail() {
  const selected = useHistory((s) => s.selected);
  const log = useHistory((s) => s.log);
  const logVersion = useHistory((s) => s.logVersion);
  const logTotal = useHistory((s) => s.logTotal);
  const logLoading = useHistory((s) => s.logLoading);
  const logError = useHistory((s) => s.logError);

  if (!selected) return <EmptyState title="Select a run">Its checks, notes and log appear here.</EmptyState>;
  return (
    <section className="card" aria-labelledby="run-detail-title" data-testid="run-detail">
      <div className="card__header">
        <h2 id="run-detail-title" className="card__title">{selected.title}</h2>
        <Badge tone={statusTone[selected.status]}>{statusLabel[selected.status]}</Badge>
      </div>
      <dl className="facts">
        <dt>Started</dt><dd>{formatDateTime(selected.startedAt)}</dd>
        <dt>Finished</dt><dd>{formatDateTime(selected.finishedAt)}</dd>
        <dt>Duration</dt><dd>{formatDuration(selected.durationMs)}</dd>
        <dt>Run folder</dt><dd className="mono small break">{selected.folder}</dd>
      </dl>
      <RunOutcome record={selected} />
      {logError ? <Notice tone="bad">{logError}</Notice> : null}
      <LogPanel buffer={log} version={logVersion} total={logTotal} loading={logLoading} title="Log" testId="history-log" height={300} />
    </section>
  );
}
