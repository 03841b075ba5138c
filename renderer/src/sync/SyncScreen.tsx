import { isFinished, type LiveRun } from '../runs/live-runs-store.js';
import { useLiveRuns, useProfiles, useSync, useWorkspace } from '../state/app-stores.js';
import { LogPanel } from '../logs/LogPanel.js';
import { Badge, Notice, Spinner } from '../ui/feedback.js';
import { formatDateTime, formatDuration } from '../ui/format.js';
import { ProgressPanel } from './ProgressPanel.js';
import { RunOutcome } from './RunOutcome.js';
import { SyncSettingsForm } from './SyncSettingsForm.js';
import { statusLabel, statusTone } from '../runs/run-status.js';

export function SyncScreen() {
  const workspace = useWorkspace((s) => s.workspace);
  const profiles = useProfiles((s) => s.profiles);
  const draft = useSync((s) => s.draft);
  const busy = useSync((s) => s.busy);
  const error = useSync((s) => s.error);
  const notice = useSync((s) => s.notice);
  const currentRunId = useSync((s) => s.currentRunId);
  const currentKind = useSync((s) => s.currentKind);
  const syncNow = useSync((s) => s.syncNow);
  const loadSample = useSync((s) => s.loadSample);
  const cancel = useSync((s) => s.cancel);
  const run = useLiveRuns((s) => (currentRunId ? s.runs[currentRunId] : undefined));
  const running = Boolean(run && !isFinished(run.status));

  const name = (id: string | undefined): string => profiles.find((p) => p.id === id)?.name ?? 'not chosen';

  return (
    <section className="screen" aria-labelledby="sync-title">
      <header className="screen__header">
        <div>
          <h1 id="sync-title">Sync</h1>
          <p className="screen__subtitle">
            Reads the warehouse watermark, copies only newer source rows, advances the watermark in the same transaction, then checks the counts.
          </p>
        </div>
      </header>

      {workspace?.isDemo ? (
        <Notice tone="info" title="Demo workspace" testId="demo-notice">
          Both databases are embedded (PGlite) and live in your data folder: no server needed. Add your own connections on the Connections screen when you are ready.
        </Notice>
      ) : null}

      <div className="action-bar card" data-testid="sync-action-bar">
        <div className="action-bar__route">
          <span className="route__end" data-testid="route-source">{name(draft?.sourceProfileId)}</span>
          <span className="flow-arrow" aria-hidden="true">→</span>
          <span className="route__end" data-testid="route-warehouse">{name(draft?.warehouseProfileId)}</span>
          <Badge tone="neutral">{draft?.mode === 'star' ? 'Star schema' : 'Replicate'}</Badge>
        </div>
        <div className="action-bar__buttons">
          <button type="button" className="btn" onClick={() => void loadSample()} disabled={running || busy !== null} data-testid="load-sample">
            Load coursework sample data
          </button>
          {running ? (
            <button type="button" className="btn btn--danger" onClick={() => void cancel()} disabled={busy === 'cancelling'} data-testid="cancel-run">
              {busy === 'cancelling' ? 'Cancelling…' : 'Cancel'}
            </button>
          ) : null}
          <button type="button" className="btn btn--primary btn--big" onClick={() => void syncNow()} disabled={running || busy !== null} data-testid="sync-now">
            {busy === 'starting' ? 'Starting…' : running && currentKind === 'sync' ? 'Syncing…' : 'Sync now'}
          </button>
        </div>
      </div>

      {error ? <Notice tone="bad" testId="sync-error">{error}</Notice> : null}
      {notice ? <Notice tone="ok">{notice}</Notice> : null}

      {run ? <CurrentRun run={run} kind={currentKind} /> : null}

      <SyncSettingsForm disabled={running} />
    </section>
  );
}

function CurrentRun({ run, kind }: { run: LiveRun; kind: 'sync' | 'sample' | null }) {
  const finished = isFinished(run.status);
  const title = run.record?.title ?? (kind === 'sample' ? 'Loading the coursework sample data' : 'Sync');
  return (
    <section className="card" aria-labelledby="current-run-title" data-testid="current-run" data-run-id={run.runId} data-status={run.status}>
      <div className="card__header">
        <h2 id="current-run-title" className="card__title">{title}</h2>
        <Badge tone={statusTone[run.status]} testId="run-status">{statusLabel[run.status]}</Badge>
        {!finished ? <Spinner /> : null}
        <span className="muted small card__header-end">
          {run.record ? `Started ${formatDateTime(run.record.startedAt)}` : ''}
          {run.record?.durationMs != null ? ` · took ${formatDuration(run.record.durationMs)}` : ''}
        </span>
      </div>
      {/* Once a result is in, its figures replace the live counters. */}
      {!finished || (run.progress && !run.record?.sync && !run.record?.sample) ? <ProgressPanel progress={run.progress} running={!finished} /> : null}
      {finished && run.record ? <RunOutcome record={run.record} /> : null}
      <LogPanel buffer={run.log} version={run.logVersion} title="Live log" testId="live-log" height={280} emptyText="Waiting for the first log lines…" />
    </section>
  );
}
