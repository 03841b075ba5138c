/**
 * Encodes MySQL text-protocol rows into PostgreSQL COPY BINARY, straight from raw bytes.
 *
 * PostgreSQL ingest is what bounds a sync, and parsing timestamps and numerics out of
 * COPY text is a large part of its CPU; here that parsing happens once, on our side,
 * in byte loops that build no string, Date or BigInt per value (float8 aside, which is
 * rare). Chunks work as in CopyEncoder: filled in place, handed to `emit` when full and
 * never touched again, because the socket still holds them; the next comes from the
 * ChunkPool when there is one.
 *
 * Every encoding must give exactly what PostgreSQL would make of the same text through
 * COPY text with the FieldKind column-match.ts picks; binaryKindFor only offers pairs for
 * which that holds, and the tests check it against a real server.
 */

import { ApiError } from '../../../../shared/api/contract.js';
import type { Family } from '../source/source.js';
import type { ChunkPool } from './chunk-pool.js';
import { DEFAULT_CHUNK_BYTES, FIRST_CHUNK_BYTES, isZeroDate } from './copy-encoder.js';
import { lengthCodedBytes, lengthCodedValue, MYSQL_NULL } from './mysql-length.js';

/** How one column's MySQL text becomes PostgreSQL's binary form. */
export const BinaryKind = { int2: 0, int4: 1, int8: 2, numeric: 3, timestamp: 4, timestamptz: 5, date: 6, text: 7, bytea: 8, bool: 9, float8: 10 } as const;
export type BinaryKind = (typeof BinaryKind)[keyof typeof BinaryKind];

const TEXT_TARGETS: Record<string, BinaryKind> = { text: BinaryKind.text, varchar: BinaryKind.text, bpchar: BinaryKind.text };
const INTEGER_TARGETS: Record<string, BinaryKind> = {
  ...TEXT_TARGETS, int2: BinaryKind.int2, int4: BinaryKind.int4, int8: BinaryKind.int8,
  numeric: BinaryKind.numeric, bool: BinaryKind.bool, float8: BinaryKind.float8,
};
const DECIMAL_TARGETS: Record<string, BinaryKind> = { ...TEXT_TARGETS, numeric: BinaryKind.numeric, float8: BinaryKind.float8 };
const FLOAT_TARGETS: Record<string, BinaryKind> = { ...TEXT_TARGETS, float8: BinaryKind.float8 };
// A bare date going into timestamptz would be read in the warehouse session's zone, not the source's: no binary form.
const DATE_TARGETS: Record<string, BinaryKind> = { date: BinaryKind.date, timestamp: BinaryKind.timestamp };
// MySQL DATETIME and TIMESTAMP both arrive as local wall-clock text; only a timestamptz target applies the offset.
const DATETIME_TARGETS: Record<string, BinaryKind> = { timestamp: BinaryKind.timestamp, timestamptz: BinaryKind.timestamptz };
const BYTEA_TARGETS: Record<string, BinaryKind> = { bytea: BinaryKind.bytea };

const TARGETS: Partial<Record<Family, Record<string, BinaryKind>>> = {
  integer: INTEGER_TARGETS,
  decimal: DECIMAL_TARGETS,
  float: FLOAT_TARGETS,
  date: DATE_TARGETS,
  datetime: DATETIME_TARGETS,
  timestamptz: DATETIME_TARGETS,
  text: TEXT_TARGETS,
  binary: BYTEA_TARGETS,
};

/**
 * The binary encoding for a MySQL column of `family` going into a PostgreSQL column of
 * type `typname` (pg_type.typname), or null when there is none and the table stays on
 * COPY text. float4 is left out on purpose: text -> float8 -> float4 can round twice.
 */
export function binaryKindFor(family: Family, typname: string): BinaryKind | null {
  const targets = TARGETS[family];
  return targets && Object.hasOwn(targets, typname) ? targets[typname] : null;
}

