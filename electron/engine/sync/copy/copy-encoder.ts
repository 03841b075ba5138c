/**
 * Encodes rows into PostgreSQL COPY text format straight from raw bytes.
 *
 * The hot path of a sync: values arrive from the MySQL wire as Buffers and leave as
 * COPY text in large chunks, because pg-copy-streams sends one CopyData message per
 * write() and the per-write cost, not the bytes, is what makes a naive load slow.
 * No JS string is built per row.
 *
 * A full chunk is handed to `emit` and never touched again: the socket keeps a
 * reference until the bytes are flushed, so a fresh chunk is taken instead of reusing.
 */

/** How one column's bytes become COPY text. */
export const FieldKind = {
  /** Any text: tab, newline, carriage return and backslash are escaped. */
  text: 0,
  /** Bytes that never need escaping (integers, decimals): copied as they are. */
  plain: 1,
  /** A MySQL DATE/DATETIME/TIMESTAMP: zero or partly zero dates become NULL. */
  date: 2,
  /** A MySQL date-time going into timestamptz: as `date`, plus the source's UTC offset. */
  dateTz: 3,
  /** Binary bytes going into bytea: hex form `\x...`. */
  binary: 4,
  /** A MySQL integer going into boolean: 0 is false, anything else true. */
  bool: 5,
  /**
   * A timestamp whose validity is checked here, where the bytes pass anyway (cheaper
   * than a regex per row in the warehouse). Writes TWO fields: the value and NULL, or
   * NULL and the offending text, so an invalid value can be quarantined as it was.
   * Zero dates become NULL, NULL (missing) and are counted.
   */
  checkedTimestamp: 6,
  /** A number checked the same way: two fields, the value and NULL, or NULL and the text. */
  checkedNumber: 7,
} as const;
export type FieldKind = (typeof FieldKind)[keyof typeof FieldKind];

export const DEFAULT_CHUNK_BYTES = 256 * 1024;

const TAB = 9;
const LF = 10;
const CR = 13;
const BACKSLASH = 92;
const ZERO = 48;
const DASH = 45;

const HEX = Buffer.from('0123456789abcdef', 'latin1');
const DAYS = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digit(b: number): boolean {
  return b >= 48 && b <= 57;
}

function num2(v: Buffer, i: number): number {
  return (v[i] - 48) * 10 + (v[i + 1] - 48);
}

/**
 * True for what MySQL writes and PostgreSQL's timestamp input accepts:
 * YYYY-MM-DD, optionally followed by ' ' or 'T' and HH:MM[:SS[.fraction]], with real
 * calendar days (no 02-30) and clock ranges.
 */
export function isValidTimestamp(v: Buffer): boolean {
  const n = v.length;
  if (n < 10 || v[4] !== DASH || v[7] !== DASH) return false;
  if (!digit(v[0]) || !digit(v[1]) || !digit(v[2]) || !digit(v[3]) || !digit(v[5]) || !digit(v[6]) || !digit(v[8]) || !digit(v[9])) return false;
  const year = (v[0] - 48) * 1000 + (v[1] - 48) * 100 + num2(v, 2);
  const month = num2(v, 5);
  const day = num2(v, 8);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > DAYS[month]) return false;
  if (month === 2 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) return false;
  if (n === 10) return true;
  if ((v[10] !== 32 && v[10] !== 84) || n < 16) return false;
  if (!digit(v[11]) || !digit(v[12]) || v[13] !== 58 || !digit(v[14]) || !digit(v[15])) return false;
  if (num2(v, 11) > 23 || num2(v, 14) > 59) return false;
  if (n === 16) return true;
  if (n < 19 || v[16] !== 58 || !digit(v[17]) || !digit(v[18]) || num2(v, 17) > 59) return false;
  if (n === 19) return true;
  if (v[19] !== 46 || n === 20) return false;
  for (let i = 20; i < n; i++) if (!digit(v[i])) return false;
  return true;
}

/** Decimal or exponent notation, as numeric input takes it (no NaN or Infinity). */
export function isValidNumber(v: Buffer): boolean {
  const n = v.length;
  let i = 0;
  if (n > 0 && (v[0] === 45 || v[0] === 43)) i++;
  let digits = 0;
  while (i < n && digit(v[i])) (i++, digits++);
  if (i < n && v[i] === 46) {
    i++;
    while (i < n && digit(v[i])) (i++, digits++);
  }
  if (digits === 0) return false;
  if (i < n && (v[i] === 101 || v[i] === 69)) {
    i++;
    if (i < n && (v[i] === 45 || v[i] === 43)) i++;
    let exp = 0;
    while (i < n && digit(v[i])) (i++, exp++);
    if (exp === 0) return false;
  }
  return i === n;
}

/** True for 0000-00-00 and dates with a zero year, month or day, which PostgreSQL rejects. */
export function isZeroDate(v: Buffer): boolean {
  if (v.length < 10 || v[4] !== DASH || v[7] !== DASH) return false;
  return (v[0] === ZERO && v[1] === ZERO && v[2] === ZERO && v[3] === ZERO)
    || (v[5] === ZERO && v[6] === ZERO)
    || (v[8] === ZERO && v[9] === ZERO);
}

export class CopyEncoder {
  private chunk: Buffer;
  private pos = 0;
  /** Dates that were zero or partly zero and became NULL, per column index. */
  readonly zeroDates: number[] = [];
  private readonly offset: Buffer;
  private readonly chunkBytes: number;

