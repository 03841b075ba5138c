import { randomBytes } from 'node:crypto';
import { ApiError } from '../../../../shared/api/contract.js';
import type { SyncSettings } from '../../../../shared/sync/sync.js';
import type { LogLevel } from '../../../../shared/runs/run.js';
import { CopyLookup } from '../copy/lookup.js';
import type { ModeRun } from '../mode.js';
import { keyLiteral, pgIdent, pgLiteral } from '../sql/quote.js';
import type { Batch, BatchMembers, ExtractSpec, Source } from '../source/source.js';
import { hasRowsAbove } from '../sql/rows-above.js';
import { buildPendingKey, pendingKey } from '../state/pending-key.js';
import { REJECTED_TABLE } from '../state/state-schema.js';
import type { Warehouse, WarehouseTx } from '../warehouse/warehouse.js';
import { ensureStarSchema } from './star-schema.js';
import { extractWith, lookupsThatPay, MAX_LOOKUP_ROWS, readLookups, starSource, type LookupTable } from './star-source.js';
import { formatCount } from '../../support/format-count.js';

/**
 * Star mode: sales rows land as facts, with their date, category and country added to
 * the dimensions as they first appear. All of it is set-based SQL in the warehouse,
 * one transaction per batch; rows that cannot become facts go to the quarantine.
 */

const NUMBER_RE = String.raw`^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$`;

/** Bytes a staged row takes in PostgreSQL's local buffers, with room to spare. */
const STAGE_ROW_BYTES = 128;

