/**
 * Encodes rows into PostgreSQL COPY text format straight from raw bytes.
 *
 * The hot path of a sync: values arrive from the MySQL wire as Buffers and leave as
 * COPY text in large chunks, because pg-copy-streams sends one CopyData message per
 * write() and the per-write cost, not the bytes, is what makes a naive load slow.
 * No JS string is built per row.
 *
 * A full chunk is handed to `emit` and never touched again: the socket keeps a
 * reference until the bytes are flushed, so the next one comes from a ChunkPool (the
 * writer gives a chunk back once it is sent) or is a fresh allocation.
 */

import type { ChunkPool } from './chunk-pool.js';
import { isBlank, type CopyLookup } from './lookup.js';
import { lengthCodedBytes, lengthCodedValue, MYSQL_NULL } from './mysql-length.js';

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
  /**
   * As checkedTimestamp, with the UTC day first: THREE fields, the date (the value less
   * the source's UTC offset), the value and NULL, or NULL, NULL and the offending text.
   * The warehouse then joins and groups on a date column instead of computing one per
   * row. The value itself is written only for a row already found suspect (NULL
   * otherwise): only such a row can be quarantined, which is all the value is kept for,
   * so this kind belongs last among a row's checked fields.
   */
  checkedDayTimestamp: 8,
  /** Text that a row needs: NULL, empty or only spaces marks the row as suspect. */
  requiredText: 9,
  /**
   * An integer id replaced by its value in a CopyLookup (the column's entry in the
   * encoder's `lookups`); an id with no entry becomes NULL. A missing or blank value
   * marks the row as suspect.
   */
  lookup: 10,
} as const;
export type FieldKind = (typeof FieldKind)[keyof typeof FieldKind];

export const DEFAULT_CHUNK_BYTES = 256 * 1024;
/** An encoder's first chunk is small, so the warehouse gets its first rows after a few hundred instead of a few thousand. */
export const FIRST_CHUNK_BYTES = 16 * 1024;

const TAB = 9;
const LF = 10;
const CR = 13;
const BACKSLASH = 92;
const ZERO = 48;
const DASH = 45;

const HEX = Buffer.from('0123456789abcdef', 'latin1');
const NULL_FIELDS: Partial<Record<FieldKind, number>> = { [FieldKind.checkedTimestamp]: 2, [FieldKind.checkedNumber]: 2, [FieldKind.checkedDayTimestamp]: 3 };
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
 * calendar days (no 02-30) and clock ranges. Checks v[s..e).
 */
export function isValidTimestamp(v: Buffer, s = 0, e = v.length): boolean {
  const n = e - s;
  if (n < 10 || v[s + 4] !== DASH || v[s + 7] !== DASH) return false;
  if (!digit(v[s]) || !digit(v[s + 1]) || !digit(v[s + 2]) || !digit(v[s + 3])
    || !digit(v[s + 5]) || !digit(v[s + 6]) || !digit(v[s + 8]) || !digit(v[s + 9])) return false;
  const year = (v[s] - 48) * 1000 + (v[s + 1] - 48) * 100 + num2(v, s + 2);
  const month = num2(v, s + 5);
  const day = num2(v, s + 8);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > DAYS[month]) return false;
  if (month === 2 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) return false;
  if (n === 10) return true;
  if ((v[s + 10] !== 32 && v[s + 10] !== 84) || n < 16) return false;
  if (!digit(v[s + 11]) || !digit(v[s + 12]) || v[s + 13] !== 58 || !digit(v[s + 14]) || !digit(v[s + 15])) return false;
  if (num2(v, s + 11) > 23 || num2(v, s + 14) > 59) return false;
  if (n === 16) return true;
  if (n < 19 || v[s + 16] !== 58 || !digit(v[s + 17]) || !digit(v[s + 18]) || num2(v, s + 17) > 59) return false;
  if (n === 19) return true;
  if (v[s + 19] !== 46 || n === 20) return false;
  for (let i = s + 20; i < e; i++) if (!digit(v[i])) return false;
  return true;
}

