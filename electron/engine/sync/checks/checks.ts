import type { CheckResult } from '../../../../shared/sync/sync.js';

/** Canonical decimal text: no leading zeros, no trailing fractional zeros, no "-0". */
export function normalizeDecimal(text: string | null | undefined): string {
  if (text === null || text === undefined) return '0';
  let s = text.trim();
  if (s === '') return '0';
  let sign = '';
  if (s[0] === '-' || s[0] === '+') {
    sign = s[0] === '-' ? '-' : '';
    s = s.slice(1);
  }
  if (!/^\d*(\.\d*)?$/.test(s)) return text.trim(); // not plain decimal text (e.g. 1e+20): leave as is
  let [int, frac = ''] = s.split('.');
  int = int.replace(/^0+/, '') || '0';
  frac = frac.replace(/0+$/, '');
  const out = frac ? `${int}.${frac}` : int;
  return out === '0' ? '0' : sign + out;
}

/**
 * A source-versus-warehouse check. Exact decimal comparison, except for float
 * measures, whose sums differ in the last digits between engines.
 */
export function compareCheck(name: string, source: string | null, warehouse: string | null, approximate = false): CheckResult {
  const s = normalizeDecimal(source);
  const w = normalizeDecimal(warehouse);
  let ok = s === w;
  if (!ok && approximate) {
    const a = Number(s);
    const b = Number(w);
    ok = Number.isFinite(a) && Number.isFinite(b) && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  }
  return { name, source: s, warehouse: w, ok };
}