  constructor(
    private readonly emit: (chunk: Buffer) => void,
    options: { chunkBytes?: number; utcOffset?: string } = {},
  ) {
    this.chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
    this.chunk = Buffer.allocUnsafeSlow(this.chunkBytes);
    // Appended to date-times bound for timestamptz, so PostgreSQL reads them in the source's zone.
    this.offset = Buffer.from(options.utcOffset ?? '+00:00', 'latin1');
  }

  /** Bytes written into the current, not yet emitted chunk. */
  get pending(): number {
    return this.pos;
  }

  /**
   * Encodes one row. `kinds[i]` says how values[i] is written; values are raw bytes
   * (a string is accepted for callers off the hot path) or null for SQL NULL.
   */
  row(values: ArrayLike<Buffer | string | null>, kinds: ArrayLike<FieldKind>): void {
    const n = values.length;
    for (let i = 0; i < n; i++) {
      if (i > 0) this.byte(TAB);
      const v = values[i];
      if (v === null || v === undefined) {
        this.nul();
        // The checked kinds stand for two fields, both NULL here.
        if (kinds[i] === FieldKind.checkedTimestamp || kinds[i] === FieldKind.checkedNumber) {
          this.byte(TAB);
          this.nul();
        }
        continue;
      }
      const b = typeof v === 'string' ? Buffer.from(v, 'utf8') : v;
      switch (kinds[i]) {
        case FieldKind.plain:
          this.plain(b);
          break;
        case FieldKind.date:
          if (isZeroDate(b)) {
            this.zeroDates[i] = (this.zeroDates[i] ?? 0) + 1;
            this.nul();
          } else this.text(b);
          break;
        case FieldKind.dateTz:
          if (isZeroDate(b)) {
            this.zeroDates[i] = (this.zeroDates[i] ?? 0) + 1;
            this.nul();
          } else {
            this.text(b);
            this.plain(this.offset);
          }
          break;
        case FieldKind.binary:
          this.hex(b);
          break;
        case FieldKind.bool:
          this.byte(b.length === 1 && b[0] === ZERO ? 102 /* f */ : 116 /* t */);
          break;
        case FieldKind.checkedTimestamp:
          if (isZeroDate(b)) {
            this.zeroDates[i] = (this.zeroDates[i] ?? 0) + 1;
            this.nul();
            this.byte(TAB);
            this.nul();
          } else if (isValidTimestamp(b)) {
            this.plain(b);
            this.byte(TAB);
            this.nul();
          } else {
            this.nul();
            this.byte(TAB);
            this.text(b);
          }
          break;
        case FieldKind.checkedNumber:
          if (isValidNumber(b)) {
            this.plain(b);
            this.byte(TAB);
            this.nul();
          } else {
            this.nul();
            this.byte(TAB);
            this.text(b);
          }
          break;
        default:
          this.text(b);
      }
    }
    this.byte(LF);
  }

  /** Hands on the bytes written so far (a partly filled chunk), e.g. at a batch end. */
  flush(): void {
    if (this.pos === 0) return;
    const out = this.chunk.subarray(0, this.pos);
    this.chunk = Buffer.allocUnsafeSlow(this.chunkBytes);
    this.pos = 0;
    this.emit(out);
  }

  /** Makes room for n more bytes; a value larger than a chunk gets a chunk of its own size. */
  private room(n: number): void {
    if (this.pos + n <= this.chunk.length) return;
    this.flush();
    if (n > this.chunk.length) this.chunk = Buffer.allocUnsafeSlow(n);
  }

  private byte(b: number): void {
    if (this.pos >= this.chunk.length) this.room(1);
    this.chunk[this.pos++] = b;
  }

  private nul(): void {
    this.room(2);
    this.chunk[this.pos++] = BACKSLASH;
    this.chunk[this.pos++] = 78; // N
  }

  private plain(v: Buffer): void {
    const len = v.length;
    this.room(len);
    const c = this.chunk;
    let p = this.pos;
    // Short values copy faster by hand than through Buffer.copy's native call.
    if (len < 32) for (let i = 0; i < len; i++) c[p++] = v[i];
    else p += v.copy(c, p);
    this.pos = p;
  }

  private text(v: Buffer): void {
    const len = v.length;
    this.room(len * 2);
    const c = this.chunk;
    let p = this.pos;
    for (let i = 0; i < len; i++) {
      const b = v[i];
      if (b === BACKSLASH) {
        c[p++] = BACKSLASH;
        c[p++] = BACKSLASH;
      } else if (b === TAB) {
        c[p++] = BACKSLASH;
        c[p++] = 116; // t
      } else if (b === LF) {
        c[p++] = BACKSLASH;
        c[p++] = 110; // n
      } else if (b === CR) {
        c[p++] = BACKSLASH;
        c[p++] = 114; // r
      } else c[p++] = b;
    }
    this.pos = p;
  }

  /** bytea hex input; the backslash itself is escaped for COPY text, so `\\x0a...`. */
  private hex(v: Buffer): void {
    const len = v.length;
    this.room(len * 2 + 3);
    const c = this.chunk;
    let p = this.pos;
    c[p++] = BACKSLASH;
    c[p++] = BACKSLASH;
    c[p++] = 120; // x
    for (let i = 0; i < len; i++) {
      const b = v[i];
      c[p++] = HEX[b >> 4];
      c[p++] = HEX[b & 15];
    }
    this.pos = p;
  }
}
