import type { RunRecord } from '../../../shared/runs/run.js';
import type { SampleLoadResult, SyncResult } from '../../../shared/sync/sync.js';
import { Notice } from '../ui/feedback.js';
import { formatCount, formatDuration, formatId, formatRate } from '../ui/format.js';
import { ChecksTable } from './ChecksTable.js';
import { Stat } from './ProgressPanel.js';

/** What a finished run produced: the sync figures and checks, or the sample load's counts. */
export function RunOutcome({ record }: { record: RunRecord }) {
  return (
    <div className="outcome" data-testid="run-outcome" data-status={record.status}>
      {record.status === 'failed' && record.error ? (
        <Notice tone="bad" title="The run failed" testId="run-error">{record.error}</Notice>
      ) : null}
      {record.status === 'cancelled' ? <Notice tone="warn" testId="run-cancelled">The run was cancelled. Nothing after the last committed batch was loaded.</Notice> : null}
      {record.sync ? <SyncOutcome result={record.sync} /> : null}
      {record.sample ? <SampleOutcome result={record.sample} /> : null}
    </div>
  );
}

export function SyncOutcome({ result }: { result: SyncResult }) {
  const failed = result.checks.filter((c) => !c.ok).length;
  return (
    <div className="sync-outcome" data-testid="sync-result">
      <p className="outcome__summary" data-testid="sync-summary">
        Last row id <strong data-testid="result-last-rowid">{formatId(result.lastRowid)}</strong>
        {result.lastRowid === null ? <span className="muted"> (empty warehouse)</span> : null}
        {' · '}
        <strong data-testid="result-new-rows">{formatCount(result.newRows)}</strong> new rows
        {' · '}
        inserted <strong data-testid="result-inserted">{formatCount(result.inserted)}</strong>
        {' · '}
        watermark now <strong data-testid="result-watermark">{formatId(result.watermark)}</strong>
      </p>
      <dl className="stats">
        <Stat label="Mode" value={result.mode === 'star' ? 'Star schema' : 'Replicate'} />
        <Stat label="Duration" value={formatDuration(result.durationMs)} testId="result-duration" />
        <Stat label="Speed" value={formatRate(result.rowsPerSecond)} />
        <Stat label="Batches" value={String(result.batches)} />
        <Stat label="Source time zone" value={result.sourceTimeZone ?? 'n/a'} />
        <Stat label="Checks" value={failed === 0 ? `${result.checks.length} passed` : `${failed} failed`} tone={failed === 0 ? 'ok' : 'bad'} testId="result-checks" />
      </dl>
      <h3 className="section-title">Checks</h3>
      <ChecksTable checks={result.checks} />
      {result.defaultsKept.length > 0 ? (
        <p className="muted" data-testid="result-defaults-kept">
          Warehouse columns with no source column kept their defaults: {result.defaultsKept.join(', ')}.
        </p>
      ) : null}
      {result.notes.length > 0 ? (
        <>
          <h3 className="section-title">Notes</h3>
          <ul className="notes" data-testid="result-notes">
            {result.notes.map((n) => <li key={n}>{n}</li>)}
          </ul>
        </>
      ) : null}
    </div>
  );
}

export function SampleOutcome({ result }: { result: SampleLoadResult }) {
  return (
    <div className="sample-outcome" data-testid="sample-result">
      <p className="outcome__summary">
        Loaded <strong data-testid="sample-source-rows">{formatCount(result.sourceRows)}</strong> rows into the source table{' '}
        <code>{result.sourceTable}</code> and <strong data-testid="sample-warehouse-rows">{formatCount(result.warehouseRows)}</strong> rows into the
        warehouse table <code>{result.warehouseTable}</code>.
      </p>
      {result.adaptations.length > 0 ? (
        <>
          <h3 className="section-title">What was adapted to make the coursework files load</h3>
          <ul className="notes">
            {result.adaptations.map((a) => <li key={a}>{a}</li>)}
          </ul>
        </>
      ) : null}
    </div>
  );
}