/** Decimal or exponent notation, as numeric input takes it (no NaN or Infinity). Checks v[s..e). */
export function isValidNumber(v: Buffer, s = 0, e = v.length): boolean {
  let i = s;
  if (i < e && (v[i] === 45 || v[i] === 43)) i++;
  let digits = 0;
  while (i < e && digit(v[i])) (i++, digits++);
  if (i < e && v[i] === 46) {
    i++;
    while (i < e && digit(v[i])) (i++, digits++);
  }
  if (digits === 0) return false;
  if (i < e && (v[i] === 101 || v[i] === 69)) {
    i++;
    if (i < e && (v[i] === 45 || v[i] === 43)) i++;
    let exp = 0;
    while (i < e && digit(v[i])) (i++, exp++);
    if (exp === 0) return false;
  }
  return i === e;
}

/** True for 0000-00-00 and dates with a zero year, month or day, which PostgreSQL rejects. Checks v[s..e). */
export function isZeroDate(v: Buffer, s = 0, e = v.length): boolean {
  if (e - s < 10 || v[s + 4] !== DASH || v[s + 7] !== DASH) return false;
  return (v[s] === ZERO && v[s + 1] === ZERO && v[s + 2] === ZERO && v[s + 3] === ZERO)
    || (v[s + 5] === ZERO && v[s + 6] === ZERO)
    || (v[s + 8] === ZERO && v[s + 9] === ZERO);
}

export class CopyEncoder {
  private chunk: Buffer;
  private pos = 0;
  /** Dates that were zero or partly zero and became NULL, per column index. */
  readonly zeroDates: number[] = [];
  private readonly offset: Buffer;
  private readonly offsetMinutes: number;
  private readonly chunkBytes: number;
  private readonly pool: ChunkPool | null;
  private readonly lookups: readonly (CopyLookup | undefined)[];
  /** The row being encoded has a value a checked, required or lookup kind found missing or invalid. */
  private suspect = false;
  /**
   * Rows with such a value since the last takeSuspectRows(). A batch with none cannot
   * hold a row the warehouse would quarantine, so star mode skips that step.
   */
  private suspectRows = 0;
  /** UTC days (yyyymmdd) written by checkedDayTimestamp since takeMembers(); null once one could not be kept (a BC date). */
  private days: Set<number> | null = new Set();
  /** Per look-up column: which slots were written since takeMembers(). */
  private readonly seen: (Uint8Array | undefined)[] = [];

  constructor(
    private readonly emit: (chunk: Buffer) => void,
    options: { chunkBytes?: number; pool?: ChunkPool; utcOffset?: string; lookups?: readonly (CopyLookup | undefined)[] } = {},
  ) {
    this.pool = options.pool ?? null;
    this.chunkBytes = this.pool?.chunkBytes ?? options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
    this.chunk = Buffer.allocUnsafeSlow(Math.min(this.chunkBytes, FIRST_CHUNK_BYTES));
    // Appended to date-times bound for timestamptz, so PostgreSQL reads them in the source's zone.
    const offset = options.utcOffset ?? '+00:00';
    this.offset = Buffer.from(offset, 'latin1');
    const m = /^([+-])(\d\d):(\d\d)$/.exec(offset);
    this.offsetMinutes = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
    this.lookups = options.lookups ?? [];
    this.lookups.forEach((l, i) => {
      if (l) this.seen[i] = new Uint8Array(l.slotCount);
    });
  }

  /**
   * The distinct UTC days and look-up values written since the last call: for a batch
   * with no suspect row, exactly the dimension members its rows need, known without the
   * warehouse scanning the batch for them. Days is null if one could not be kept.
   */
  takeMembers(): { days: string[] | null; values: (string[] | undefined)[] } {
    const days = this.days ? [...this.days].map((k) => `${String(Math.floor(k / 10000)).padStart(4, '0')}-${String(Math.floor(k / 100) % 100).padStart(2, '0')}-${String(k % 100).padStart(2, '0')}`) : null;
    this.days = new Set();
    const values = this.seen.map((seen, i) => {
      if (!seen) return undefined;
      const out: string[] = [];
      for (let slot = 1; slot < seen.length; slot++) {
        if (!seen[slot]) continue;
        const text = this.lookups[i]!.text(slot);
        if (text !== null) out.push(text);
      }
      seen.fill(0);
      return out;
    });
    return { days, values };
  }

