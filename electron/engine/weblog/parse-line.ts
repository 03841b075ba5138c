import type { ByteSearch } from './byte-search.js';
import { FIELD_COUNT, type LogFormat } from './fields.js';

const SP = 0x20;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const DASH = 0x2d;
const CR = 0x0d;

/**
 * Where each field of a line lies: spans[2*i] and spans[2*i+1] are the start and end
 * offsets of field i (order of logFields) in the chunk, -1 when the line has no such
 * field (a common-format line has no referrer; a request "-" has no method). Only the
 * fields up to `upTo` are valid after a parse. Reusing one array for every line keeps
 * the parser free of allocation.
 */
export type FieldSpans = Int32Array;

export function newFieldSpans(): FieldSpans {
  return new Int32Array(FIELD_COUNT * 2);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH_CODES = MONTHS.map((m) => (m.charCodeAt(0) << 16) | (m.charCodeAt(1) << 8) | m.charCodeAt(2));

function isDigit(b: number): boolean {
  return b >= 0x30 && b <= 0x39;
}

function digits(buf: Buffer, at: number, n: number): number {
  let v = 0;
  for (let i = 0; i < n; i++) {
    const b = buf[at + i]!;
    if (!isDigit(b)) return -1;
    v = v * 10 + (b - 0x30);
  }
  return v;
}

/** Month index 0-11 of a three-letter English month at `at`, or -1. */
export function monthAt(buf: Buffer, at: number): number {
  const code = (buf[at]! << 16) | (buf[at + 1]! << 8) | buf[at + 2]!;
  return MONTH_CODES.indexOf(code);
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function daysIn(year: number, month: number): number {
  if (month !== 1) return DAYS[month]!;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

/** Checks `dd/Mon/yyyy:HH:MM:SS ±hhmm` (26 bytes) without making a string. */
function validTime(buf: Buffer, s: number, e: number): boolean {
  if (e - s !== 26) return false;
  if (buf[s + 2] !== 0x2f || buf[s + 6] !== 0x2f || buf[s + 11] !== 0x3a || buf[s + 14] !== 0x3a || buf[s + 17] !== 0x3a) return false;
  if (buf[s + 20] !== SP || (buf[s + 21] !== 0x2b && buf[s + 21] !== DASH)) return false;
  const day = digits(buf, s, 2);
  const hour = digits(buf, s + 12, 2);
  const minute = digits(buf, s + 15, 2);
  const second = digits(buf, s + 18, 2);
  const zh = digits(buf, s + 22, 2);
  const zm = digits(buf, s + 24, 2);
  const month = monthAt(buf, s + 3);
  const year = digits(buf, s + 7, 4);
  return (
    month >= 0 && year >= 0 && day >= 1 && day <= daysIn(year, month) &&
    hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 60 &&
    zh >= 0 && zh <= 23 && zm >= 0 && zm <= 59
  );
}

/** End of a quoted field starting after its opening quote: the first quote not escaped by a backslash. */
function closingQuote(search: ByteSearch, buf: Buffer, from: number, end: number): number {
  let at = from;
  for (;;) {
    const q = search.find(QUOTE, at, end);
    if (q < 0) return -1;
    let slashes = 0;
    for (let k = q - 1; k >= from && buf[k] === BACKSLASH; k--) slashes++;
    if ((slashes & 1) === 0) return q;
    at = q + 1;
  }
}

function set(spans: FieldSpans, field: number, s: number, e: number): void {
  spans[field * 2] = s;
  spans[field * 2 + 1] = e;
}

/** Splits the request "METHOD PATH PROTOCOL" into spans 4, 5, 6; odd requests keep what they have. */
function splitRequest(buf: Buffer, search: ByteSearch, spans: FieldSpans, rs: number, re: number): void {
  set(spans, 4, -1, -1);
  set(spans, 5, -1, -1);
  set(spans, 6, -1, -1);
  if (re - rs === 1 && buf[rs] === DASH) return; // "-": the client sent no request line
  const sp1 = search.find(SP, rs, re);
  if (sp1 < 0) {
    set(spans, 5, rs, re);
    return;
  }
  set(spans, 4, rs, sp1);
  let last = re - 1;
  while (last > sp1 && buf[last] !== SP) last--;
  if (last > sp1 && re - last > 5 && buf[last + 1] === 0x48 && buf[last + 2] === 0x54 && buf[last + 3] === 0x54 && buf[last + 4] === 0x50 && buf[last + 5] === 0x2f) {
    set(spans, 5, sp1 + 1, last);
    set(spans, 6, last + 1, re);
  } else {
    set(spans, 5, sp1 + 1, re);
  }
}

/**
 * Parses one line (without its newline) of an Apache common or combined log into field
 * spans, reading no further than field `upTo` (index in logFields): a task that keeps
 * only the IP reads the line like `cut -d" " -f1`. Returns null when the line is good
 * up to there, else the reason in plain words.
 */
export function parseLine(
  search: ByteSearch,
  start: number,
  end: number,
  format: LogFormat,
  upTo: number,
  spans: FieldSpans,
): string | null {
  const buf = search.buffer;
  if (end > start && buf[end - 1] === CR) end--;

  // 0 ip: everything before the first space, as cut sees it.
  let e = search.find(SP, start, end);
  if (e < 0) {
    if (end === start) return 'empty line';
    if (upTo > 0) return 'no space after the client address';
    set(spans, 0, start, end);
    return null;
  }
  if (e === start) return 'line starts with a space (no client address)';
  set(spans, 0, start, e);
  if (upTo === 0) return null;

  // 1 ident, 2 user
  let p = e + 1;
  for (let field = 1; field <= 2; field++) {
    e = search.find(SP, p, end);
    if (e < 0) return field === 1 ? 'line ends after the client address' : 'line ends after the identity field';
    set(spans, field, p, e);
    p = e + 1;
  }
  if (upTo <= 2) return null;

  // 3 time
  if (buf[p] !== LBRACKET || p >= end) return 'no [timestamp] after the user field';
  e = search.find(RBRACKET, p + 1, end);
  if (e < 0) return 'timestamp has no closing ]';
  if (!validTime(buf, p + 1, e)) return 'timestamp is not dd/Mon/yyyy:HH:MM:SS +zzzz';
  set(spans, 3, p + 1, e);
  p = e + 1;
  if (upTo <= 3) return null;

  // 4-6 request
  if (buf[p] !== SP || buf[p + 1] !== QUOTE || p + 1 >= end) return 'no "request" after the timestamp';
  const rs = p + 2;
  const re = closingQuote(search, buf, rs, end);
  if (re < 0) return 'line ends inside the request (no closing quote)';
  splitRequest(buf, search, spans, rs, re);
  p = re + 1;
  if (upTo <= 6) return null;

  // 7 status, 8 bytes
  for (let field = 7; field <= 8; field++) {
    if (buf[p] !== SP || p >= end) return field === 7 ? 'no status after the request' : 'no byte count after the status';
    const s = p + 1;
    e = search.find(SP, s, end);
    if (e < 0) e = end;
    if (e === s) return field === 7 ? 'status is empty' : 'byte count is empty';
    if (field === 7) {
      if (digits(buf, s, e - s) < 0) return 'status is not a number';
    } else if (!(e - s === 1 && buf[s] === DASH) && digits(buf, s, e - s) < 0) {
      return 'byte count is neither a number nor -';
    }
    set(spans, field, s, e);
    p = e;
  }
  if (upTo <= 8 || format === 'common' || (format === 'auto' && p === end)) {
    set(spans, 9, -1, -1);
    set(spans, 10, -1, -1);
    return null;
  }

  // 9 referrer, 10 user agent
  for (let field = 9; field <= 10; field++) {
    const what = field === 9 ? 'referrer' : 'user agent';
    if (p >= end) return `line ends before the ${what} (truncated, or not a combined log line)`;
    if (buf[p] !== SP || buf[p + 1] !== QUOTE || p + 1 >= end) return `no quoted ${what} after the ${field === 9 ? 'byte count' : 'referrer'}`;
    const s = p + 2;
    e = closingQuote(search, buf, s, end);
    if (e < 0) return `line ends inside the ${what} (truncated: no closing quote)`;
    set(spans, field, s, e);
    p = e + 1;
  }
  return null;
}
