import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type pg from 'pg';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import copyStreams from 'pg-copy-streams';
import { ApiError } from '../../../../shared/api/contract.js';
import { BinaryCopyEncoder, BinaryKind, binaryKindFor } from './binary-copy-encoder.js';
import { CopyEncoder, FieldKind } from './copy-encoder.js';
import { kindFor } from '../replicate/column-match.js';
import type { Family } from '../source/source.js';
import { createPgDb, dropPgDb, pgAdmin, type PgConn } from '../testing/dbs.js';

type Value = Buffer | string | null;

let conn: PgConn;
let db: pg.Client;

beforeAll(async () => {
  conn = await createPgDb();
  db = await pgAdmin(conn);
});
afterAll(async () => {
  await db?.end();
  if (conn) await dropPgDb(conn);
});

async function copyInto(table: string, chunks: Buffer[], binary: boolean): Promise<void> {
  await pipeline(Readable.from(chunks), db.query(copyStreams.from(`COPY ${table} FROM STDIN${binary ? ' (FORMAT binary)' : ''}`)));
}

/** The FieldKind the text path picks for this pair, as replicate does. */
function textKind(family: Family, typname: string): FieldKind {
  return kindFor(
    { name: 'v', type: family, family, pgType: typname },
    { name: 'v', type: typname, typname, builtin: true, notNull: false, hasDefault: false, generated: false },
  );
}

/** Encodes rows as one COPY BINARY per batch; returns each batch's chunks. */
function encodeBinary(batches: Value[][][], kinds: BinaryKind[], options: { chunkBytes?: number; utcOffset?: string } = {}) {
  const out: Buffer[][] = [];
  let current: Buffer[] = [];
  const enc = new BinaryCopyEncoder((c) => current.push(c), options);
  for (const rows of batches) {
    for (const r of rows) enc.row(r, kinds);
    enc.endBatch();
    out.push(current);
    current = [];
  }
  return { batches: out, enc };
}

let tables = 0;

/**
 * The oracle: COPYs `values` both as text (the CopyEncoder kind kindFor picks) and as
 * binary into two tables of `pgType`, and returns what PostgreSQL made of each.
 */
async function viaBoth(family: Family, pgType: string, typname: string, values: Value[], options: { utcOffset?: string; chunkBytes?: number } = {}) {
  const bin = binaryKindFor(family, typname);
  if (bin === null) throw new Error(`no binary kind for ${family} -> ${typname}`);
  const t = `o${++tables}`;
  await db.query(`CREATE TABLE ${t}_text (n int4, v ${pgType}); CREATE TABLE ${t}_bin (n int4, v ${pgType})`);
  const rows = values.map((v, i) => [String(i), v]);
  const chunks: Buffer[] = [];
  const text = new CopyEncoder((c) => chunks.push(c), { utcOffset: options.utcOffset });
  for (const r of rows) text.row(r, [FieldKind.plain, textKind(family, typname)]);
  text.flush();
  await copyInto(`${t}_text`, chunks, false);
  const { batches, enc } = encodeBinary([rows], [BinaryKind.int4, bin], options);
  await copyInto(`${t}_bin`, batches[0], true);
  const read = async (table: string) => (await db.query<{ n: number; v: string | null }>(`SELECT n, v::text AS v FROM ${table} ORDER BY n`)).rows;
  const result = { text: await read(`${t}_text`), binary: await read(`${t}_bin`), zeroText: text.zeroDates[1] ?? 0, zeroBinary: enc.zeroDates[1] ?? 0 };
  await db.query(`DROP TABLE ${t}_text, ${t}_bin`);
  return result;
}

/** Property: for any list of generated values, binary and text COPY give the same table. */
async function agrees(family: Family, pgType: string, typname: string, value: fc.Arbitrary<Value>, seed: number, offset?: fc.Arbitrary<string>) {
  let nonNull = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(value, { minLength: 1, maxLength: 40, size: 'max' }), offset ?? fc.constant('+00:00'), async (values, utcOffset) => {
      const r = await viaBoth(family, pgType, typname, values, { utcOffset });
      expect(r.binary).toEqual(r.text);
      expect(r.zeroBinary).toBe(r.zeroText);
      nonNull += r.binary.filter((x) => x.v !== null).length;
    }),
    { seed, numRuns: 25 },
  );
  // The oracle means nothing if everything landed as NULL.
  expect(nonNull).toBeGreaterThan(100);
}

