import type { FieldSpans } from './parse-line.js';
import { monthAt } from './parse-line.js';

const BACKSLASH = 0x5c;
const DASH = 0x2d;

/** Fields that came from inside quotes: Apache escapes " and \ there with a backslash. */
const QUOTED = [false, false, false, false, true, true, true, false, false, true, true];
/** Fields where a lone "-" means "no value" (NULL), as Apache writes it. */
const DASH_IS_NULL = [false, true, true, false, false, false, false, false, true, true, true];

/** True when field i is absent or a lone "-" standing for no value. */
export function isNull(buf: Buffer, spans: FieldSpans, i: number): boolean {
  const s = spans[i * 2]!;
  if (s < 0) return true;
  return DASH_IS_NULL[i] && spans[i * 2 + 1]! - s === 1 && buf[s] === DASH;
}

/** True when the raw bytes of field i are its value (no escapes to undo). */
export function isVerbatim(buf: Buffer, spans: FieldSpans, i: number): boolean {
  if (!QUOTED[i]) return true;
  const s = spans[i * 2]!;
  const e = spans[i * 2 + 1]!;
  for (let k = s; k < e; k++) if (buf[k] === BACKSLASH) return false;
  return true;
}

/** Undoes Apache's escaping of quoted fields: \" -> " and \\ -> \ (other \x sequences stay as written). */
export function unescapeQuoted(raw: string): string {
  return raw.indexOf('\\') < 0 ? raw : raw.replace(/\\(["\\])/g, '$1');
}

/** The value of field i as text, or null (absent or "-"). */
export function fieldText(buf: Buffer, spans: FieldSpans, i: number): string | null {
  if (isNull(buf, spans, i)) return null;
  const raw = buf.toString('utf8', spans[i * 2]!, spans[i * 2 + 1]!);
  return QUOTED[i] ? unescapeQuoted(raw) : raw;
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function num(buf: Buffer, at: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) v = v * 10 + (buf[at + k]! - 0x30);
  return v;
}

/**
 * `17/May/2015:10:05:03 -0700` (already validated by the parser) -> `2015-05-17T17:05:03Z`.
 * The zone offset is applied, so every timestamp lands in UTC whatever zone the server logged in.
 */
export function timeToIsoUtc(buf: Buffer, s: number): string {
  const day = num(buf, s, 2);
  const month = monthAt(buf, s + 3);
  const year = num(buf, s + 7, 4);
  const hour = num(buf, s + 12, 2);
  const minute = num(buf, s + 15, 2);
  const second = num(buf, s + 18, 2);
  const sign = buf[s + 21] === DASH ? -1 : 1;
  const offsetMin = sign * (num(buf, s + 22, 2) * 60 + num(buf, s + 24, 2));
  const d = new Date(Date.UTC(year, month, day, hour, minute, second) - offsetMin * 60_000);
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}T${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}Z`;
}

const MONTH_DIGITS = Array.from({ length: 12 }, (_, i) => [0x30 + Math.floor((i + 1) / 10), 0x30 + ((i + 1) % 10)]);

/**
 * The fast case of timeToIsoUtc: a zero zone offset needs no calendar arithmetic, only
 * the bytes moved into place. Fills dst[0, 20) and returns true, or returns false for
 * other offsets.
 */
export function zeroOffsetTimeToIso(buf: Buffer, s: number, dst: Buffer): boolean {
  if (buf[s + 22] !== 0x30 || buf[s + 23] !== 0x30 || buf[s + 24] !== 0x30 || buf[s + 25] !== 0x30) return false;
  const m = MONTH_DIGITS[monthAt(buf, s + 3)]!;
  for (let k = 0; k < 4; k++) dst[k] = buf[s + 7 + k]!;
  dst[4] = DASH;
  dst[5] = m[0]!;
  dst[6] = m[1]!;
  dst[7] = DASH;
  dst[8] = buf[s]!;
  dst[9] = buf[s + 1]!;
  dst[10] = 0x54; // T
  for (let k = 0; k < 8; k++) dst[11 + k] = buf[s + 12 + k]!;
  dst[19] = 0x5a; // Z
  return true;
}