const KIND_NAMES = ['smallint', 'integer', 'bigint', 'numeric', 'timestamp', 'timestamptz', 'date', 'text', 'bytea', 'boolean', 'double precision'];

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const DASH = 45;
const ZERO = 48;
const TWO32 = 4294967296;
/** While an integer is below this, one more digit still accumulates exactly in a double (n * 10 + 9 < 2^53). */
const EXACT_LIMIT = 1e14;
/** Days from 0000-03-01 (days-from-civil's era origin) to 2000-01-01, PostgreSQL's epoch. */
const CIVIL_TO_PG_EPOCH = 730425;
/** Days in each month of a common year, by month number; 0 where no month is (indexes 0 and 13-15). */
const MONTH_DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 0, 0, 0];
/** PostgreSQL's numeric limits: digits before the point, and NUMERIC_DSCALE_MAX. */
const NUMERIC_MAX_INT_DIGITS = 131072;
const NUMERIC_MAX_DSCALE = 0x3fff;

/** A digit's value, or a number so large that any field built from it fails its range check. */
function dig(v: Buffer, i: number): number {
  const d = v[i] - ZERO;
  return d >= 0 && d <= 9 ? d : 1e9;
}

function parseOffsetSeconds(offset: string): number {
  const m = /^([+-])(\d\d):(\d\d)$/.exec(offset);
  if (!m || Number(m[3]) > 59) throw new Error(`UTC offset must look like +HH:MM or -HH:MM, not '${offset}'`);
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60);
}

export class BinaryCopyEncoder {
  private chunk: Buffer;
  private pos = 0;
  /** A COPY has been started (its header written) and not yet ended. */
  private open = false;
  private readonly chunkBytes: number;
  private readonly pool: ChunkPool | null;
  private readonly offsetSeconds: number;
  private readonly columnNames: readonly string[];
  /** Dates that were zero or partly zero (0000-00-00, 2020-00-10, ...) and became NULL, per column index. */
  readonly zeroDates: number[] = [];
  /** Where the key of the last row encoded by mysqlRow lies: buffer and byte range. */
  keyBuf: Buffer | null = null;
  keyStart = 0;
  keyEnd = 0;
  /** Upper and lower 32 bits of the last int8 parsed (the lower ones unsigned). */
  private hi = 0;
  private lo = 0;

  constructor(
    private readonly emit: (chunk: Buffer) => void,
    options: { chunkBytes?: number; pool?: ChunkPool; utcOffset?: string; columnNames?: readonly string[] } = {},
  ) {
    this.pool = options.pool ?? null;
    this.chunkBytes = this.pool?.chunkBytes ?? options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
    this.chunk = Buffer.allocUnsafeSlow(Math.min(this.chunkBytes, FIRST_CHUNK_BYTES));
    this.offsetSeconds = parseOffsetSeconds(options.utcOffset ?? '+00:00');
    this.columnNames = options.columnNames ?? [];
  }

  /** Bytes written into the current, not yet emitted chunk. */
  get pending(): number {
    return this.pos;
  }

  /**
   * Encodes one MySQL text-protocol row packet: `count` length-coded values at buf[pos..]
   * (0xfb is NULL), read where they lie; the key field's position is kept for the
   * batch's watermark. A value that does not fit its type throws, leaving the COPY
   * unusable: the batch is to be abandoned.
   */
  mysqlRow(buf: Buffer, pos: number, kinds: ArrayLike<BinaryKind>, count: number, keyIndex: number): void {
    this.beginRow(count);
    for (let i = 0; i < count; i++) {
      const tag = buf[pos];
      if (tag === MYSQL_NULL) {
        pos++;
        this.nul();
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
  }

  /** Encodes one row given as values (raw bytes, a string, or null for SQL NULL); for callers off the hot path. */
  row(values: ArrayLike<Buffer | string | null>, kinds: ArrayLike<BinaryKind>): void {
    const n = values.length;
    this.beginRow(n);
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v === null || v === undefined) this.nul();
      else {
        const b = typeof v === 'string' ? Buffer.from(v, 'utf8') : v;
        this.field(kinds[i], i, b, 0, b.length);
      }
    }
  }