const zeroPadded = (n: bigint, pad: number) => (n >= 0n && pad > 0 ? String(n).padStart(String(n).length + pad, '0') : String(n));

/** Integers in [min, max] as MySQL writes them, crowded at the bounds and where the encoder changes arithmetic. */
function intText(min: bigint, max: bigint): fc.Arbitrary<string> {
  const clamp = (n: bigint) => (n < min ? min : n > max ? max : n);
  const edges = [min, max, min + 1n, max - 1n, 0n, -1n, 1n, 2n ** 31n - 1n, 2n ** 32n, 2n ** 53n + 1n, 10n ** 15n - 1n, 10n ** 15n, -(10n ** 15n) - 7n].map(clamp);
  const n = fc.oneof(fc.bigInt({ min, max }), fc.constantFrom(...edges), fc.bigInt({ min: -1000n, max: 1000n }).map(clamp));
  // ZEROFILL columns come zero-padded.
  return fc.tuple(n, fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 6 }) })).map(([v, pad]) => zeroPadded(v, pad));
}

const digits = (maxLength: number) =>
  fc.string({ unit: fc.oneof({ weight: 2, arbitrary: fc.constant('0') }, { weight: 5, arbitrary: fc.constantFrom(...'0123456789') }), maxLength });

/** Decimal text as MySQL writes DECIMAL: leading and trailing zeros, negatives, zero. */
const decimalText = fc.oneof(
  fc.tuple(fc.boolean(), digits(30), fc.option(digits(30), { nil: undefined })).map(([neg, int, frac]) => `${neg ? '-' : ''}${int || '0'}${frac === undefined ? '' : `.${frac}`}`),
  fc.constantFrom('0', '0.00', '-0.00', '-0', '42', '-123.4500', '0.0001', '0.00010000', '10000', '100000000', '99999999.9999', '-0.00000001', '1.5', '0000123.0100'),
);

const d2 = (n: number) => String(n).padStart(2, '0');
const isLeap = (y: number) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
const year = fc.oneof(fc.integer({ min: 1, max: 9999 }), fc.constantFrom(1, 4, 100, 1000, 1600, 1899, 1900, 1969, 1970, 1999, 2000, 2001, 2024, 2038, 2100, 9996, 9999));
const dateText = fc.tuple(year, fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 })).map(([y, m, d]) => {
  const last = m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
  return `${String(y).padStart(4, '0')}-${d2(m)}-${d2(Math.min(d, last))}`;
});
const zeroDate = fc.constantFrom('0000-00-00', '2020-00-10', '2020-04-00', '0000-01-01');
const leapDays = fc.constantFrom('2000-02-29', '2024-02-29', '0004-02-29', '1600-02-29', '9996-02-29', '1900-02-28', '2100-03-01', '2023-12-31');
const fraction = fc.oneof(fc.constantFrom('', '', '.0', '.5', '.000001', '.999999', '.000000'), digits(6).filter((f) => f.length > 0).map((f) => `.${f}`));
// Date-times as MySQL sends DATETIME and TIMESTAMP: always with a time of day.
const dateTimeText = fc.oneof(
  { weight: 9, arbitrary: fc.tuple(fc.oneof(dateText, leapDays), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }), fraction)
    .map(([d, h, mi, s, f]) => `${d} ${d2(h)}:${d2(mi)}:${d2(s)}${f}`) },
  { weight: 1, arbitrary: fc.constantFrom('0000-00-00 00:00:00', '2020-00-10 10:00:00', '2020-04-00 00:00:00', '0001-01-01 00:00:00', '9999-12-31 23:59:59.999999', '1999-12-31 23:59:59.999999', '2000-01-01 00:00:00') },
);
const utcOffset = fc.oneof(
  fc.tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 14 }), fc.constantFrom('00', '30', '45')).map(([s, h, m]) => `${s}${d2(h)}:${m}`),
  fc.constantFrom('+00:00', '-09:30', '+05:30', '+05:45', '-12:00', '+14:00'),
);
const withNulls = <T extends Value>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null, freq: 8 });

