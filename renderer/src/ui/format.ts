/**
 * Numbers as a user reads them. Counts of 10,000 and more are grouped; shorter ones and
 * identifiers (row ids, watermarks) stay plain so they match what SQL prints.
 */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '—';
  const rounded = Math.round(n);
  return Math.abs(rounded) >= 10_000 ? rounded.toLocaleString('en-US') : String(rounded);
}

export function formatId(n: number | null): string {
  return n === null ? 'none' : String(n);
}

export function formatRate(rowsPerSecond: number): string {
  if (!Number.isFinite(rowsPerSecond) || rowsPerSecond <= 0) return '0 rows/s';
  if (rowsPerSecond >= 1_000_000) return `${(rowsPerSecond / 1_000_000).toFixed(2)}M rows/s`;
  if (rowsPerSecond >= 10_000) return `${(rowsPerSecond / 1_000).toFixed(1)}k rows/s`;
  return `${Math.round(rowsPerSecond)} rows/s`;
}

/** Durations: "850 ms", "2.4 s", "1 min 05 s", "2 h 03 min". */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  const totalSeconds = Math.round(ms / 1_000);
  const hours = Math.floor(totalSeconds / 3_600);
  const minutes = Math.floor((totalSeconds % 3_600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return `${hours} h ${String(minutes).padStart(2, '0')} min`;
  return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
}

/** Time left, rounded up so the estimate never promises less than it will take. */
export function formatEta(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return 'estimating…';
  if (ms < 1_000) return 'less than a second';
  const totalSeconds = Math.ceil(ms / 1_000);
  if (totalSeconds < 60) return `${totalSeconds} s left`;
  const hours = Math.floor(totalSeconds / 3_600);
  const minutes = Math.floor((totalSeconds % 3_600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return `${hours} h ${String(minutes).padStart(2, '0')} min left`;
  return `${minutes} min ${String(seconds).padStart(2, '0')} s left`;
}

/** Fraction done in [0, 1], or null while the total is unknown. */
export function progressFraction(done: number, total: number | null): number | null {
  if (total === null || total <= 0) return null;
  return Math.min(1, Math.max(0, done / total));
}

export function formatPercent(fraction: number | null): string {
  if (fraction === null) return '';
  return `${Math.floor(fraction * 100)}%`;
}

export function formatDateTime(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString('en-GB', { year: 'numeric', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function formatMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(2)} ms` : ms < 100 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}
