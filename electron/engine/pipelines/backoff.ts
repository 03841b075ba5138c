/**
 * Wait before retry number `attempt + 1`: retryDelayMs * 2^attempt, capped, then
 * "equal jitter" (between half and all of it) so tasks that failed together (a
 * database restart) do not all hammer it again at the same instant.
 */
export function retryDelay(baseMs: number, attempt: number, opts: { capMs?: number; random?: () => number } = {}): number {
  const cap = opts.capMs ?? 5 * 60_000;
  const random = opts.random ?? Math.random;
  const full = Math.min(cap, baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(full / 2 + (full / 2) * random());
}
