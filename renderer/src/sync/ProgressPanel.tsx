import type { Progress } from '../../../shared/runs/run.js';
import { formatCount, formatEta, formatPercent, formatRate, progressFraction } from '../ui/format.js';

export function ProgressPanel({ progress, running }: { progress: Progress | null; running: boolean }) {
  const fraction = progress ? progressFraction(progress.rowsWritten, progress.totalRows) : null;
  const percent = fraction === null ? undefined : Math.floor(fraction * 100);
  return (
    <div className="progress" data-testid="sync-progress">
      <div className="progress__head">
        <span className="progress__phase">{progress ? capitalize(progress.phase) : running ? 'Starting…' : 'Waiting'}</span>
        <span className="progress__eta" data-testid="progress-eta">
          {running && progress ? formatEta(progress.etaMs) : ''}
        </span>
      </div>
      <div
        className={`progress__track${fraction === null && running ? ' progress__track--indeterminate' : ''}`}
        role="progressbar"
        aria-label="Sync progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={progress ? `${formatCount(progress.rowsWritten)} rows written${percent === undefined ? '' : `, ${percent}%`}` : 'not started'}
      >
        <div className="progress__bar" style={{ width: fraction === null ? (running ? '30%' : '0%') : `${fraction * 100}%` }} />
      </div>
      <dl className="stats">
        <Stat label="Read" value={progress ? formatCount(progress.rowsRead) : '—'} testId="progress-read" />
        <Stat label="Written" value={progress ? formatCount(progress.rowsWritten) : '—'} testId="progress-written" />
        <Stat label="Rejected" value={progress ? formatCount(progress.rowsRejected) : '—'} testId="progress-rejected" tone={progress && progress.rowsRejected > 0 ? 'bad' : undefined} />
        <Stat label="Speed" value={progress ? formatRate(progress.rowsPerSecond) : '—'} testId="progress-rate" />
        <Stat label="Batch" value={progress ? String(progress.batch) : '—'} testId="progress-batch" />
        <Stat label="Done" value={progress && progress.totalRows !== null ? `${formatPercent(fraction)} of ${formatCount(progress.totalRows)}` : '—'} testId="progress-done" />
      </dl>
    </div>
  );
}

export function Stat({ label, value, testId, tone }: { label: string; value: string; testId?: string; tone?: 'bad' | 'ok' }) {
  return (
    <div className={`stat${tone ? ` stat--${tone}` : ''}`}>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
