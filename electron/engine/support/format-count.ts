/**
 * 1234567 -> "1,234,567", the way the run log writes counts. By hand rather than
 * toLocaleString: a process's first Intl formatter costs ~15 ms, which a small sync
 * started from the command line would pay for one log line.
 */
export function formatCount(n: number): string {
  const whole = Math.trunc(n);
  const digits = String(Math.abs(whole));
  let out = '';
  for (let end = digits.length; end > 0; end -= 3) out = digits.slice(Math.max(0, end - 3), end) + (out ? `,${out}` : '');
  return whole < 0 ? `-${out}` : out;
}