const specials = fc.constantFrom('\t', '\n', '\r', '\\', '\\N', 'N', '\\t', '"', ',', ' ', 'é', '😀', '\u2028', 'ß', '中');
// PostgreSQL text cannot hold U+0000, so it is the one character left out.
const textValue = fc.string({ unit: fc.oneof(specials, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })), maxLength: 40 })
  .map((s) => s.replace(/\0/g, ''))
  .filter((s) => [...s].length <= 50);

const floatText = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.constantFrom('3.14159', '-1.5e+30', '1e-310', '2.2250738585072014e-308', '1.7976931348623157e308', '0', '-0', '123456789012345678', '0.1'),
);

describe('binaryKindFor', () => {
  it('offers binary only where it matches what the text path makes of the same bytes', () => {
    expect(binaryKindFor('integer', 'int8')).toBe(BinaryKind.int8);
    expect(binaryKindFor('integer', 'bool')).toBe(BinaryKind.bool);
    expect(binaryKindFor('decimal', 'numeric')).toBe(BinaryKind.numeric);
    expect(binaryKindFor('datetime', 'timestamptz')).toBe(BinaryKind.timestamptz);
    expect(binaryKindFor('timestamptz', 'timestamp')).toBe(BinaryKind.timestamp);
    expect(binaryKindFor('text', 'bpchar')).toBe(BinaryKind.text);
    expect(binaryKindFor('binary', 'bytea')).toBe(BinaryKind.bytea);
    // Double rounding, a different parser, or the warehouse session's zone: text only.
    for (const [family, typname] of [['float', 'float4'], ['decimal', 'int4'], ['text', 'jsonb'], ['time', 'interval'], ['date', 'timestamptz'],
      ['binary', 'text'], ['boolean', 'bool'], ['other', 'text'], ['text', 'constructor'], ['float', 'numeric']] as const) {
      expect(binaryKindFor(family, typname)).toBeNull();
    }
  });
});