  /**
   * Ends one COPY: the trailer, then everything is handed on. The next row starts a new
   * COPY with its own header; a COPY with no rows is never started.
   */
  endBatch(): void {
    if (this.open) {
      this.room(2);
      this.chunk[this.pos++] = 0xff;
      this.chunk[this.pos++] = 0xff;
      this.open = false;
    }
    this.flush();
  }

  /** Hands on the bytes written so far (a partly filled chunk), without ending the COPY. */
  flush(): void {
    if (this.pos === 0) return;
    const out = this.chunk.subarray(0, this.pos);
    this.chunk = this.pool ? this.pool.take() : Buffer.allocUnsafeSlow(this.chunkBytes);
    this.pos = 0;
    this.emit(out);
  }

  private beginRow(count: number): void {
    if (!this.open) {
      // Signature, flags 0, header extension length 0.
      this.room(19);
      this.pos += SIGNATURE.copy(this.chunk, this.pos);
      this.chunk.fill(0, this.pos, this.pos + 8);
      this.pos += 8;
      this.open = true;
    }
    this.room(2);
    this.chunk[this.pos++] = (count >> 8) & 0xff;
    this.chunk[this.pos++] = count & 0xff;
  }

  /** Writes the value v[s..e) of column i. */
  private field(kind: BinaryKind, i: number, v: Buffer, s: number, e: number): void {
    switch (kind) {
      case BinaryKind.int2:
      case BinaryKind.int4: {
        const n = this.smallInt(kind, i, v, s, e);
        if (kind === BinaryKind.int2) {
          this.room(6);
          const c = this.chunk;
          let p = this.pos;
          c[p++] = 0; c[p++] = 0; c[p++] = 0; c[p++] = 2;
          c[p++] = (n >> 8) & 0xff; c[p++] = n & 0xff;
          this.pos = p;
        } else {
          this.room(8);
          this.int32(4);
          this.int32(n);
        }
        break;
      }
      case BinaryKind.int8:
        this.bigInt(i, v, s, e);
        this.room(12);
        this.int32(8);
        this.int32(this.hi);
        this.int32(this.lo);
        break;
      case BinaryKind.numeric:
        this.numeric(i, v, s, e);
        break;
      case BinaryKind.timestamp:
      case BinaryKind.timestamptz:
        if (isZeroDate(v, s, e)) this.zeroDate(i);
        else this.timestamp(kind, i, v, s, e, kind === BinaryKind.timestamptz ? this.offsetSeconds : 0);
        break;
      case BinaryKind.date:
        if (isZeroDate(v, s, e)) this.zeroDate(i);
        else {
          if (e - s !== 10) this.invalid(i, kind, v, s, e);
          const days = this.days(i, kind, v, s, e);
          this.room(8);
          this.int32(4);
          this.int32(days);
        }
        break;
      case BinaryKind.bool:
        this.room(5);
        this.int32(1);
        // As CopyEncoder's FieldKind.bool: only the text `0` is false.
        this.chunk[this.pos++] = e - s === 1 && v[s] === ZERO ? 0 : 1;
        break;
      case BinaryKind.float8:
        this.float8(i, v, s, e);
        break;
      default:
        // text and bytea: the bytes as they are.
        this.raw(v, s, e);
    }
  }

  private invalid(i: number, kind: BinaryKind, v: Buffer, s: number, e: number, why = 'is not a valid'): never {
    const name = this.columnNames[i] ?? `#${i + 1}`;
    const text = v.toString('utf8', s, Math.min(e, s + 80)) + (e - s > 80 ? '…' : '');
    throw new ApiError('validation', `Column ${name}: value '${text}' ${why} ${KIND_NAMES[kind]}`);
  }

