import { ApiError } from '../../../../shared/api/contract.js';
import type { CheckResult } from '../../../../shared/sync/sync.js';
import { asText, keyLiteral } from '../sql/quote.js';
import type { Source } from '../source/source.js';
import { WATERMARK_TABLE } from '../state/state-schema.js';
import { clearTotals, TOTALS_VERSION, type WatermarkState } from '../state/watermark.js';
import type { SqlRunner, Warehouse } from '../warehouse/warehouse.js';
import { compareCheck } from './checks.js';

/**
 * The user's promise: source rows up to the watermark against warehouse rows, and the
 * sum of the measure, pass/fail with both numbers. Counting whole tables after every
 * sync costs what the table costs, so an everyday sync checks instead:
 *  - its own key range (lastRowid, watermark], exactly, on both sides: the source in the
 *    snapshot the rows were read from, the warehouse as the batches measured it;
 *  - "rows <= watermark" from running totals: the warehouse's, which every batch moves
 *    in the transaction that moves the watermark, and the source's, which are the last
 *    full recount plus the range counts of every run since.
 * A full recount (both tables counted whole) runs on a target's first sync, when asked,
 * and whenever the stored totals are missing, from another version, or kept for another
 * configuration; it then resets the totals to what it counted.
 */

/** What a mode tells the checks about its two sides. */
export interface TotalsSpec {
  /** Source relation, key and measure (source dialect) the source side counts. */
  sourceFrom: string;
  sourceKey: string;
  sourceMeasure: string | null;
  /** Warehouse SQL with one row: n (rows) and s (numeric sum) over keys in (lower, upper]; a null bound is open. */
  warehouseSql(lower: bigint | null, upper: bigint | null): string;
  /** "sum(quantity)", or null when there is no measure. */
  sumLabel: string | null;
  /** What the warehouse side counts, when it is not plainly the target's rows ("facts + rejected"). */
  warehouseNote: string | null;
  /** Float measures: their sums differ in the last digits between engines. */
  approximate: boolean;
  /** What the totals measure; totals kept for anything else are not used. */
  fingerprint: string;
  /** The source, in words, for error messages. */
  describe: string;
}

export interface ChecksPlan {
  /** Count both tables whole at the end. */
  recount: boolean;
  /** The stored totals are valid, so each batch moves the warehouse's. */
  maintain: boolean;
  /** Why, in words, for the log. */
  reason: string;
}

export function planChecks(state: WatermarkState, fullCheck: boolean): ChecksPlan {
  const maintain = state.totals !== null;
  if (!maintain) return { recount: true, maintain, reason: `full recount at the end (${state.totalsMissing})` };
  if (fullCheck) return { recount: true, maintain, reason: 'full recount at the end (asked for)' };
  return {
    recount: false,
    maintain,
    reason: `this run's key range on both sides, and rows <= watermark from running totals (last full recount on ${state.totals!.recountOn})`,
  };
}

/** What the source snapshot says about the rows above the watermark (one snapshot for the stats and the rows). */
export interface SourceStats {
  /** Rows above the watermark; an estimate when `counted` is false. */
  newRows: number;
  /**
   * False until the rows are counted. Counting every new row before reading them costs
   * a pass over them on the sync's critical path, so before the read only MIN and MAX of
   * the key are taken (newRows is then MAX - MIN + 1, for progress only). A target's
   * first load is counted by the full recount that follows (countSourceWhole); a later
   * load by countNewRows, which runs once the rows are read, while the warehouse still
   * applies the last batch.
   */
  counted: boolean;
  /** MAX(key) of those rows. */
  upper: bigint | null;
  /** Sum of the measure over them (null when not needed or no measure). */
  newSum: string | null;
  /** Rows and sum above the source totals' key (src_upto): what the source totals must add. */
  sinceRows: string;
  sinceSum: string | null;
}

function keyAbove(key: string, lower: bigint | null): string | null {
  return lower === null ? null : `${key} > ${keyLiteral(lower)}`;
}

/**
 * One query in the snapshot, before the rows are read: MIN and MAX of the new keys (the
 * count follows the read: countNewRows), or, after a run that stopped between moving
 * the watermark and the source totals, the new rows' count, MAX(key) and sum and the
 * same from the source totals' key on.
 */
