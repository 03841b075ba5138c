import { randomBytes } from 'node:crypto';
import { ApiError } from '../../../../shared/api/contract.js';
import type { SyncSettings } from '../../../../shared/sync/sync.js';
import { compareCheck } from '../checks/checks.js';
import type { ModeRun } from '../mode.js';
import { asText, keyLiteral, pgIdent } from '../sql/quote.js';
import type { Source } from '../source/source.js';
import { REJECTED_TABLE } from '../state/state-schema.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { ensureStarSchema } from './star-schema.js';
import { STAR_COLUMNS, starSource } from './star-source.js';

/**
 * Star mode: sales rows land as facts, with their date, category and country added to
 * the dimensions as they first appear. All of it is set-based SQL in the warehouse,
 * one transaction per batch; rows that cannot become facts go to the quarantine.
 */

const NUMBER_RE = String.raw`^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$`;
// Strict on month, day and clock ranges; PostgreSQL 16+ additionally gets the exact pg_input_is_valid test.
const TIMESTAMP_RE = String.raw`^\s*\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])([ T]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?)?\s*([+-]\d\d(:?\d\d)?|Z|UTC)?\s*$`;

export async function planStar(
  source: Source,
  wh: Warehouse,
  settings: SyncSettings,
  runId: string,
  log: (message: string) => void,
): Promise<ModeRun> {
  const src = await starSource(source, settings);
  const { tables: t, created } = await ensureStarSchema(wh);
  if (created.length) log(`Created star tables in ${t.schema}: ${created.join(', ')}`);
  const target = `${t.schema}.factsales`;
  const d = source.dialect;

  const tag = randomBytes(4).toString('hex');
  const raw = pgIdent(`etl_star_raw_${tag}`);
  const ok = pgIdent(`etl_star_ok_${tag}`);
  let staged = false;

  const exactTs = wh.serverVersionNum >= 160000 ? ` OR NOT pg_input_is_valid(s.ts, 'timestamp')` : '';
  const reason = `CASE
      WHEN s.ts IS NULL THEN 'ts is missing'
      WHEN s.ts !~ '${TIMESTAMP_RE}'${exactTs} THEN 'ts is not a valid timestamp'
      WHEN s.category IS NULL OR btrim(s.category) = '' THEN 'category is missing'
      WHEN s.country IS NULL OR btrim(s.country) = '' THEN 'country is missing'
      WHEN s.amount IS NULL THEN 'amount is missing'
      WHEN s.amount !~ '${NUMBER_RE}' THEN 'amount is not a number'
    END`;
  // The source's local time minus its UTC offset gives the UTC date.
  const typed = `INSERT INTO ${ok} (orderid, d, category, country, amount, reason, raw)
    SELECT x.orderid,
      CASE WHEN x.r IS NULL THEN (x.ts::timestamp - $1::interval)::date END,
      x.category, x.country,
      CASE WHEN x.r IS NULL THEN x.amount::numeric END,
      x.r,
      CASE WHEN x.r IS NOT NULL THEN jsonb_build_object('orderid', x.orderid, 'ts', x.ts, 'category', x.category, 'country', x.country, 'amount', x.amount) END
    FROM (SELECT s.*, ${reason} AS r FROM ${raw} s) x`;
  const reject = `INSERT INTO ${REJECTED_TABLE} (run_id, target, key, reason, raw)
    SELECT $1, $2, orderid, reason, raw FROM ${ok} WHERE reason IS NOT NULL`;
  const dates = `INSERT INTO ${t.dimdate} (dateid, date, year, quarter, quartername, month, monthname, day, weekday, weekdayname)
    SELECT to_char(x.d, 'YYYYMMDD')::int, x.d, extract(year FROM x.d)::int, extract(quarter FROM x.d)::int,
      'Q' || extract(quarter FROM x.d)::int, extract(month FROM x.d)::int, to_char(x.d, 'FMMonth'),
      extract(day FROM x.d)::int, extract(dow FROM x.d)::int + 1, to_char(x.d, 'FMDay')
    FROM (SELECT DISTINCT d FROM ${ok} WHERE reason IS NULL) x
    WHERE NOT EXISTS (SELECT 1 FROM ${t.dimdate} dd WHERE dd.date = x.d)
    ON CONFLICT DO NOTHING`;
  // New members are numbered after the highest id, so ids loaded by hand (the course's CSVs) stay put.
  const member = (table: string, id: string, col: string) => `INSERT INTO ${table} (${id}, ${col})
    SELECT (SELECT coalesce(max(${id}), 0) FROM ${table}) + row_number() OVER (ORDER BY x.v), x.v
    FROM (SELECT DISTINCT ${col} AS v FROM ${ok} WHERE reason IS NULL) x
    WHERE NOT EXISTS (SELECT 1 FROM ${table} m WHERE m.${col} = x.v)
    ON CONFLICT DO NOTHING`;
  const facts = `INSERT INTO ${t.factsales} (orderid, dateid, countryid, categoryid, amount)
    SELECT s.orderid, dd.dateid, co.countryid, ca.categoryid, s.amount
    FROM ${ok} s
    JOIN ${t.dimdate} dd ON dd.date = s.d
    JOIN ${t.dimcountry} co ON co.country = s.country
    JOIN ${t.dimcategory} ca ON ca.category = s.category
    WHERE s.reason IS NULL` +
    (t.factKeyUnique ? ' ON CONFLICT (orderid) DO NOTHING' : ` AND NOT EXISTS (SELECT 1 FROM ${t.factsales} f WHERE f.orderid = s.orderid)`);

  const above = (lower: bigint | null) => (lower === null ? '' : ` WHERE ${src.key} > ${keyLiteral(lower)}`);
  const upTo = (col: string, wm: bigint | null) => (wm === null ? '' : ` WHERE ${col} <= ${keyLiteral(wm)}`);

  const notes: string[] = [];
  if (!t.factKeyUnique) notes.push(`${target}.orderid has no unique index; retried rows are skipped by an anti-join`);

  return {
    mode: 'star',
    target,
    keyColumn: 'orderid',
    maxKeySql: `SELECT max(orderid)::text FROM ${t.factsales}`,
    extract: { select: src.select, from: src.from, key: src.key, keyIndex: 0, kinds: src.kinds },
    labels: [...STAR_COLUMNS],
    statsSql: (lower) => `SELECT ${asText(d, 'COUNT(*)')}, ${asText(d, `MAX(${src.key})`)} FROM ${src.statsFrom}${above(lower)}`,

    async prepare() {
      await wh.query(`CREATE TEMP TABLE ${raw} (orderid bigint, ts text, category text, country text, amount text)`);
      await wh.query(`CREATE TEMP TABLE ${ok} (orderid bigint, d date, category text, country text, amount numeric, reason text, raw jsonb)`);
      staged = true;
      return `Load path: COPY ${src.describe} into a staging table, add new dimension members set-based, insert facts ` +
        (t.factKeyUnique ? 'ON CONFLICT (orderid) DO NOTHING' : 'WHERE NOT EXISTS (anti-join)') +
        `; invalid rows go to ${REJECTED_TABLE}`;
    },

    async loadBatch(tx, batch) {
      await tx.copyIn(raw, [...STAR_COLUMNS], batch.chunks);
      await tx.query(typed, [source.timeZone]);
      const rejected = (await tx.query(reject, [runId, target])).rowCount;
      await tx.query(dates);
      await tx.query(member(t.dimcategory, 'categoryid', 'category'));
      await tx.query(member(t.dimcountry, 'countryid', 'country'));
      const inserted = (await tx.query(facts)).rowCount;
      await tx.query(`TRUNCATE ${raw}, ${ok}`);
      return { inserted, rejected };
    },

    async checks(watermark) {
      let src1: (string | null)[][];
      try {
        src1 = await source.queryText(
          `SELECT ${asText(d, 'COUNT(*)')}, ${asText(d, `COALESCE(SUM(${src.amount}), 0)`)} FROM ${src.statsFrom}${upTo(src.key, watermark)}`,
        );
      } catch (err) {
        throw new ApiError('validation', `Could not count the source rows of ${src.describe}: ${(err as Error).message}`);
      }
      const wmCond = watermark === null ? '' : ` AND key <= ${keyLiteral(watermark)}`;
      const rejectedRows = `SELECT DISTINCT ON (key) key, raw FROM ${REJECTED_TABLE} WHERE target = $1${wmCond} ORDER BY key, id DESC`;
      const w = await wh.query<{ n: string; s: string }>(
        `SELECT
           ((SELECT count(*) FROM ${t.factsales}${upTo('orderid', watermark)}) + (SELECT count(*) FROM (${rejectedRows}) r))::text AS n,
           (coalesce((SELECT sum(amount) FROM ${t.factsales}${upTo('orderid', watermark)}), 0)
             + coalesce((SELECT sum((r.raw->>'amount')::numeric) FROM (${rejectedRows}) r WHERE r.raw->>'amount' ~ '${NUMBER_RE}'), 0))::text AS s`,
        [target],
      );
      return [
        compareCheck('rows <= watermark (facts + rejected)', src1[0][0], w.rows[0].n),
        compareCheck('sum(amount) <= watermark (facts + rejected)', src1[0][1], w.rows[0].s),
      ];
    },

    async cleanup() {
      if (staged) await wh.query(`DROP TABLE IF EXISTS ${raw}, ${ok}`).catch(() => undefined);
    },

    defaultsKept: [],
    notes,
  };
}