  /** Suspect rows (see `suspect`) encoded since the last call. */
  takeSuspectRows(): number {
    const n = this.suspectRows;
    this.suspectRows = 0;
    return n;
  }

  private endRow(): void {
    this.byte(LF);
    if (this.suspect) {
      this.suspectRows++;
      this.suspect = false;
    }
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
      if (v === null || v === undefined) this.nullField(kinds[i]);
      else {
        const b = typeof v === 'string' ? Buffer.from(v, 'utf8') : v;
        this.field(kinds[i], i, b, 0, b.length);
      }
    }
    this.endRow();
  }

  /** Where the key of the last row encoded by mysqlRow lies: buffer and byte range. */
  keyBuf: Buffer | null = null;
  keyStart = 0;
  keyEnd = 0;

  /**
   * Encodes one MySQL text-protocol row packet: `count` length-coded values in
   * buf[pos..]. Values are read where they lie, with no Buffer, string or array made
   * per row; the key field's position is kept for the batch's watermark.
   */
  mysqlRow(buf: Buffer, pos: number, kinds: ArrayLike<FieldKind>, count: number, keyIndex: number): void {
    for (let i = 0; i < count; i++) {
      if (i > 0) this.byte(TAB);
      const tag = buf[pos];
      if (tag === MYSQL_NULL) {
        pos++;
        this.nullField(kinds[i]);
        continue;
      }
      const len = lengthCodedValue(buf, pos);
      pos += lengthCodedBytes(tag);
      const end = pos + len;
      if (i === keyIndex) {
        this.keyBuf = buf;
        this.keyStart = pos;
        this.keyEnd = end;
      }
      this.field(kinds[i], i, buf, pos, end);
      pos = end;
    }
    this.endRow();
  }

  private nullField(kind: FieldKind): void {
    this.nul();
    // The checked kinds stand for two or three fields, all NULL here.
    const fields = NULL_FIELDS[kind];
    if (fields !== undefined) {
      for (let f = 1; f < fields; f++) {
        this.byte(TAB);
        this.nul();
      }
      this.suspect = true;
    } else if (kind === FieldKind.requiredText || kind === FieldKind.lookup) this.suspect = true;
  }

  /** Writes the value v[s..e) of column i. */
  private field(kind: FieldKind, i: number, v: Buffer, s: number, e: number): void {
    switch (kind) {
      case FieldKind.plain:
        this.plain(v, s, e);
        break;
      case FieldKind.date:
        if (isZeroDate(v, s, e)) this.zeroDate(i);
        else this.text(v, s, e);
        break;
      case FieldKind.dateTz:
        if (isZeroDate(v, s, e)) this.zeroDate(i);
        else {
          this.text(v, s, e);
          this.plain(this.offset, 0, this.offset.length);
        }
        break;
      case FieldKind.binary:
        this.hex(v, s, e);
        break;
      case FieldKind.bool:
        this.byte(e - s === 1 && v[s] === ZERO ? 102 /* f */ : 116 /* t */);
        break;
      case FieldKind.checkedTimestamp:
        if (isZeroDate(v, s, e)) {
          this.zeroDate(i);
          this.byte(TAB);
          this.nul();
          this.suspect = true;
        } else this.checked(isValidTimestamp(v, s, e), v, s, e);
        break;
      case FieldKind.checkedNumber:
        this.checked(isValidNumber(v, s, e), v, s, e);
        break;
      case FieldKind.checkedDayTimestamp:
        if (isZeroDate(v, s, e)) {
          this.zeroDate(i);
          this.byte(TAB);
          this.nul();
          this.byte(TAB);
          this.nul();
          this.suspect = true;
        } else if (isValidTimestamp(v, s, e)) {
          this.utcDay(v, s, e);
          this.byte(TAB);
          if (this.suspect) this.checked(true, v, s, e);
          else {
            this.nul();
            this.byte(TAB);
            this.nul();
          }
        } else {
          this.nul();
          this.byte(TAB);
          this.checked(false, v, s, e);
        }
        break;
      case FieldKind.requiredText:
        if (isBlank(v, s, e)) this.suspect = true;
        this.text(v, s, e);
        break;
      case FieldKind.lookup: {
        const table = this.lookups[i];
        const slot = table ? table.slotOf(v, s, e) : 0;
        if (slot === 0) {
          this.nul();
          this.suspect = true;
        } else {
          if (table!.isMissing(slot)) this.suspect = true;
          this.seen[i]![slot] = 1;
          const out = table!.value(slot);
          this.plain(out, 0, out.length);
        }
        break;
      }
      default:
        this.text(v, s, e);
    }
  }

  private zeroDate(i: number): void {
    this.zeroDates[i] = (this.zeroDates[i] ?? 0) + 1;
    this.nul();
  }

  /**
   * The UTC date of a valid timestamp v[s..e) read in the source's zone: its own date,
   * unless taking the offset off crosses midnight.
   */
  private utcDay(v: Buffer, s: number, e: number): void {
    const minutes = e - s >= 16 ? num2(v, s + 11) * 60 + num2(v, s + 14) : 0;
    const t = minutes - this.offsetMinutes;
    if (t >= 0 && t < 1440) {
      this.plain(v, s, s + 10);
      this.days?.add(((v[s] - 48) * 1000 + (v[s + 1] - 48) * 100 + num2(v, s + 2)) * 10000 + num2(v, s + 5) * 100 + num2(v, s + 8));
      return;
    }
    const year = (v[s] - 48) * 1000 + (v[s + 1] - 48) * 100 + num2(v, s + 2);
    const day = new Date(0);
    // setUTCFullYear takes the year as it is (Date.UTC would read 0-99 as 1900-1999) and rolls the day over.
    day.setUTCFullYear(year, num2(v, s + 5) - 1, num2(v, s + 8) + (t < 0 ? -1 : 1));
    const y = day.getUTCFullYear();
    if (y > 0) this.days?.add(y * 10000 + (day.getUTCMonth() + 1) * 100 + day.getUTCDate());
    else this.days = null;
    // Year 0 is 1 BC to PostgreSQL, which writes it that way.
    const text = `${String(y > 0 ? y : 1 - y).padStart(4, '0')}-${String(day.getUTCMonth() + 1).padStart(2, '0')}-${String(day.getUTCDate()).padStart(2, '0')}${y > 0 ? '' : ' BC'}`;
    const b = Buffer.from(text, 'latin1');
    this.plain(b, 0, b.length);
  }

  /** The two fields of a checked kind: the value and NULL, or NULL and the offending text. */
  private checked(ok: boolean, v: Buffer, s: number, e: number): void {
    if (!ok) this.suspect = true;
    if (ok) {
      this.plain(v, s, e);
      this.byte(TAB);
      this.nul();
    } else {
      this.nul();
      this.byte(TAB);
      this.text(v, s, e);
    }
  }

  /** Hands on the bytes written so far (a partly filled chunk), e.g. at a batch end. */
  flush(): void {
    if (this.pos === 0) return;
    const out = this.chunk.subarray(0, this.pos);
    this.chunk = this.pool ? this.pool.take() : Buffer.allocUnsafeSlow(this.chunkBytes);
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

  private plain(v: Buffer, s: number, e: number): void {
    const len = e - s;
    this.room(len);
    const c = this.chunk;
    let p = this.pos;
    // Short values copy faster by hand than through Buffer.copy's native call.
    if (len < 32) for (let i = s; i < e; i++) c[p++] = v[i];
    else p += v.copy(c, p, s, e);
    this.pos = p;
  }

  private text(v: Buffer, s: number, e: number): void {
    this.room((e - s) * 2);
    const c = this.chunk;
    let p = this.pos;
    for (let i = s; i < e; i++) {
      const b = v[i];
      if (b > BACKSLASH || (b > CR && b !== BACKSLASH)) c[p++] = b;
      else if (b === BACKSLASH) {
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
  private hex(v: Buffer, s: number, e: number): void {
    this.room((e - s) * 2 + 3);
    const c = this.chunk;
    let p = this.pos;
    c[p++] = BACKSLASH;
    c[p++] = BACKSLASH;
    c[p++] = 120; // x
    for (let i = s; i < e; i++) {
      const b = v[i];
      c[p++] = HEX[b >> 4];
      c[p++] = HEX[b & 15];
    }
    this.pos = p;
  }
}