export async function planStar(
  source: Source,
  wh: Warehouse,
  settings: SyncSettings,
  runId: string,
  log: (level: LogLevel, message: string) => void,
  /** Resolves once the warehouse's state tables are in place; the source is read meanwhile. */
  stateReady: Promise<void> = Promise.resolve(),
): Promise<ModeRun> {
  // The source and the warehouse are described side by side, each on its own connection.
  const [src, { tables: t, created }] = await Promise.all([starSource(source, settings), stateReady.then(() => ensureStarSchema(wh))]);
  if (created.length) log('info', `Created star tables in ${t.schema}: ${created.join(', ')}`);
  const target = `${t.schema}.factsales`;
  // Set when this run created factsales, or an earlier one did and stopped before building its key.
  const keyPending = t.factKeyUnique ? null : await pendingKey(wh, target);

  const tag = randomBytes(4).toString('hex');
  const raw = pgIdent(`etl_star_stage_${tag}`);
  const members = pgIdent(`etl_star_members_${tag}`);
  let fastFacts = false;
  let extract: ModeRun['extract'] = { select: src.select, from: src.from, key: src.key, keyIndex: 0, kinds: src.kinds };
  let lookups: ExtractSpec['lookups'];

  // Strictly true or false (never NULL), so NOT valid catches every row that is not.
  const valid = `(s.d IS NOT NULL AND s.amount IS NOT NULL AND coalesce(btrim(s.category) <> '' AND btrim(s.country) <> '', false))`;
  const reject = `INSERT INTO ${REJECTED_TABLE} (run_id, target, key, reason, raw)
    SELECT $1, $2, s.orderid,
      CASE
        WHEN s.ts IS NULL THEN CASE WHEN s.ts_bad IS NULL THEN 'ts is missing' ELSE 'ts is not a valid timestamp' END
        WHEN s.category IS NULL OR btrim(s.category) = '' THEN 'category is missing'
        WHEN s.country IS NULL OR btrim(s.country) = '' THEN 'country is missing'
        WHEN s.amount_bad IS NOT NULL THEN 'amount is not a number'
        ELSE 'amount is missing'
      END,
      jsonb_build_object('orderid', s.orderid, 'ts', coalesce(s.ts::text, s.ts_bad), 'category', s.category,
        'country', s.country, 'amount', coalesce(s.amount::text, s.amount_bad))
    FROM ${raw} s WHERE NOT ${valid}`;
  /**
   * Two shapes of each per-row statement: `clean` for a batch in which the encoder saw
   * no missing or invalid value (so nothing can be quarantined and every row is valid:
   * no quarantine scan, no validity test per row), `checked` for every other batch.
   */
  const where = (clean: boolean) => (clean ? '' : ` WHERE ${valid}`);
  /**
   * The batch's distinct date, category and country values, into a tiny table that
   * everything about dimension members then reads. What the encoder already knows for a
   * batch with no suspect row (its days, and the look-up values it wrote) comes as
   * arrays; the rest takes one scan of the batch (one hash table per column, one pass).
   */
  const distinctMembers = (clean: boolean, known: BatchMembers | undefined): { sql: string; params: unknown[] } => {
    const given = {
      d: clean ? known?.days ?? null : null,
      category: clean ? known?.values[src.at.category] ?? null : null,
      country: clean ? known?.values[src.at.country] ?? null : null,
    };
    const cols = ['d', 'category', 'country'] as const;
    const scan = cols.filter((c) => given[c] === null);
    const parts: string[] = [];
    const params: unknown[] = [];
    if (scan.length) {
      parts.push(`SELECT ${cols.map((c) => (scan.includes(c) ? `s.${c}` : 'NULL')).join(', ')} FROM ${raw} s${where(clean)}
        GROUP BY GROUPING SETS (${scan.map((c) => `(s.${c})`).join(', ')})`);
    }
    for (const c of cols) {
      if (given[c] === null) continue;
      params.push(given[c]);
      const x = `unnest($${params.length}::${c === 'd' ? 'date' : 'text'}[])`;
      parts.push(`SELECT ${cols.map((k) => (k === c ? x : 'NULL')).join(', ')}`);
    }
    return { sql: `INSERT INTO ${members} (d, category, country) ${parts.join(' UNION ALL ')}`, params };
  };
  // New members are numbered after the highest id, so ids loaded by hand (the course's CSVs) stay put.
  const member = (table: string, id: string, col: string) => `INSERT INTO ${table} (${id}, ${col})
    SELECT (SELECT coalesce(max(${id}), 0) FROM ${table}) + row_number() OVER (ORDER BY x.${col}), x.${col}
    FROM ${members} x
    WHERE x.${col} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${table} m WHERE m.${col} = x.${col})
    ON CONFLICT DO NOTHING`;
  // Each date's attributes are computed once, from the distinct dates; the three inserts touch different tables, so one statement holds them.
  const dimensions = `WITH
    dates AS (INSERT INTO ${t.dimdate} (dateid, date, year, quarter, quartername, month, monthname, day, weekday, weekdayname)
      SELECT to_char(x.d, 'YYYYMMDD')::int, x.d, extract(year FROM x.d)::int, extract(quarter FROM x.d)::int,
        'Q' || extract(quarter FROM x.d)::int, extract(month FROM x.d)::int, to_char(x.d, 'FMMonth'),
        extract(day FROM x.d)::int, extract(dow FROM x.d)::int + 1, to_char(x.d, 'FMDay')
      FROM ${members} x
      WHERE x.d IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${t.dimdate} dd WHERE dd.date = x.d)
      ON CONFLICT DO NOTHING RETURNING 1),
    categories AS (${member(t.dimcategory, 'categoryid', 'category')} RETURNING 1),
    countries AS (${member(t.dimcountry, 'countryid', 'country')} RETURNING 1)
    SELECT (SELECT count(*) FROM dates)::int AS dates, (SELECT count(*) FROM categories)::int AS categories, (SELECT count(*) FROM countries)::int AS countries`;
  /**
   * The inner joins are the referential check: a fact row exists only if all three
   * members do. `days` limits it to the rows of some days ($1, a date array), or of all
   * days but those; a clean batch needs no validity test per row.
   */
  let plain = false;
  const facts = (clean: boolean, days: 'all' | 'only' | 'except') => {
    const conds = [
      clean ? null : valid,
      days === 'only' ? 's.d = ANY ($1::date[])' : days === 'except' ? 'NOT (s.d = ANY ($1::date[]))' : null,
      // With no fact above the watermark none can collide, and a plain INSERT costs half of ON CONFLICT's speculative one.
      plain || t.factKeyUnique ? null : `NOT EXISTS (SELECT 1 FROM ${t.factsales} f WHERE f.orderid = s.orderid)`,
    ].filter((c): c is string => c !== null);
    return `INSERT INTO ${t.factsales} (orderid, dateid, countryid, categoryid, amount)
    SELECT s.orderid, dd.dateid, co.countryid, ca.categoryid, s.amount
    FROM ${raw} s
    JOIN ${t.dimdate} dd ON dd.date = s.d
    JOIN ${t.dimcountry} co ON co.country = s.country
    JOIN ${t.dimcategory} ca ON ca.category = s.category${conds.length ? ` WHERE ${conds.join(' AND ')}` : ''}` +
      (!plain && t.factKeyUnique ? ' ON CONFLICT (orderid) DO NOTHING' : '');
  };
  // DimDate rows for the batch's days in $1 (a date array) only: what a batch adds before the one ahead of it commits.
  const datesOf = `INSERT INTO ${t.dimdate} (dateid, date, year, quarter, quartername, month, monthname, day, weekday, weekdayname)
      SELECT to_char(x.d, 'YYYYMMDD')::int, x.d, extract(year FROM x.d)::int, extract(quarter FROM x.d)::int,
        'Q' || extract(quarter FROM x.d)::int, extract(month FROM x.d)::int, to_char(x.d, 'FMMonth'),
        extract(day FROM x.d)::int, extract(dow FROM x.d)::int + 1, to_char(x.d, 'FMDay')
      FROM unnest($1::date[]) x(d)
      WHERE NOT EXISTS (SELECT 1 FROM ${t.dimdate} dd WHERE dd.date = x.d)
      ON CONFLICT DO NOTHING`;

  // What the per-row FK triggers would lock, locked once per batch (one statement): a concurrent delete of a member waits for our commit.
  const lockMembers = `SELECT
    (SELECT count(*) FROM (SELECT 1 FROM ${t.dimdate} dd WHERE dd.date IN (SELECT d FROM ${members}) FOR KEY SHARE) a)
    + (SELECT count(*) FROM (SELECT 1 FROM ${t.dimcountry} co WHERE co.country IN (SELECT country FROM ${members}) FOR KEY SHARE) b)
    + (SELECT count(*) FROM (SELECT 1 FROM ${t.dimcategory} ca WHERE ca.category IN (SELECT category FROM ${members}) FOR KEY SHARE) c) AS n`;

  // True when every category and country of the batch is already in its dimension (committed, or added by this transaction).
  const namesKnown = `SELECT NOT EXISTS (SELECT 1 FROM ${members} x WHERE
      (x.category IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${t.dimcategory} ca WHERE ca.category = x.category))
      OR (x.country IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${t.dimcountry} co WHERE co.country = x.country))) AS ok`;

  /** Inserts the staged batch's facts (of some days, or all) once their members are in place; returns how many. */
  async function insertFacts(
    tx: WarehouseTx,
    clean: boolean,
    step: <T>(name: string, work: Promise<T>) => Promise<T>,
    days: { which: 'all' | 'only' | 'except'; list: string[] } = { which: 'all', list: [] },
  ): Promise<number> {
    const sql = facts(clean, days.which);
    const params = days.which === 'all' ? [] : [days.list];
    try {
      if (!fastFacts) return (await step('facts', tx.query(sql, params))).rowCount;
      await tx.query(lockMembers);
      await step('lock members', tx.query('SET LOCAL session_replication_role = replica'));
      const n = (await step('facts', tx.query(sql, params))).rowCount;
      await tx.query('SET LOCAL session_replication_role = origin');
      return n;
    } catch (err) {
      if ((err as { code?: string }).code === '23505') {
        throw new ApiError(
          'conflict',
          `Facts with order ids above the watermark appeared in ${target} while this sync was loading (another writer?). The committed batches are kept; run the sync again and it will merge.`,
        );
      }
      throw err;
    }
  }

  /**
   * The FK triggers on factsales cost three lookups per fact row, most of the load's
   * time, and the join has already made each check true. They can be skipped
   * (session_replication_role = replica, as pg_restore does) when the role may set it
   * and factsales has no triggers of the user's that would be skipped too.
   */
  async function canSkipFkTriggers(): Promise<boolean> {
    try {
      // set_config(..., true) lasts only for this one-statement transaction; it fails if the role may not set it.
      const r = await wh.query<{ n: number }>(
        `SELECT count(*)::int AS n, set_config('session_replication_role', 'replica', true) AS role FROM pg_trigger WHERE tgrelid = $1::regclass AND NOT tgisinternal`,
        [t.factsales],
      );
      return r.rows[0].n === 0;
    } catch {
      return false;
    }
  }

  const range = (col: string, lower: bigint | null, upper: bigint | null) =>
    [lower === null ? null : `${col} > ${keyLiteral(lower)}`, upper === null ? null : `${col} <= ${keyLiteral(upper)}`].filter(Boolean);
  const whereAll = (conds: (string | null)[]) => (conds.length ? ` WHERE ${conds.join(' AND ')}` : '');
  // Facts and quarantined rows (the latest rejection of each key) together account for every source row.
  const warehouseSql = (lower: bigint | null, upper: bigint | null) => `SELECT f.n + r.n AS n, f.s + r.s AS s FROM
    (SELECT count(*) AS n, coalesce(sum(amount), 0)::numeric AS s FROM ${t.factsales}${whereAll(range('orderid', lower, upper))}) f,
    (SELECT count(*) AS n, coalesce(sum(CASE WHEN x.raw->>'amount' ~ '${NUMBER_RE}' THEN (x.raw->>'amount')::numeric END), 0) AS s
       FROM (SELECT DISTINCT ON (key) key, raw FROM ${REJECTED_TABLE}${whereAll([`target = ${pgLiteral(target)}`, ...range('key', lower, upper)])} ORDER BY key, id DESC) x) r`;

  /** Reads category and country by id before the rows, where the source allows and it pays off. */
  async function useLookups(newRows: number): Promise<string> {
    if (!src.lookups || newRows === 0) return '';
    const want = lookupsThatPay(src, newRows);
    const rows = await readLookups(source, want);
    const looked: LookupTable[] = [];
    const tables: CopyLookup[] = [];
    const said: string[] = [];
    want.forEach((l, i) => {
      const r = rows[i];
      if (!r) return void said.push(`${l.value} joined in the source (${l.table.name} holds more than ${formatCount(MAX_LOOKUP_ROWS)} rows)`);
      try {
        tables.push(new CopyLookup(r));
        looked.push(l);
      } catch (err) {
        said.push(`${l.value} joined in the source (${(err as Error).message})`);
      }
    });
    for (const l of src.lookups.tables) {
      if (!want.includes(l)) said.push(`${l.value} joined in the source (fewer new rows than ${l.table.name} rows)`);
    }
    if (looked.length) {
      const byIndex: (CopyLookup | undefined)[] = [];
      looked.forEach((l, i) => (byIndex[l.index] = tables[i]));
      lookups = byIndex;
      extract = { ...extractWith(src, looked), key: src.key, keyIndex: 0 };
      said.unshift(
        `${looked.map((l) => l.value).join(' and ')} looked up by id while the rows pass (read in the snapshot: ` +
          `${looked.map((l, i) => `${formatCount(tables[i].size)} row${tables[i].size === 1 ? '' : 's'} of ${l.table.name}`).join(', ')})`,
      );
    }
    return `; ${said.join('; ')}`;
  }

  const notes: string[] = [];
  if (keyPending) notes.push(`The primary key of ${target} on orderid is built once the facts are in (a sort, faster than an index kept up to date row by row)`);
  else if (!t.factKeyUnique) notes.push(`${target}.orderid has no unique index; retried rows are skipped by an anti-join`);

  return {
    mode: 'star',
    target,
    keyColumn: 'orderid',
    maxKeySql: `SELECT max(orderid)::text FROM ${t.factsales}`,
    get extract() {
      return extract;
    },
    get lookups() {
      return lookups;
    },
    labels: src.labels,
    totals: {
      sourceFrom: src.statsFrom,
      sourceKey: src.key,
      sourceMeasure: src.amount,
      warehouseSql,
      sumLabel: 'sum(amount)',
      warehouseNote: 'facts + rejected',
      approximate: false,
      fingerprint: JSON.stringify(['star', src.statsFrom, src.key, src.amount]),
      describe: src.describe,
    },

    async prepare({ lower, newRows }) {
      plain = !(await hasRowsAbove(wh, t.factsales, 'orderid', lower));
      const how = await useLookups(newRows);
      fastFacts = await canSkipFkTriggers();
      return `Load path: COPY ${src.describe} into a staging table${how}, add new dimension members set-based, insert facts ` +
        (plain
          ? 'with a plain INSERT (no facts above the watermark, so none can collide)'
          : t.factKeyUnique ? 'ON CONFLICT (orderid) DO NOTHING (factsales already holds facts above the watermark)' : 'WHERE NOT EXISTS (anti-join)') +
        (fastFacts
          ? ' (foreign keys guaranteed by the joins, members locked FOR KEY SHARE once per batch, per-row FK triggers skipped)'
          : ' (foreign keys checked row by row: this role may not skip the FK triggers, or factsales has triggers of its own)') +
        `; invalid rows go to ${REJECTED_TABLE}`;
    },

    async loader(session) {
      if (session.kind === 'postgres') {
        // Local buffers big enough for a batch keep the staging table in memory; the
        // default 8 MB spills a 200,000-row batch to disk and reads it back per statement.
        const mb = Math.min(256, Math.max(8, Math.ceil((settings.batchRows * STAGE_ROW_BYTES) / 1048576)));
        await session.query(`SELECT set_config('temp_buffers', $1, false)`, [`${mb}MB`]).catch(() => undefined);
      }
      // Temporary tables are the session's own, so every session gets them under the same
      // names; a batch's rows live only in its transaction, and the commit empties them in place.
      await session.query(`CREATE TEMP TABLE ${raw} (orderid bigint, d date, ts timestamp, ts_bad text, category text, country text, amount numeric, amount_bad text) ON COMMIT DELETE ROWS`);
      await session.query(`CREATE TEMP TABLE ${members} (d date, category text, country text) ON COMMIT DELETE ROWS`);
      // Per batch: step timings for the log, and whether load already inserted the facts.
      let times: string[] = [];
      let t0 = 0;
      const step = async <T>(name: string, work: Promise<T>): Promise<T> => {
        const out = await work;
        const t1 = performance.now();
        times.push(`${name} ${Math.round(t1 - t0)} ms`);
        t0 = t1;
        return out;
      };
      let membersIn = false;
      /** Facts the load put in ahead of the previous commit, and the days it left for apply. */
      let early: { inserted: number; late: string[] } | null = null;
      const done = (batch: Batch, clean: boolean, how: string) =>
        log('debug', `Batch ${batch.index + 1} star SQL (${clean ? 'no suspect rows' : 'rows checked'}${how}): ${times.join(', ')}`);
      return {
        async load(tx, batch, previous) {
          times = [];
          t0 = performance.now();
          membersIn = false;
          early = null;
          await step('copy', tx.copyIn(raw, [...src.stage], batch.chunks, batch.format, batch.recycle));
          const sum = batch.summary();
          const clean = sum.suspect === 0;
          const m = distinctMembers(clean, sum.members);
          if (m.params.length < 3) return;
          await step('members', tx.query(m.sql, m.params));
          membersIn = true;
          /*
           * Everything this batch needs from the one before it (still applying on the other
           * session) is its watermark and the dimension members it adds. Category and
           * country ids are numbered from the highest one, so those must all be known
           * already. Days are their own ids: the days the previous batch does not hold are
           * this batch's alone, so they and their facts go in now; rows of the days both
           * batches share wait for that batch's commit.
           */
          const prevDays = previous === null ? [] : previous.members?.days;
          if (!prevDays || !(await tx.query<{ ok: boolean }>(namesKnown)).rows[0].ok) return;
          const shared = new Set(prevDays);
          const own = sum.members!.days!.filter((d) => !shared.has(d));
          const late = sum.members!.days!.filter((d) => shared.has(d));
          await step('own dates', tx.query(datesOf, [own]));
          const inserted = await insertFacts(tx, clean, step, { which: late.length ? 'except' : 'all', list: late });
          early = { inserted, late };
        },
        async apply(tx, batch) {
          times.push('|');
          t0 = performance.now();
          // The encoder saw every value: a batch with no suspect row has nothing to quarantine.
          const clean = batch.summary().suspect === 0;
          if (early) {
            let inserted = early.inserted;
            if (early.late.length) {
              // The previous batch has committed the shared days by now.
              await step('dimensions', tx.query(dimensions));
              inserted += await insertFacts(tx, clean, step, { which: 'only', list: early.late });
            }
            done(batch, clean, `; ${early.late.length} shared day${early.late.length === 1 ? '' : 's'} after the previous commit, the rest before`);
            return { inserted, rejected: 0 };
          }
          const rejected = clean ? 0 : (await step('quarantine', tx.query(reject, [runId, target]))).rowCount;
          if (!membersIn) {
            const m = distinctMembers(clean, batch.summary().members);
            await step('members', tx.query(m.sql, m.params));
          }
          await step('dimensions', tx.query(dimensions));
          const inserted = await insertFacts(tx, clean, step);
          done(batch, clean, '');
          return { inserted, rejected };
        },
        async close() {
          await session.query(`DROP TABLE IF EXISTS ${raw}, ${members}`).catch(() => undefined);
        },
      };
    },

    finish: keyPending ? () => buildPendingKey(wh, target, t.factsales, 'orderid') : undefined,
    defaultsKept: [],
    notes,
  };
}