export async function readSourceStats(source: Source, spec: TotalsSpec, state: WatermarkState, plan: ChecksPlan): Promise<SourceStats> {
  const d = source.dialect;
  const wm = state.value;
  const from = plan.maintain ? state.totals!.srcUpto : wm;
  const k = spec.sourceKey;
  const m = spec.sourceMeasure;
  // A fresh full load is checked by the full recount alone, so its sum would be read for nothing.
  const withSum = m !== null && !(plan.recount && wm === null);
  const sumOf = (expr: string) => asText(d, `COALESCE(SUM(${expr}), 0)`);
  let sql: string;
  const estimated = from === wm;
  if (estimated) {
    const where = keyAbove(k, wm);
    sql = `SELECT ${asText(d, `MIN(${k})`)}, ${asText(d, `MAX(${k})`)} FROM ${spec.sourceFrom}${where ? ` WHERE ${where}` : ''}`;
  } else {
    // Rows between the source totals' key and the watermark were loaded by a run that
    // stopped before it could add them to the source totals (a crash, a cancel).
    const isNew = keyAbove(k, wm) ?? 'TRUE';
    const where = keyAbove(k, from);
    sql = `SELECT ${asText(d, `COUNT(CASE WHEN ${isNew} THEN 1 END)`)}, ${asText(d, `MAX(CASE WHEN ${isNew} THEN ${k} END)`)}` +
      (withSum ? `, ${sumOf(`CASE WHEN ${isNew} THEN ${m} END`)}` : ', NULL') +
      `, ${asText(d, 'COUNT(*)')}${withSum ? `, ${sumOf(m)}` : ''} FROM ${spec.sourceFrom}${where ? ` WHERE ${where}` : ''}`;
  }
  let row: (string | null)[];
  try {
    row = (await source.queryText(sql))[0];
  } catch (err) {
    throw new ApiError('validation', `Could not count the source rows of ${spec.describe}: ${(err as Error).message}`);
  }
  const upper = row[1] === null ? null : BigInt(row[1]);
  if (estimated) {
    // No new rows is a count already.
    if (upper === null || row[0] === null) return { newRows: 0, counted: true, upper: null, newSum: withSum ? '0' : null, sinceRows: '0', sinceSum: withSum ? '0' : null };
    return { newRows: Number(upper - BigInt(row[0]) + 1n), counted: false, upper, newSum: null, sinceRows: '0', sinceSum: null };
  }
  const newRows = Number(row[0] ?? 0);
  const newSum = withSum ? (row[2] ?? '0') : null;
  return { newRows, counted: true, upper, newSum, sinceRows: row[3] ?? '0', sinceSum: withSum ? (row[4] ?? '0') : null };
}

/**
 * The exact stats of the rows (watermark, upper] that readSourceStats only estimated, in
 * the same snapshot: run once they are read, off the critical path. Not for a first
 * load, whose full recount counts them.
 */
export async function countNewRows(source: Source, spec: TotalsSpec, state: WatermarkState, upper: bigint): Promise<SourceStats> {
  const d = source.dialect;
  const m = spec.sourceMeasure;
  const k = spec.sourceKey;
  const where = [keyAbove(k, state.value), `${k} <= ${keyLiteral(upper)}`].filter((w): w is string => w !== null).join(' AND ');
  let row: (string | null)[];
  try {
    row = (await source.queryText(`SELECT ${asText(d, 'COUNT(*)')}${m !== null ? `, ${asText(d, `COALESCE(SUM(${m}), 0)`)}` : ''} FROM ${spec.sourceFrom} WHERE ${where}`))[0];
  } catch (err) {
    throw new ApiError('validation', `Could not count the source rows of ${spec.describe}: ${(err as Error).message}`);
  }
  const newRows = Number(row[0] ?? 0);
  const newSum = m !== null ? (row[1] ?? '0') : null;
  return { newRows, counted: true, upper, newSum, sinceRows: String(newRows), sinceSum: newSum };
}

/** "rows <= watermark (facts + rejected; full recount)": what, over which keys, and how it was counted. */
function checkName(spec: TotalsSpec, what: string, scope: string, how: string | null): string {
  const notes = [spec.warehouseNote, how].filter((x): x is string => x !== null);
  return `${what} ${scope}${notes.length ? ` (${notes.join('; ')})` : ''}`;
}

