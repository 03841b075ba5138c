import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import type mysql from 'mysql2/promise';
import { syncSettingsSchema } from '../../../../shared/sync/sync.js';
import { runSync } from '../run-sync.js';
import { createMysqlDb, createPgDb, dropMysqlDb, dropPgDb, mysqlAdmin, pgAdmin, type MysqlConn, type PgConn } from '../testing/dbs.js';
import { recordingContext } from '../testing/context.js';

let source: MysqlConn;
let warehouse: PgConn;
let my: mysql.Connection;
let wh: pg.Client;

const TEXT = 'tab\there, newline\nthere, cr\r, backslash \\ and \\N, emoji 😀🚀, naïve ünïcödé';
const BYTES = Buffer.from([0x00, 0x09, 0x0a, 0x0d, 0x5c, 0x4e, 0xff, 0x80]);

beforeAll(async () => {
  [source, warehouse] = await Promise.all([createMysqlDb(), createPgDb()]);
  my = await mysqlAdmin(source);
  wh = await pgAdmin(warehouse);
  // Old applications write zero dates; the server allows them when the mode does.
  await my.query("SET SESSION sql_mode = '', time_zone = '+00:00'");
  await my.query(`CREATE TABLE odd (
    id int NOT NULL PRIMARY KEY,
    d date NULL, dt datetime NULL, ts timestamp NULL DEFAULT NULL,
    flag tinyint(1) NULL, flag_small tinyint(1) NULL,
    big bigint unsigned NULL, dec30 decimal(30,10) NULL,
    txt text NULL, bin varbinary(16) NULL, blb blob NULL,
    t time NULL, y year NULL, e enum('small','large') NULL, f double NULL
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);
  await my.query(
    `INSERT INTO odd VALUES
      (1, '2021-06-01', '2021-06-01 12:34:56', '2021-06-01 12:00:00', 1, 1, 18446744073709551615, 12345678901234567890.0123456789,
       ?, ?, ?, '-838:59:59', 2021, 'large', 1.5e300),
      (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
      (3, '0000-00-00', '0000-00-00 00:00:00', '0000-00-00 00:00:00', 0, 2, 0, -0.5, '', '', '', '00:00:00', 1901, 'small', -0.25)`,
    [TEXT, BYTES, BYTES],
  );
});

afterAll(async () => {
  await my?.end();
  await wh?.end();
  await Promise.all([source && dropMysqlDb(source), warehouse && dropPgDb(warehouse)]);
});

const SELECT = (t: string) => `SELECT id, d::text, dt::text, to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS ts_utc,
  flag::text, flag_small::text, big::text, dec30::text, txt, bin, blb, t::text, y::text, e, f::text
  FROM ${t} ORDER BY ${t}.id`;

describe('MySQL oddities land correctly', () => {
  it('into a warehouse table with boolean, smallint, numeric, bytea, interval and timestamptz columns', async () => {
    await wh.query(`CREATE TABLE odd_typed (
      id int PRIMARY KEY, d date, dt timestamp, ts timestamptz, flag boolean, flag_small smallint,
      big numeric(20,0), dec30 numeric(30,10), txt text, bin bytea, blb bytea, t interval, y smallint, e text, f double precision)`);
    const ctx = recordingContext();
    const r = await runSync({ source, warehouse, settings: syncSettingsSchema.parse({ table: 'odd', key: 'id', target: 'odd_typed', measure: 'dec30' }) }, ctx);
    expect(r).toMatchObject({ newRows: 3, inserted: 3, sourceTimeZone: '+00:00' });
    expect(r.checks).toEqual([
      { name: 'rows <= watermark (full recount)', source: '3', warehouse: '3', ok: true },
      { name: 'sum(dec30) <= watermark (full recount)', source: '12345678901234567889.5123456789', warehouse: '12345678901234567889.5123456789', ok: true },
    ]);
    for (const col of ['d', 'dt', 'ts']) {
      expect(r.notes).toContain(`1 zero date (0000-00-00 or with a zero month/day) in source column ${col} became NULL`);
    }
    const rows = (await wh.query(SELECT('odd_typed'))).rows;
    expect(rows[0]).toEqual({
      id: 1, d: '2021-06-01', dt: '2021-06-01 12:34:56', ts_utc: '2021-06-01 12:00:00', flag: 'true', flag_small: '1',
      big: '18446744073709551615', dec30: '12345678901234567890.0123456789', txt: TEXT, bin: BYTES, blb: BYTES,
      t: '-838:59:59', y: '2021', e: 'large', f: '1.5e+300',
    });
    expect(rows[1]).toEqual({
      id: 2, d: null, dt: null, ts_utc: null, flag: null, flag_small: null, big: null, dec30: null, txt: null, bin: null, blb: null,
      t: null, y: null, e: null, f: null,
    });
    // Zero dates became NULL; tinyint(1) 0 and 2 went to false and 2.
    expect(rows[2]).toEqual({
      id: 3, d: null, dt: null, ts_utc: null, flag: 'false', flag_small: '2', big: '0', dec30: '-0.5000000000', txt: '',
      bin: Buffer.alloc(0), blb: Buffer.alloc(0), t: '00:00:00', y: '1901', e: 'small', f: '-0.25',
    });
  });

  it('through COPY BINARY when every column has a binary form, with the same values as COPY text gives', async () => {
    // The same rows without the TIME column, the one type that keeps a table on COPY text.
    await my.query("SET SESSION sql_mode = ''");
    await my.query('CREATE TABLE odd_bin AS SELECT id, d, dt, ts, flag, flag_small, big, dec30, txt, bin, blb, y, e, f FROM odd');
    await wh.query(`CREATE TABLE odd_bin_typed (
      id int PRIMARY KEY, d date, dt timestamp, ts timestamptz, flag boolean, flag_small smallint,
      big numeric(20,0), dec30 numeric(30,10), txt text, bin bytea, blb bytea, y smallint, e text, f double precision)`);
    const ctx = recordingContext();
    const r = await runSync({ source, warehouse, settings: syncSettingsSchema.parse({ table: 'odd_bin', key: 'id', target: 'odd_bin_typed', measure: 'dec30' }) }, ctx);
    expect(r).toMatchObject({ newRows: 3, inserted: 3 });
    expect(r.checks.every((c) => c.ok)).toBe(true);
    expect(ctx.logs.some((l) => /^Load path: COPY BINARY straight into public\.odd_bin_typed/.test(l.message))).toBe(true);
    for (const col of ['d', 'dt', 'ts']) {
      expect(r.notes).toContain(`1 zero date (0000-00-00 or with a zero month/day) in source column ${col} became NULL`);
    }
    const omitTime = ({ t: _t, ...rest }: Record<string, unknown>) => rest;
    const viaText = (await wh.query(SELECT('odd_typed'))).rows.map(omitTime);
    const viaBinary = (await wh.query(SELECT('odd_bin_typed').replace(', t::text', ''))).rows;
    expect(viaBinary).toEqual(viaText);
    expect(viaBinary[0]).toMatchObject({ ts_utc: '2021-06-01 12:00:00', big: '18446744073709551615', dec30: '12345678901234567890.0123456789', f: '1.5e+300' });

    // The TIME column's table said why it stayed on text.
    const again = recordingContext();
    await runSync({ source, warehouse, settings: syncSettingsSchema.parse({ table: 'odd', key: 'id', target: 'odd_typed' }) }, again);
    expect(again.logs.some((l) => /^Load path: COPY text \(no binary form for t -> interval\)/.test(l.message))).toBe(true);
  });

  it('into a table the sync creates, read in an explicit +02:00 session time zone', async () => {
    const ctx = recordingContext();
    const r = await runSync(
      { source: { ...source, timeZone: '+02:00' }, warehouse, settings: syncSettingsSchema.parse({ table: 'odd', key: 'id', target: 'odd_auto' }) },
      ctx,
    );
    expect(r).toMatchObject({ newRows: 3, inserted: 3, sourceTimeZone: '+02:00' });
    expect(r.checks.every((c) => c.ok)).toBe(true);
    expect(ctx.logs.some((l) => /session time zone \+02:00/.test(l.message))).toBe(true);
    const types = await wh.query(`SELECT column_name AS c, data_type AS t FROM information_schema.columns WHERE table_name = 'odd_auto' ORDER BY ordinal_position`);
    expect(Object.fromEntries(types.rows.map((x) => [x.c, x.t]))).toMatchObject({
      ts: 'timestamp with time zone', flag: 'smallint', big: 'numeric', bin: 'bytea', t: 'interval', txt: 'text',
    });
    const rows = (await wh.query(SELECT('odd_auto'))).rows;
    // TIMESTAMP is an instant: read at +02:00 and stamped with that offset, it is the same 12:00 UTC.
    expect(rows[0]).toMatchObject({ ts_utc: '2021-06-01 12:00:00', dt: '2021-06-01 12:34:56', txt: TEXT, bin: BYTES, big: '18446744073709551615', flag: '1' });
    expect(rows[2]).toMatchObject({ d: null, dt: null, ts_utc: null });
  });
});
