import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type pg from 'pg';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import copyStreams from 'pg-copy-streams';
import { CopyEncoder, FieldKind, isValidNumber, isValidTimestamp, isZeroDate } from './copy-encoder.js';
import { CopyLookup } from './lookup.js';
import { createPgDb, dropPgDb, pgAdmin, type PgConn } from '../testing/dbs.js';

function encode(rows: (Buffer | string | null)[][], kinds: FieldKind[], chunkBytes = 64, utcOffset?: string): Buffer[] {
  const chunks: Buffer[] = [];
  const enc = new CopyEncoder((c) => chunks.push(c), { chunkBytes, utcOffset });
  for (const r of rows) enc.row(r, kinds);
  enc.flush();
  return chunks;
}

let conn: PgConn;
let db: pg.Client;

async function copyInto(table: string, chunks: Buffer[]): Promise<void> {
  await pipeline(Readable.from(chunks), db.query(copyStreams.from(`COPY ${table} FROM STDIN`)));
}

beforeAll(async () => {
  conn = await createPgDb();
  db = await pgAdmin(conn);
});
afterAll(async () => {
  await db?.end();
  if (conn) await dropPgDb(conn);
});

describe('CopyEncoder', () => {
  it('writes whole rows into chunks no larger than asked, except a single oversized value', () => {
    const big = 'x'.repeat(500);
    const chunks = encode([['a', 'b'], [big, null], ['c', 'd']], [FieldKind.text, FieldKind.text], 64);
    const text = Buffer.concat(chunks).toString('utf8');
    expect(text).toBe(`a\tb\n${big}\t\\N\nc\td\n`);
    for (const c of chunks) if (!c.includes(Buffer.from(big))) expect(c.length).toBeLessThanOrEqual(64);
  });

  it('recognises zero and partly zero MySQL dates', () => {
    expect(isZeroDate(Buffer.from('0000-00-00'))).toBe(true);
    expect(isZeroDate(Buffer.from('0000-00-00 00:00:00'))).toBe(true);
    expect(isZeroDate(Buffer.from('2020-00-10'))).toBe(true);
    expect(isZeroDate(Buffer.from('2020-04-00 10:00:00'))).toBe(true);
    expect(isZeroDate(Buffer.from('2020-04-10 00:00:00'))).toBe(false);
    expect(isZeroDate(Buffer.from('2000-10-10'))).toBe(false);
  });

  it('any row of strings and NULLs survives a COPY into PostgreSQL unchanged', async () => {
    await db.query('CREATE TABLE prop (i int, a text, b text, c text)');
    const specials = fc.constantFrom('\t', '\n', '\r', '\\', '\\N', 'N', '\\t', '"', ',', ' ', 'é', '😀', '\u2028');
    const unit = fc.oneof(specials, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }));
    // PostgreSQL text cannot hold U+0000, so it is the one character left out.
    const value = fc.option(fc.string({ unit, maxLength: 40 }).map((s) => s.replace(/\0/g, '')), { nil: null, freq: 4 });
    const rows = fc.array(fc.tuple(value, value, value), { minLength: 1, maxLength: 30 });
    await fc.assert(
      fc.asyncProperty(rows, fc.integer({ min: 8, max: 300 }), async (rs, chunkBytes) => {
        await db.query('TRUNCATE prop');
        const input = rs.map((r, i) => [String(i), ...r]);
        await copyInto('prop', encode(input, [FieldKind.plain, FieldKind.text, FieldKind.text, FieldKind.text], chunkBytes));
        const back = await db.query<{ i: number; a: string | null; b: string | null; c: string | null }>('SELECT i, a, b, c FROM prop ORDER BY i');
        expect(back.rows.map((r) => [r.a, r.b, r.c])).toEqual(rs);
      }),
      { numRuns: 150 },
    );
  });

  it('binary values land in bytea byte for byte, booleans and dates are converted', async () => {
    await db.query('CREATE TABLE kinds (b bytea, t boolean, d date, ts timestamp, tz timestamptz)');
    const bytes = Buffer.from([0, 9, 10, 13, 92, 255, 128, 1]);
    const kinds = [FieldKind.binary, FieldKind.bool, FieldKind.date, FieldKind.date, FieldKind.dateTz];
    const chunks: Buffer[] = [];
    const enc = new CopyEncoder((c) => chunks.push(c), { chunkBytes: 16, utcOffset: '+02:00' });
    enc.row([bytes, Buffer.from('1'), Buffer.from('0000-00-00'), Buffer.from('2021-03-04 05:06:07'), Buffer.from('2021-03-04 05:06:07')], kinds);
    enc.row([Buffer.alloc(0), Buffer.from('0'), Buffer.from('2019-01-01'), Buffer.from('0000-00-00 00:00:00'), Buffer.from('0000-00-00 00:00:00')], kinds);
    enc.row([null, Buffer.from('2'), null, null, null], kinds);
    enc.flush();
    await copyInto('kinds', chunks);
    const back = await db.query<{ b: Buffer | null; t: boolean | null; d: string | null; ts: string | null; tz: string | null }>(
      "SELECT b, t, d::text, ts::text, to_char(tz AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS tz FROM kinds ORDER BY t NULLS LAST, b NULLS LAST",
    );
    expect(back.rows).toEqual([
      { b: Buffer.alloc(0), t: false, d: '2019-01-01', ts: null, tz: null },
      { b: bytes, t: true, d: null, ts: '2021-03-04 05:06:07', tz: '2021-03-04 03:06:07' },
      { b: null, t: true, d: null, ts: null, tz: null },
    ]);
    expect(enc.zeroDates).toEqual([undefined, undefined, 1, 1, 1]);
  });

  it('what the checks pass as a timestamp or a number, PostgreSQL accepts; what they refuse lands as NULL plus the raw text', async () => {
    await db.query(`CREATE FUNCTION accepts(v text, t text) RETURNS boolean LANGUAGE plpgsql AS $$
      BEGIN EXECUTE format('SELECT %L::%s', v, t); RETURN true; EXCEPTION WHEN others THEN RETURN false; END $$`);
    // Mostly near the edges of the valid ranges, where a check would go wrong.
    const d2 = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
    const year = fc.oneof(fc.integer({ min: 1896, max: 2104 }), fc.integer({ min: 0, max: 9999 })).map((n) => String(n).padStart(4, '0'));
    const ts = fc.tuple(year, d2(13), d2(32), fc.constantFrom('', ' ', ' ', 'T', 'x'), d2(25), d2(61), d2(61), fc.constantFrom('', '', '.5', '.123456', '.'))
      .map(([y, m, d, sep, h, mi, s, f]) => sep === '' ? `${y}-${m}-${d}` : `${y}-${m}-${d}${sep}${h}:${mi}:${s}${f}`);
    const anyTs = fc.oneof(ts, ts.map((t) => t.slice(0, 16)), fc.string({ maxLength: 22 }));
    const samples = fc.sample(anyTs, { numRuns: 400, seed: 7 });
    const pgTs = await db.query<{ ok: boolean }>(`SELECT accepts(v, 'timestamp') AS ok FROM unnest($1::text[]) WITH ORDINALITY AS u(v, n) ORDER BY n`, [samples]);
    let passed = 0;
    samples.forEach((v, i) => {
      if (isValidTimestamp(Buffer.from(v))) {
        passed++;
        expect({ v, pg: pgTs.rows[i].ok }).toEqual({ v, pg: true });
      }
    });
    expect(passed).toBeGreaterThan(60);
    for (const bad of ['2021-02-29', '2020-02-30', '2019-04-31', '2019-13-01', '0000-01-01', '2019-01-01 24:00:00', '2019-01-01T10:61', 'yesterday']) {
      expect(isValidTimestamp(Buffer.from(bad))).toBe(false);
    }
    expect(isValidTimestamp(Buffer.from('2020-02-29 23:59:59.999999'))).toBe(true);

    const numbers = fc.sample(fc.oneof(fc.double().map(String), fc.integer().map(String), fc.stringMatching(/^[-+]?\d{0,5}\.?\d{0,4}([eE][-+]?\d{0,3})?$/), fc.string({ maxLength: 8 })), { numRuns: 400, seed: 9 });
    const pgNum = await db.query<{ ok: boolean }>(`SELECT accepts(v, 'numeric') AS ok FROM unnest($1::text[]) WITH ORDINALITY AS u(v, n) ORDER BY n`, [numbers]);
    numbers.forEach((v, i) => {
      if (isValidNumber(Buffer.from(v))) expect({ v, pg: pgNum.rows[i].ok }).toEqual({ v, pg: true });
    });
    for (const bad of ['NaN', 'Infinity', '', '-', '.', '1e', '1.2.3', ' 1']) expect(isValidNumber(Buffer.from(bad))).toBe(false);

    const chunks = encode(
      [['1', '2020-01-02 03:04:05', '12.50'], ['2', '2020-02-30', 'ten'], ['3', '0000-00-00 00:00:00', null]],
      [FieldKind.plain, FieldKind.checkedTimestamp, FieldKind.checkedNumber],
    );
    expect(Buffer.concat(chunks).toString()).toBe('1\t2020-01-02 03:04:05\t\\N\t12.50\t\\N\n2\t\\N\t2020-02-30\t\\N\tten\n3\t\\N\t\\N\t\\N\t\\N\n');
  });

  it('reads MySQL row packets in place the same way it encodes values, for every length encoding', () => {
    const lengthCoded = (v: Buffer | null): Buffer => {
      if (v === null) return Buffer.from([0xfb]);
      const n = v.length;
      if (n < 251) return Buffer.concat([Buffer.from([n]), v]);
      if (n < 65536) return Buffer.concat([Buffer.from([0xfc, n & 255, n >> 8]), v]);
      if (n < 16777216) return Buffer.concat([Buffer.from([0xfd, n & 255, (n >> 8) & 255, n >> 16]), v]);
      const head = Buffer.alloc(9);
      head[0] = 0xfe;
      head.writeUInt32LE(n, 1);
      return Buffer.concat([head, v]);
    };
    const values = [
      Buffer.from('12345'), null, Buffer.from('a\tb\\c\n'.repeat(60)), Buffer.from('x\r'.repeat(40_000)),
      Buffer.from('0000-00-00 00:00:00'), Buffer.from('2020-02-29 12:00:00'), Buffer.from('1e5'), Buffer.from([0, 255]),
    ];
    const kinds = [FieldKind.plain, FieldKind.text, FieldKind.text, FieldKind.text, FieldKind.date, FieldKind.checkedTimestamp, FieldKind.checkedNumber, FieldKind.binary];
    const packet = Buffer.concat([Buffer.from('junk'), ...values.map(lengthCoded)]);
    const a: Buffer[] = [];
    const b: Buffer[] = [];
    const ea = new CopyEncoder((c) => a.push(c), { chunkBytes: 1000 });
    const eb = new CopyEncoder((c) => b.push(c), { chunkBytes: 1000 });
    ea.row(values, kinds);
    ea.flush();
    eb.mysqlRow(packet, 4, kinds, values.length, 0);
    eb.flush();
    expect(Buffer.concat(b).equals(Buffer.concat(a))).toBe(true);
    expect(eb.keyBuf!.toString('latin1', eb.keyStart, eb.keyEnd)).toBe('12345');
    expect(eb.zeroDates[4]).toBe(1);
    const big = Buffer.alloc(16_777_300, 97);
    const out: Buffer[] = [];
    const eOut = new CopyEncoder((c) => out.push(c));
    eOut.mysqlRow(Buffer.concat([lengthCoded(Buffer.from('7')), lengthCoded(big)]), 0, [FieldKind.plain, FieldKind.text], 2, 0);
    eOut.flush();
    expect(Buffer.concat(out).length).toBe(1 + 1 + big.length + 1);
  });

  it('gives the UTC day of a timestamp read in any offset exactly as PostgreSQL computes it, and counts suspect rows', async () => {
    await db.query('CREATE TABLE days (n int, off text, src text, d date, ts timestamp, bad text)');
    const d2 = (min: number, max: number) => fc.integer({ min, max }).map((n) => String(n).padStart(2, '0'));
    const year = fc.oneof(fc.integer({ min: 1, max: 9999 }), fc.constantFrom(1, 99, 100, 1900, 2000, 2019, 2020, 2024, 9999)).map((n) => String(n).padStart(4, '0'));
    const stamp = fc.tuple(year, d2(1, 12), fc.constantFrom('01', '28', '29', '30', '31', '15'), fc.constantFrom('', ' '), d2(0, 23), d2(0, 59), d2(0, 59))
      .map(([y, m, d, sep, h, mi, se]) => (sep === '' ? `${y}-${m}-${d}` : `${y}-${m}-${d} ${h}:${mi}:${se}`))
      .filter((v) => isValidTimestamp(Buffer.from(v)));
    const offset = fc.tuple(fc.constantFrom('+', '-'), d2(0, 14), fc.constantFrom('00', '30', '45')).map(([sg, h, m]) => `${sg}${h}:${m}`);
    const cases = fc.sample(fc.tuple(stamp, offset), { numRuns: 500, seed: 3 });
    cases.push(['2020-03-01 00:30:00', '+01:00'], ['2019-03-01 00:30:00', '+01:00'], ['2020-12-31 23:30:00', '-01:00'], ['0001-01-01', '-00:30'], ['9999-12-31 23:59:59', '+00:00'], ['0001-01-01 00:10:00', '+01:00'], ['9999-12-31 23:30:00', '-01:00']);
    for (const [i, [ts, off]] of cases.entries()) {
      const chunks: Buffer[] = [];
      const enc = new CopyEncoder((c) => chunks.push(c), { utcOffset: off });
      enc.row([String(i), off, ts, ts], [FieldKind.plain, FieldKind.text, FieldKind.text, FieldKind.checkedDayTimestamp]);
      enc.flush();
      await copyInto('days', chunks);
    }
    const wrong = await db.query(`SELECT n, off, src, d::text AS d, (src::timestamp - off::interval)::date::text AS want FROM days
      WHERE d IS DISTINCT FROM (src::timestamp - off::interval)::date`);
    expect(wrong.rows).toEqual([]);
    expect(Number((await db.query('SELECT count(*) AS n FROM days WHERE d IS NOT NULL')).rows[0].n)).toBeGreaterThan(450);
    // A valid timestamp in a row with nothing amiss travels as its day alone.
    expect(Number((await db.query('SELECT count(*) AS n FROM days WHERE ts IS NOT NULL OR bad IS NOT NULL')).rows[0].n)).toBe(0);

    const chunks: Buffer[] = [];
    const enc = new CopyEncoder((c) => chunks.push(c), { utcOffset: '+02:00' });
    // The timestamp last, as star mode sends it: its value is kept only for a row already suspect.
    const kinds = [FieldKind.plain, FieldKind.requiredText, FieldKind.checkedNumber, FieldKind.checkedDayTimestamp];
    enc.row(['1', 'Books', '3.5', '2021-06-01 01:00:00'], kinds);
    expect(enc.takeSuspectRows()).toBe(0);
    enc.row(['2', 'Books', '1', '0000-00-00 00:00:00'], kinds);
    enc.row(['3', 'Books', '1', '2021-02-30 10:00:00'], kinds);
    enc.row(['4', 'Books', '1', null], kinds);
    enc.row(['5', '   ', '1', '2021-06-01'], kinds);
    enc.row(['6', null, '1', '2021-06-01'], kinds);
    enc.row(['7', 'Toys', 'x', '2021-06-01'], kinds);
    enc.row(['8', ' Toys', '-1e3', '2021-06-01'], kinds);
    enc.flush();
    expect(enc.takeSuspectRows()).toBe(6);
    expect(enc.takeSuspectRows()).toBe(0);
    expect(Buffer.concat(chunks).toString().split('\n').slice(0, 8)).toEqual([
      '1\tBooks\t3.5\t\\N\t2021-05-31\t\\N\t\\N',
      '2\tBooks\t1\t\\N\t\\N\t\\N\t\\N',
      '3\tBooks\t1\t\\N\t\\N\t\\N\t2021-02-30 10:00:00',
      '4\tBooks\t1\t\\N\t\\N\t\\N\t\\N',
      '5\t   \t1\t\\N\t2021-05-31\t2021-06-01\t\\N',
      '6\t\\N\t1\t\\N\t2021-05-31\t2021-06-01\t\\N',
      '7\tToys\t\\N\tx\t2021-05-31\t2021-06-01\t\\N',
      '8\t Toys\t-1e3\t\\N\t2021-05-31\t\\N\t\\N',
    ]);
    expect(enc.zeroDates[3]).toBe(1);
  });

  it('replaces ids by their look-up values, escaped for COPY, with NULL and a suspect row where there is none', () => {
    const dense = new CopyLookup([['1', 'Books'], ['2', 'a\tb\\c\nd'], ['3', '  '], ['4', null], ['x', 'ignored']]);
    const sparse = new CopyLookup([['-5', 'Minus'], ['900000000000', 'Far'], ['7', 'Seven']]);
    expect(dense.size).toBe(4);
    expect(sparse.size).toBe(3);
    const chunks: Buffer[] = [];
    const enc = new CopyEncoder((c) => chunks.push(c), { lookups: [undefined, dense, sparse] });
    const kinds = [FieldKind.plain, FieldKind.lookup, FieldKind.lookup];
    const rows: [string, string | null, string | null, number][] = [
      ['1', '1', '7', 0],
      ['2', '2', '-5', 0],
      ['3', '3', '900000000000', 1],
      ['4', '4', '7', 1],
      ['5', '99', '7', 1],
      ['6', null, '7', 1],
      ['7', '1', '8', 1],
      ['8', '1.5', '007', 1],
    ];
    const suspect: number[] = [];
    for (const [a, b, c] of rows) {
      enc.row([a, b, c], kinds);
      suspect.push(enc.takeSuspectRows());
    }
    enc.flush();
    expect(suspect).toEqual(rows.map((r) => r[3]));
    expect(Buffer.concat(chunks).toString().trim().split('\n')).toEqual([
      '1\tBooks\tSeven',
      '2\ta\\tb\\\\c\\nd\tMinus',
      '3\t  \tFar',
      '4\t\\N\tSeven',
      '5\t\\N\tSeven',
      '6\t\\N\tSeven',
      '7\tBooks\t\\N',
      '8\t\\N\tSeven',
    ]);
  });
});