function rangeName(lower: bigint | null, upper: bigint | null): string {
  return lower === null ? `<= ${upper}` : `(${lower}, ${upper}]`;
}

export interface ReconcileInput {
  wh: Warehouse;
  source: Source;
  spec: TotalsSpec;
  target: string;
  plan: ChecksPlan;
  start: WatermarkState;
  stats: SourceStats;
  /** The watermark after the run. */
  watermark: bigint | null;
  /** The source's whole count, started as soon as its rows were all read (see countSourceWhole). */
  sourceWhole?: { upTo: bigint | null; result: Promise<{ n: string; s: string }> };
  /** The warehouse's whole count, taken on another session while the key was built (see countWarehouseWhole); null if that failed. */
  warehouseWhole?: { upTo: bigint | null; result: Promise<{ n: string; s: string } | null> };
  warn(message: string): void;
}

/** Runs the checks the plan calls for, after a completed load, and brings the stored totals up to date. */
export async function reconcile(p: ReconcileInput): Promise<CheckResult[]> {
  const { wh, spec, plan, start, stats, watermark } = p;
  const checks: CheckResult[] = [];
  const lastRowid = start.value;
  const withSum = spec.sumLabel !== null;
  // The source's whole-table count runs on its own connection while the warehouse counts.
  const sourceWhole = !plan.recount
    ? null
    : p.sourceWhole && p.sourceWhole.upTo === watermark
      ? p.sourceWhole.result
      : countSourceWhole(p.source, spec, watermark);
  sourceWhole?.catch(() => undefined);

  if (stats.newRows > 0 && (lastRowid !== null || !plan.recount)) {
    const range = rangeName(lastRowid, watermark);
    // With valid totals the batches measured their key ranges as they committed; the
    // growth of the warehouse's running total is exactly what landed in this range.
    const w = plan.maintain
      ? await wh.query<{ n: string; s: string }>(
          `SELECT (wh_rows - $2::bigint)::text AS n, (wh_sum - $3::numeric)::text AS s FROM ${WATERMARK_TABLE} WHERE target = $1`,
          [p.target, start.totals!.whRows, start.totals!.whSum],
        )
      : await wh.query<{ n: string; s: string }>(`SELECT n::text AS n, s::text AS s FROM (${spec.warehouseSql(lastRowid, watermark)}) x`);
    checks.push(compareCheck(checkName(spec, 'rows', `in this run ${range}`, null), String(stats.newRows), w.rows[0].n));
    if (withSum) checks.push(compareCheck(checkName(spec, spec.sumLabel!, `in this run ${range}`, null), stats.newSum, w.rows[0].s, spec.approximate));
  }

  if (plan.recount) return [...checks, ...(await fullRecount(p, sourceWhole!))];

  const t = start.totals!;
  let totals = { srcRows: t.srcRows, srcSum: t.srcSum, whRows: t.whRows, whSum: t.whSum };
  const changed = stats.sinceRows !== '0' || t.srcUpto !== watermark || stats.newRows > 0;
  if (changed) {
    const r = await keepTotals(p, () => wh.query<{ src_rows: string; src_sum: string; wh_rows: string; wh_sum: string }>(
      `UPDATE ${WATERMARK_TABLE} SET src_rows = src_rows + $2::bigint, src_sum = src_sum + $3::numeric, src_upto = $4::bigint
       WHERE target = $1 AND value IS NOT DISTINCT FROM $4::bigint
       RETURNING src_rows::text AS src_rows, src_sum::text AS src_sum, wh_rows::text AS wh_rows, wh_sum::text AS wh_sum`,
      [p.target, stats.sinceRows, stats.sinceSum ?? '0', watermark === null ? null : watermark.toString()],
    ));
    const x = r?.rows[0];
    // Totals that could not be kept are no evidence: count both sides whole instead.
    if (!x) return [...checks, ...(await fullRecount(p))];
    totals = { srcRows: x.src_rows, srcSum: x.src_sum, whRows: x.wh_rows, whSum: x.wh_sum };
  }
  const kind = `running total; full recount on ${t.recountOn}`;
  checks.push(compareCheck(checkName(spec, 'rows', '<= watermark', kind), totals.srcRows, totals.whRows));
  if (withSum) checks.push(compareCheck(checkName(spec, spec.sumLabel!, '<= watermark', kind), totals.srcSum, totals.whSum, spec.approximate));
  return checks;
}