describe('BinaryCopyEncoder against COPY text', () => {
  it('integers at and around the bounds of int2, int4 and int8, zero-padded or not', async () => {
    await agrees('integer', 'int2', 'int2', withNulls(intText(-32768n, 32767n)), 1);
    await agrees('integer', 'int4', 'int4', withNulls(intText(-2147483648n, 2147483647n)), 2);
    await agrees('integer', 'int8', 'int8', withNulls(intText(-(2n ** 63n), 2n ** 63n - 1n)), 3);
  });

  it('integers into numeric, double precision, boolean and text', async () => {
    // BIGINT UNSIGNED goes up to 2^64 - 1, which only numeric holds.
    await agrees('integer', 'numeric(20,0)', 'numeric', withNulls(intText(-(2n ** 63n), 2n ** 64n - 1n)), 4);
    await agrees('integer', 'double precision', 'float8', withNulls(intText(-(2n ** 63n), 2n ** 64n - 1n)), 5);
    await agrees('integer', 'boolean', 'bool', withNulls(fc.oneof(fc.constantFrom('0', '1', '-1', '2', '127', '00'), intText(-128n, 255n))), 6);
    await agrees('integer', 'varchar(40)', 'varchar', withNulls(intText(-(2n ** 63n), 2n ** 64n - 1n)), 7);
  });

  it('decimals of any precision and scale, into numeric with and without a typmod, double precision and text', async () => {
    await agrees('decimal', 'numeric', 'numeric', withNulls(decimalText), 8);
    await agrees('decimal', 'numeric(40,8)', 'numeric', withNulls(decimalText), 9);
    await agrees('decimal', 'double precision', 'float8', withNulls(decimalText), 10);
    await agrees('decimal', 'text', 'text', withNulls(decimalText), 11);
  });

  it('floats into double precision and text', async () => {
    await agrees('float', 'double precision', 'float8', withNulls(floatText), 12);
    await agrees('float', 'text', 'text', withNulls(floatText), 13);
  });

  it('date-times into timestamp and timestamptz at any UTC offset, with and without fractions and typmods; zero dates become NULL', async () => {
    await agrees('datetime', 'timestamp', 'timestamp', withNulls(dateTimeText), 14, utcOffset);
    await agrees('datetime', 'timestamp(3)', 'timestamp', withNulls(dateTimeText), 15, utcOffset);
    await agrees('datetime', 'timestamptz', 'timestamptz', withNulls(dateTimeText), 16, utcOffset);
    await agrees('timestamptz', 'timestamptz(0)', 'timestamptz', withNulls(dateTimeText), 17, utcOffset);
    await agrees('timestamptz', 'timestamp', 'timestamp', withNulls(dateTimeText), 18, utcOffset);
  });

  it('dates, leap days included, into date and timestamp; zero dates become NULL', async () => {
    const date = withNulls(fc.oneof({ weight: 6, arbitrary: dateText }, { weight: 2, arbitrary: leapDays }, { weight: 1, arbitrary: zeroDate }));
    await agrees('date', 'date', 'date', date, 19);
    await agrees('date', 'timestamp', 'timestamp', date, 20);
  });

  it('text with tabs, newlines, backslashes and multi-byte UTF-8 into text, varchar and char', async () => {
    await agrees('text', 'text', 'text', withNulls(textValue), 21);
    await agrees('text', 'varchar(60)', 'varchar', withNulls(textValue), 22);
    await agrees('text', 'char(60)', 'bpchar', withNulls(textValue), 23);
  });

  it('bytes into bytea, every byte value included', async () => {
    const everyByte = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const bytes = fc.oneof(fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)), fc.constant(everyByte), fc.constant(Buffer.alloc(0)));
    await agrees('binary', 'bytea', 'bytea', withNulls(bytes), 24);
  });

  it('counts zero dates per column, as the text encoder does', async () => {
    const values = ['2021-03-04 05:06:07', '0000-00-00 00:00:00', null, '2020-00-10 00:00:00', '2020-04-00 10:00:00', '1999-01-01 00:00:00'];
    const r = await viaBoth('datetime', 'timestamptz', 'timestamptz', values, { utcOffset: '-03:30' });
    expect(r.binary).toEqual(r.text);
    expect(r.binary.map((x) => x.v)).toEqual(['2021-03-04 08:36:07+00', null, null, null, null, '1999-01-01 03:30:00+00']);
    expect(r.zeroBinary).toBe(3);
  });
});

const lengthCoded = (v: Buffer | null): Buffer => {
  if (v === null) return Buffer.from([0xfb]);
  const n = v.length;
  if (n < 251) return Buffer.concat([Buffer.from([n]), v]);
  if (n < 65536) return Buffer.concat([Buffer.from([0xfc, n & 255, n >> 8]), v]);
  return Buffer.concat([Buffer.from([0xfd, n & 255, (n >> 8) & 255, n >> 16]), v]);
};