  /** An int2/int4 value, range-checked against its type. */
  private smallInt(kind: BinaryKind, i: number, v: Buffer, s: number, e: number): number {
    let p = s;
    const neg = v[p] === DASH;
    if (neg || v[p] === 43) p++;
    if (p >= e) this.invalid(i, kind, v, s, e);
    let n = 0;
    // The bound stops the loop long before a double loses digits.
    for (; p < e && n <= 0x80000000; p++) {
      const d = v[p] - ZERO;
      if (d < 0 || d > 9) this.invalid(i, kind, v, s, e);
      n = n * 10 + d;
    }
    if (p < e) {
      for (; p < e; p++) if (v[p] < ZERO || v[p] > 57) this.invalid(i, kind, v, s, e);
      this.invalid(i, kind, v, s, e, 'is out of range for');
    }
    const max = kind === BinaryKind.int2 ? 0x7fff : 0x7fffffff;
    if (n > max + (neg ? 1 : 0)) this.invalid(i, kind, v, s, e, 'is out of range for');
    return neg ? -n : n;
  }

  /** Parses an int8 into hi/lo without losing digits beyond 2^53. */
  private bigInt(i: number, v: Buffer, s: number, e: number): void {
    let p = s;
    const neg = v[p] === DASH;
    if (neg || v[p] === 43) p++;
    if (p >= e) this.invalid(i, BinaryKind.int8, v, s, e);
    let n = 0;
    for (; p < e && n < EXACT_LIMIT; p++) {
      const d = v[p] - ZERO;
      if (d < 0 || d > 9) this.invalid(i, BinaryKind.int8, v, s, e);
      n = n * 10 + d;
    }
    let hi = Math.floor(n / TWO32);
    let lo = n - hi * TWO32;
    // Long values go on in base 2^32 limbs: lo * 10 + 9 < 2^36 stays exact.
    for (; p < e; p++) {
      const d = v[p] - ZERO;
      if (d < 0 || d > 9) this.invalid(i, BinaryKind.int8, v, s, e);
      const l = lo * 10 + d;
      const carry = Math.floor(l / TWO32);
      lo = l - carry * TWO32;
      hi = hi * 10 + carry;
      if (hi > 0x80000000) {
        for (p++; p < e; p++) if (v[p] < ZERO || v[p] > 57) this.invalid(i, BinaryKind.int8, v, s, e);
        this.invalid(i, BinaryKind.int8, v, s, e, 'is out of range for');
      }
    }
    // Magnitude at most 2^63 - 1, or 2^63 for a negative value.
    if (hi >= 0x80000000 && !(neg && hi === 0x80000000 && lo === 0)) this.invalid(i, BinaryKind.int8, v, s, e, 'is out of range for');
    if (neg && (hi !== 0 || lo !== 0)) {
      // Two's complement of the 64-bit magnitude.
      lo = (TWO32 - lo) % TWO32;
      hi = (~hi + (lo === 0 ? 1 : 0)) | 0;
    }
    this.hi = hi | 0;
    this.lo = lo;
  }