/**
 * Runs a write of the totals; if it fails (a sum the warehouse's numeric cannot hold,
 * say) the totals are cleared, so the next run recounts, and the sync still succeeds:
 * its rows are committed and the checks below still compare what was counted.
 */
async function keepTotals<T>(p: ReconcileInput, write: () => Promise<T>): Promise<T | null> {
  try {
    return await write();
  } catch (err) {
    p.warn(`Could not keep the running totals of ${p.target} (${(err as Error).message}); the next sync recounts both tables in full`);
    await clearTotals(p.wh, p.target).catch(() => undefined);
    return null;
  }
}

async function fullRecount(p: ReconcileInput, sourceWhole = countSourceWhole(p.source, p.spec, p.watermark)): Promise<CheckResult[]> {
  const { spec } = p;
  const aside = p.warehouseWhole && p.warehouseWhole.upTo === p.watermark ? p.warehouseWhole.result : null;
  // A count taken aside that failed is taken again here, on the load's own session.
  const warehouseWhole = async () => (aside ? await aside : null) ?? countWarehouseWhole(p.wh, spec, p.watermark);
  const [src, w] = await Promise.all([sourceWhole, warehouseWhole()]);
  await keepTotals(p, () => storeRecount(p, src, w));
  const checks = [compareCheck(checkName(spec, 'rows', '<= watermark', 'full recount'), src.n, w.n)];
  if (spec.sumLabel !== null) checks.push(compareCheck(checkName(spec, spec.sumLabel, '<= watermark', 'full recount'), src.s, w.s, spec.approximate));
  return checks;
}

/**
 * The source counted whole up to `upTo`, in the load's snapshot: the source side of a
 * full recount. The driver starts it once the rows are all read, while the warehouse
 * still applies the last batches.
 */
export async function countSourceWhole(source: Source, spec: TotalsSpec, upTo: bigint | null): Promise<{ n: string; s: string }> {
  const d = source.dialect;
  const where = upTo === null ? '' : ` WHERE ${spec.sourceKey} <= ${keyLiteral(upTo)}`;
  const sum = spec.sourceMeasure ? `, ${asText(d, `COALESCE(SUM(${spec.sourceMeasure}), 0)`)}` : '';
  try {
    const r = await source.queryText(`SELECT ${asText(d, 'COUNT(*)')}${sum} FROM ${spec.sourceFrom}${where}`);
    return { n: r[0][0] ?? '0', s: spec.sourceMeasure ? (r[0][1] ?? '0') : '0' };
  } catch (err) {
    throw new ApiError('validation', `Could not count the source rows of ${spec.describe}: ${(err as Error).message}`);
  }
}

/** The warehouse counted whole up to `upTo`: the warehouse side of a full recount. */
export async function countWarehouseWhole(wh: SqlRunner, spec: TotalsSpec, upTo: bigint | null): Promise<{ n: string; s: string }> {
  const r = await wh.query<{ n: string; s: string }>(`SELECT n::text AS n, s::text AS s FROM (${spec.warehouseSql(null, upTo)}) x`);
  return r.rows[0];
}

/** The recount's figures become the running totals, mismatch or not: later runs carry a difference forward until it is fixed. */
async function storeRecount(p: ReconcileInput, src: { n: string; s: string }, w: { n: string; s: string }): Promise<void> {
  await p.wh.query(
    `UPDATE ${WATERMARK_TABLE} SET wh_rows = $3::bigint, wh_upto = $2::bigint, wh_sum = $4::numeric, src_rows = $5::bigint, src_sum = $6::numeric,
       src_upto = $2::bigint, recount_at = now(), totals_version = $7, totals_of = $8
     WHERE target = $1 AND value IS NOT DISTINCT FROM $2::bigint`,
    [p.target, p.watermark === null ? null : p.watermark.toString(), w.n, w.s, src.n, src.s, TOTALS_VERSION, p.spec.fingerprint],
  );
}
