import type { fieldConversions } from '../../../../shared/pipeline/kinds/transform.fields.js';

export type Conversion = (typeof fieldConversions)[number];

/** A converted value, or the reason it cannot be converted. */
export type Converted = { ok: true; value: string | null } | { ok: false; reason: string };

const MONTHS: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };
const APACHE = /^(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function isoOf(ms: number, fraction = ''): string {
  const d = new Date(ms);
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}T${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}${fraction}Z`;
}

function utcMs(y: number, mo: number, d: number, h: number, mi: number, s: number): number | null {
  const ms = Date.UTC(y, mo, d, h, mi, s);
  const back = new Date(ms);
  // Date.UTC rolls 31 Feb over into March; a real calendar date must come back unchanged.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 60) return null;
  return ms;
}

/**
 * Timestamps to ISO 8601 in UTC: Apache's `10/Oct/2000:13:55:36 -0700`, ISO 8601 with a
 * zone, or a date/time without one (taken as UTC, said in the task's description).
 */
export function toIsoUtc(text: string): Converted {
  const t = text.trim();
  let m = APACHE.exec(t);
  if (m) {
    const mo = MONTHS[m[2]!];
    const ms = mo === undefined ? null : utcMs(+m[3]!, mo, +m[1]!, +m[4]!, +m[5]!, +m[6]!);
    if (ms === null) return { ok: false, reason: `not a valid date: ${t}` };
    const offset = (m[7] === '-' ? -1 : 1) * (+m[8]! * 60 + +m[9]!);
    return { ok: true, value: isoOf(ms - offset * 60_000) };
  }
  m = ISO.exec(t);
  if (m) {
    const ms = utcMs(+m[1]!, +m[2]! - 1, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
    if (ms === null) return { ok: false, reason: `not a valid date: ${t}` };
    let offset = 0;
    const zone = m[8];
    if (zone && zone.toUpperCase() !== 'Z') {
      const z = zone.replace(':', '');
      offset = (z[0] === '-' ? -1 : 1) * (+z.slice(1, 3) * 60 + +z.slice(3, 5));
    }
    const fraction = m[7] ? m[7].replace(/0+$/, '').replace(/^\.$/, '') : '';
    return { ok: true, value: isoOf(ms - offset * 60_000, fraction) };
  }
  return { ok: false, reason: `not a timestamp: ${t.length > 60 ? t.slice(0, 60) + '…' : t}` };
}

/** Applies one conversion; NULL stays NULL, and "-" or blank is NULL for numbers and timestamps. */
export function convertValue(value: string | null, conversion: Conversion): Converted {
  if (value === null) return { ok: true, value: null };
  switch (conversion) {
    case 'none':
      return { ok: true, value };
    case 'trim':
      return { ok: true, value: value.trim() };
    case 'lower':
      return { ok: true, value: value.toLowerCase() };
    case 'upper':
      return { ok: true, value: value.toUpperCase() };
    case 'number':
    case 'integer': {
      const t = value.trim();
      if (t === '' || t === '-') return { ok: true, value: null };
      const re = conversion === 'integer' ? INTEGER : NUMBER;
      if (!re.test(t)) return { ok: false, reason: `not ${conversion === 'integer' ? 'an integer' : 'a number'}: ${t.length > 40 ? t.slice(0, 40) + '…' : t}` };
      return { ok: true, value: t.startsWith('+') ? t.slice(1) : t };
    }
    case 'iso-utc': {
      const t = value.trim();
      if (t === '' || t === '-') return { ok: true, value: null };
      return toIsoUtc(t);
    }
  }
}