  /**
   * PostgreSQL's binary numeric: ndigits, weight, sign, dscale, then base-10000 digits
   * aligned on the decimal point. dscale is the fraction digits as written, so `1.50`
   * comes back as 1.50; leading and trailing zero groups are left out.
   */
  private numeric(i: number, v: Buffer, s: number, e: number): void {
    let p = s;
    const neg = v[p] === DASH;
    if (neg || v[p] === 43) p++;
    const intStart = p;
    while (p < e && v[p] >= ZERO && v[p] <= 57) p++;
    const intEnd = p;
    let fracStart = p;
    let fracEnd = p;
    if (p < e && v[p] === 46) {
      fracStart = ++p;
      while (p < e && v[p] >= ZERO && v[p] <= 57) p++;
      fracEnd = p;
    }
    if (p !== e || (intEnd === intStart && fracEnd === fracStart)) this.invalid(i, BinaryKind.numeric, v, s, e);
    let is = intStart;
    while (is < intEnd && v[is] === ZERO) is++;
    let fe = fracEnd;
    while (fe > fracStart && v[fe - 1] === ZERO) fe--;
    const dscale = fracEnd - fracStart;
    const intLen = intEnd - is;
    if (intLen > NUMERIC_MAX_INT_DIGITS || dscale > NUMERIC_MAX_DSCALE) this.invalid(i, BinaryKind.numeric, v, s, e, 'is out of range for');

    let weight = 0;
    let intGroups = 0;
    let fs = fracStart;
    if (intLen > 0) {
      intGroups = (intLen + 3) >> 2;
      weight = intGroups - 1;
    } else if (fe > fracStart) {
      // A pure fraction: whole leading zero groups are skipped and lower the weight.
      let z = fracStart;
      while (v[z] === ZERO) z++;
      const skip = (z - fracStart) >> 2;
      weight = -1 - skip;
      fs = fracStart + skip * 4;
    }
    const fracGroups = fe > fs ? (fe - fs + 3) >> 2 : 0;
    const ndigits = intGroups + fracGroups;
    const len = 8 + ndigits * 2;
    this.room(4 + len);
    this.int32(len);
    const c = this.chunk;
    let q = this.pos;
    c[q++] = ndigits >> 8; c[q++] = ndigits & 0xff;
    c[q++] = (weight >> 8) & 0xff; c[q++] = weight & 0xff;
    // Zero is positive, as PostgreSQL makes `-0.00`.
    c[q++] = neg && ndigits > 0 ? 0x40 : 0; c[q++] = 0;
    c[q++] = dscale >> 8; c[q++] = dscale & 0xff;
    let r = is;
    for (let g = 0; g < intGroups; g++) {
      // The first group takes what is left over from whole groups of four.
      const stop = g === 0 ? is + intLen - (intGroups - 1) * 4 : r + 4;
      let d = 0;
      while (r < stop) d = d * 10 + v[r++] - ZERO;
      c[q++] = d >> 8; c[q++] = d & 0xff;
    }
    for (r = fs; r < fe; r += 4) {
      let d = 0;
      for (let k = r; k < r + 4; k++) d = d * 10 + (k < fe ? v[k] - ZERO : 0);
      c[q++] = d >> 8; c[q++] = d & 0xff;
    }
    this.pos = q;
  }

  /**
   * Days from 2000-01-01 of the date YYYY-MM-DD at v[s..], checked to be a real calendar
   * day (PostgreSQL would refuse the text otherwise). Days-from-civil arithmetic.
   *
   * Written without data-dependent branches (`|` and `&` evaluate every operand): a sync
   * whose first rows are all from one month would otherwise meet January or a 29 February
   * only once the function is optimised, and each such first throws it back to the
   * interpreter (three times in a 100 k-row sync).
   */
  private days(i: number, kind: BinaryKind, v: Buffer, s: number, e: number): number {
    if (e - s < 10 || v[s + 4] !== DASH || v[s + 7] !== DASH) this.invalid(i, kind, v, s, e);
    const year = dig(v, s) * 1000 + dig(v, s + 1) * 100 + dig(v, s + 2) * 10 + dig(v, s + 3);
    const month = dig(v, s + 5) * 10 + dig(v, s + 6);
    const day = dig(v, s + 8) * 10 + dig(v, s + 9);
    const leap = ((year & 3) === 0 ? 1 : 0) & ((year % 100 !== 0 ? 1 : 0) | (year % 400 === 0 ? 1 : 0));
    const lastDay = MONTH_DAYS[month & 15] + ((month === 2 ? 1 : 0) & leap);
    if (((year < 1 ? 1 : 0) | (year > 9999 ? 1 : 0) | (month < 1 ? 1 : 0) | (month > 12 ? 1 : 0) | (day < 1 ? 1 : 0) | (day > lastDay ? 1 : 0)) !== 0) {
      this.invalid(i, kind, v, s, e);
    }
    // The year counts from March, so that a leap day ends it: January and February belong to the year before.
    const beforeMarch = ((14 - month) / 12) | 0;
    const y = year - beforeMarch;
    const fromMarch = month + 12 * beforeMarch - 3;
    const era = (y / 400) | 0;
    const yoe = y - era * 400;
    const doy = (((153 * fromMarch + 2) / 5) | 0) + day - 1;
    const doe = yoe * 365 + ((yoe / 4) | 0) - ((yoe / 100) | 0) + doy;
    return era * 146097 + doe - CIVIL_TO_PG_EPOCH;
  }