describe('BinaryCopyEncoder framing', () => {
  const kinds = [BinaryKind.int8, BinaryKind.text, BinaryKind.numeric, BinaryKind.timestamptz, BinaryKind.date, BinaryKind.bytea, BinaryKind.bool, BinaryKind.float8, BinaryKind.int2];
  const columns = 'id int8, t text, n numeric, ts timestamptz, d date, b bytea, f boolean, x float8, s int2';

  it('reads MySQL row packets in place exactly as row() encodes values, NULLs and 2- and 3-byte lengths included', async () => {
    const rows: (Buffer | null)[][] = [
      ['1', 'a\tb\\c\n'.repeat(60), '-123.4500', '2020-02-29 12:00:00.5', '2020-02-29', '\x00\xff', '1', '2.5', '-32768'],
      ['2', null, null, '0000-00-00 00:00:00', '0000-00-00', null, '0', null, null],
      ['9007199254740993', 'é😀'.repeat(20_000), '0.00', '1970-01-01 00:00:00', '0001-01-01', 'x'.repeat(70_000), '2', '-1e-300', '32767'],
    ].map((r) => r.map((v) => (v === null ? null : Buffer.from(v, v.startsWith('\x00') ? 'latin1' : 'utf8'))));
    const viaRow: Buffer[] = [];
    const viaPacket: Buffer[] = [];
    const a = new BinaryCopyEncoder((c) => viaRow.push(c), { chunkBytes: 1000, utcOffset: '+02:00' });
    const b = new BinaryCopyEncoder((c) => viaPacket.push(c), { chunkBytes: 1000, utcOffset: '+02:00' });
    for (const r of rows) {
      a.row(r, kinds);
      // Junk before the values, as a packet header would be.
      b.mysqlRow(Buffer.concat([Buffer.from('junk'), ...r.map(lengthCoded)]), 4, kinds, r.length, 0);
      expect(b.keyBuf!.toString('latin1', b.keyStart, b.keyEnd)).toBe(r[0]!.toString());
    }
    a.endBatch();
    b.endBatch();
    expect(Buffer.concat(viaPacket).equals(Buffer.concat(viaRow))).toBe(true);
    expect(b.zeroDates).toEqual(a.zeroDates);
    expect(b.zeroDates[3]).toBe(1);
    expect(b.zeroDates[4]).toBe(1);

    await db.query(`CREATE TABLE packets (${columns})`);
    await copyInto('packets', viaPacket, true);
    const back = await db.query('SELECT id::text, length(t) AS t, n::text, ts::text, d::text, length(b) AS b, f, x, s FROM packets ORDER BY packets.id');
    expect(back.rows).toEqual([
      { id: '1', t: 360, n: '-123.4500', ts: '2020-02-29 10:00:00.5+00', d: '2020-02-29', b: 2, f: true, x: 2.5, s: -32768 },
      { id: '2', t: null, n: null, ts: null, d: null, b: null, f: false, x: null, s: null },
      { id: '9007199254740993', t: 40_000, n: '0.00', ts: '1969-12-31 22:00:00+00', d: '0001-01-01', b: 70_000, f: true, x: -1e-300, s: 32767 },
    ]);
  });

  it('each batch is a COPY of its own, even with chunks so small that rows split across them', async () => {
    await db.query(`CREATE TABLE batches (${columns})`);
    const row = (id: number): Value[] => [String(id), `row ${id}\t\n`, `${id}.${id}`, '2024-02-29 23:59:59.999999', '2024-02-29', Buffer.from([id, 0, 255]), String(id % 2), `${id / 4}`, String(-id)];
    const sizes = [3, 0, 1, 7];
    let id = 0;
    const { batches } = encodeBinary(sizes.map((n) => Array.from({ length: n }, () => row(++id))), kinds, { chunkBytes: 64, utcOffset: '-09:30' });
    // A batch with no rows starts no COPY.
    expect(batches.map((b) => b.length > 0)).toEqual([true, false, true, true]);
    for (const chunks of batches.filter((b) => b.length > 0)) {
      for (const c of chunks) expect(c.length).toBeLessThanOrEqual(64);
      const all = Buffer.concat(chunks);
      expect(all.subarray(0, 19).equals(Buffer.from('PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0', 'latin1'))).toBe(true);
      expect(all.readInt16BE(all.length - 2)).toBe(-1);
      await copyInto('batches', chunks, true);
    }
    const back = await db.query<{ id: string; t: string; n: string; ts: string; s: number }>('SELECT id::text, t, n::text, ts::text, s FROM batches ORDER BY batches.id');
    expect(back.rows.map((r) => r.id)).toEqual(Array.from({ length: 11 }, (_, i) => String(i + 1)));
    expect(back.rows[10]).toEqual({ id: '11', t: 'row 11\t\n', n: '11.11', ts: '2024-03-01 09:29:59.999999+00', s: -11 });
  });

  it('gives a value larger than a chunk a chunk of its own', () => {
    const chunks: Buffer[] = [];
    const enc = new BinaryCopyEncoder((c) => chunks.push(c), { chunkBytes: 64 });
    enc.row(['1', 'y'.repeat(500)], [BinaryKind.int4, BinaryKind.text]);
    expect(enc.pending).toBe(504);
    enc.row(['2', 'z'], [BinaryKind.int4, BinaryKind.text]);
    expect(enc.pending).toBe(2 + 8 + 5);
    enc.flush();
    expect(enc.pending).toBe(0);
    expect(chunks.map((c) => c.length)).toEqual([19 + 2 + 8, 504, 15]);
  });
});