  /**
   * Microseconds since 2000-01-01 00:00:00 of `YYYY-MM-DD[( |T)HH:MM[:SS[.ffffff]]]`,
   * less `offset` seconds. More than six fraction digits round half up on the seventh
   * (MySQL never sends more than six).
   */
  private timestamp(kind: BinaryKind, i: number, v: Buffer, s: number, e: number, offset: number): void {
    const n = e - s;
    const days = this.days(i, kind, v, s, e);
    let secs = 0;
    let micros = 0;
    if (n > 10) {
      if ((v[s + 10] !== 32 && v[s + 10] !== 84) || n < 16 || v[s + 13] !== 58) this.invalid(i, kind, v, s, e);
      const hh = dig(v, s + 11) * 10 + dig(v, s + 12);
      const mi = dig(v, s + 14) * 10 + dig(v, s + 15);
      let ss = 0;
      if (n > 16) {
        if (n < 19 || v[s + 16] !== 58) this.invalid(i, kind, v, s, e);
        ss = dig(v, s + 17) * 10 + dig(v, s + 18);
        if (n > 19) {
          if (v[s + 19] !== 46 || n === 20) this.invalid(i, kind, v, s, e);
          for (let k = s + 20, scale = 100000; k < e; k++) {
            const d = dig(v, k);
            if (d > 9) this.invalid(i, kind, v, s, e);
            if (scale > 0) micros += d * scale;
            else if (k === s + 26 && d >= 5) micros++;
            scale = (scale / 10) | 0;
          }
        }
      }
      if (hh > 23 || mi > 59 || ss > 59) this.invalid(i, kind, v, s, e);
      secs = hh * 3600 + mi * 60 + ss;
    }
    // days * 86400 + secs stays far below 2^53; times 10^6 it does not, hence the limbs.
    const total = days * 86400 + secs - offset;
    const sHi = Math.floor(total / TWO32);
    const lowFull = (total - sHi * TWO32) * 1e6 + micros;
    const carry = Math.floor(lowFull / TWO32);
    this.room(12);
    this.int32(8);
    this.int32(sHi * 1e6 + carry);
    this.int32(lowFull - carry * TWO32);
  }

  /** Floats are rare in this tool's tables, so a string per value is accepted here. */
  private float8(i: number, v: Buffer, s: number, e: number): void {
    const x = e > s ? Number(v.toString('latin1', s, e)) : NaN;
    // MySQL holds neither NaN nor infinities; text that reads as one is not a float it sent.
    if (!Number.isFinite(x)) this.invalid(i, BinaryKind.float8, v, s, e);
    this.room(12);
    this.int32(8);
    this.chunk.writeDoubleBE(x, this.pos);
    this.pos += 8;
  }

  private zeroDate(i: number): void {
    this.zeroDates[i] = (this.zeroDates[i] ?? 0) + 1;
    this.nul();
  }

  private nul(): void {
    this.room(4);
    this.int32(-1);
  }

  /** A 32-bit big-endian value (signed or unsigned bit pattern); the caller has made room. */
  private int32(x: number): void {
    const c = this.chunk;
    let p = this.pos;
    c[p++] = (x >>> 24) & 0xff;
    c[p++] = (x >>> 16) & 0xff;
    c[p++] = (x >>> 8) & 0xff;
    c[p++] = x & 0xff;
    this.pos = p;
  }

  private raw(v: Buffer, s: number, e: number): void {
    const len = e - s;
    this.room(4 + len);
    this.int32(len);
    const c = this.chunk;
    let p = this.pos;
    // Short values copy faster by hand than through Buffer.copy's native call.
    if (len < 32) for (let k = s; k < e; k++) c[p++] = v[k];
    else p += v.copy(c, p, s, e);
    this.pos = p;
  }

  /** Makes room for n more contiguous bytes; a value larger than a chunk gets a chunk of its own size. */
  private room(n: number): void {
    if (this.pos + n <= this.chunk.length) return;
    this.flush();
    if (n > this.chunk.length) this.chunk = Buffer.allocUnsafeSlow(n);
  }
}