describe('BinaryCopyEncoder refusals', () => {
  it('refuses integers out of their type, naming the column and the value, where PostgreSQL refuses them too', async () => {
    const cases: [BinaryKind, string, string][] = [
      [BinaryKind.int2, 'int2', '32768'], [BinaryKind.int2, 'int2', '-32769'], [BinaryKind.int4, 'int4', '2147483648'],
      [BinaryKind.int4, 'int4', '-2147483649'], [BinaryKind.int4, 'int4', '99999999999999999999'], [BinaryKind.int8, 'int8', '9223372036854775808'],
      [BinaryKind.int8, 'int8', '-9223372036854775809'], [BinaryKind.int8, 'int8', '18446744073709551615'], [BinaryKind.int8, 'int8', '123456789012345678901234'],
    ];
    for (const [kind, type, value] of cases) {
      const enc = new BinaryCopyEncoder(() => {}, { columnNames: ['id', 'qty'] });
      let err: unknown;
      try {
        enc.row(['1', value], [BinaryKind.int4, kind]);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ApiError);
      expect((err as ApiError).code).toBe('validation');
      expect((err as ApiError).message).toContain('qty');
      expect((err as ApiError).message).toContain(value);
      expect((err as ApiError).message).toContain('out of range');
      await expect(db.query(`SELECT $1::${type}`, [value])).rejects.toThrow(/out of range/);
    }
    // The bounds themselves pass.
    const enc = new BinaryCopyEncoder(() => {});
    enc.row(['-32768', '-2147483648', '-9223372036854775808', '9223372036854775807', '000000000000000000000000042'], [BinaryKind.int2, BinaryKind.int4, BinaryKind.int8, BinaryKind.int8, BinaryKind.int8]);
  });

  it('refuses what is no number or no real date, without a column name saying which column by position', () => {
    const refused: [BinaryKind, string][] = [
      [BinaryKind.int4, ''], [BinaryKind.int4, '-'], [BinaryKind.int4, '12a'], [BinaryKind.int8, '1.5'], [BinaryKind.int8, '12345678901234567x'],
      [BinaryKind.numeric, ''], [BinaryKind.numeric, '.'], [BinaryKind.numeric, '1e5'], [BinaryKind.numeric, 'NaN'], [BinaryKind.numeric, '1.2.3'],
      [BinaryKind.date, '2021-02-29'], [BinaryKind.date, '2021-13-01'], [BinaryKind.date, '2021-04-31'], [BinaryKind.date, '2021-1-01'],
      [BinaryKind.date, '1900-02-29'], [BinaryKind.date, '2100-02-29'], [BinaryKind.date, '2021-02-30'], [BinaryKind.date, '2021-1a-01'], [BinaryKind.date, '2021-99-01'],
      [BinaryKind.timestamp, '2021-01-01 24:00:00'], [BinaryKind.timestamp, '2021-01-01 10:60:00'], [BinaryKind.timestamp, '2021-01-01 10:00:00.'],
      [BinaryKind.timestamp, '2021-01-01x10:00:00'], [BinaryKind.timestamptz, 'yesterday'], [BinaryKind.float8, 'abc'], [BinaryKind.float8, ''], [BinaryKind.float8, '1e999'],
    ];
    for (const [kind, value] of refused) {
      const enc = new BinaryCopyEncoder(() => {});
      expect(() => enc.row(['1', value], [BinaryKind.int4, kind]), `${kind} '${value}'`).toThrow(/Column #2: value/);
    }
  });

  it('refuses a UTC offset it cannot read', () => {
    expect(() => new BinaryCopyEncoder(() => {}, { utcOffset: 'SYSTEM' })).toThrow(/UTC offset/);
  });
});
