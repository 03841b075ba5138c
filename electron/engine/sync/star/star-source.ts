import { ApiError } from '../../../../shared/api/contract.js';
import type { SyncSettings } from '../../../../shared/sync/sync.js';
import { FieldKind } from '../copy/copy-encoder.js';
import { ident } from '../sql/quote.js';
import type { Source, SourceColumn, SourceTable } from '../source/source.js';

/**
 * What star mode reads from the source: rows of (orderid, ts, category, country,
 * amount), from the user's query or from the default mapping over the generator's
 * operational schema.
 */
export interface StarSource {
  select: string[];
  from: string;
  key: string;
  /** Relation and expressions the counts and sums run over (the base table when it can be). */
  statsFrom: string;
  amount: string;
  kinds: FieldKind[];
  /** COPY columns of the staging table, in the order the select list fills them. */
  stage: readonly string[];
  /** Name of each selected expression, for messages. */
  labels: readonly string[];
  /** Where category and country sit in the select list (where look-ups go). */
  at: { category: number; country: number };
  describe: string;
  /**
   * MySQL, default mapping: category and country by id from small look-up tables read
   * in the snapshot before the rows (see readLookups), instead of a join per sale in the
   * source. Each table is looked up or joined on its own (see extractWith).
   */
  lookups?: {
    /** The sales table alone, aliased s. */
    base: string;
    tables: LookupTable[];
  };
}

/** One look-up: `value` of `table` by `id`; `index` is its place in the select list. */
export interface LookupTable {
  index: number;
  table: SourceTable;
  id: string;
  value: string;
  /** The sales column holding the id (looked up). */
  ref: string;
  /** The joined value and its LEFT JOIN (joined in the source). */
  joined: string;
  join: string;
}

export const STAR_COLUMNS = ['orderid', 'ts', 'category', 'country', 'amount'] as const;
/**
 * The typed staging table's columns. d is the UTC day of ts, so the warehouse groups
 * and joins on a date column; ts_bad and amount_bad hold the text of a value that is
 * not a timestamp or a number (the MySQL encoder checks each one as it passes), so the
 * row can be quarantined as it was instead of failing the whole batch.
 */
export const STAGE_COLUMNS = ['orderid', 'd', 'ts', 'ts_bad', 'category', 'country', 'amount', 'amount_bad'] as const;
/**
 * MySQL rows pass the checking encoder with the timestamp last: by then the encoder
 * knows whether the row is suspect, and sends the timestamp itself only for a row the
 * warehouse may quarantine (the rest need only its day), a fifth less COPY text to parse.
 */
const MYSQL_STAGE = ['orderid', 'category', 'country', 'amount', 'amount_bad', 'd', 'ts', 'ts_bad'] as const;
const MYSQL_LABELS = ['orderid', 'category', 'country', 'amount', 'ts'] as const;
const MYSQL_KINDS = [FieldKind.text, FieldKind.requiredText, FieldKind.requiredText, FieldKind.checkedNumber, FieldKind.checkedDayTimestamp];

/**
 * The select list and the staging columns it fills. MySQL values pass the checking
 * encoder (one expression, up to three fields); PostgreSQL and PGlite send their own
 * COPY text, typed by the source (whose session runs in UTC), so the *_bad columns are NULL.
 */
function selectList(
  source: Source,
  [orderid, ts, category, country, amount]: string[],
): Pick<StarSource, 'select' | 'kinds' | 'stage' | 'labels' | 'at'> {
  if (source.kind === 'mysql') {
    return { select: [orderid, category, country, amount, ts], kinds: MYSQL_KINDS, stage: MYSQL_STAGE, labels: MYSQL_LABELS, at: { category: 1, country: 2 } };
  }
  return {
    select: [orderid, `CAST(CAST(${ts} AS timestamp) AS date)`, ts, 'NULL', category, country, amount, 'NULL'],
    kinds: [],
    stage: STAGE_COLUMNS,
    labels: STAGE_COLUMNS,
    at: { category: 4, country: 5 },
  };
}

function column(t: SourceTable, name: string): SourceColumn {
  const c = t.columns.find((x) => x.name.toLowerCase() === name.toLowerCase());
  if (!c) throw new ApiError('validation', `Source table ${t.name} has no column ${name} (the default star mapping needs it; or give a query)`);
  return c;
}

export async function starSource(source: Source, settings: SyncSettings): Promise<StarSource> {
  const d = source.dialect;
  const id = (n: string) => ident(d, n);
  if (settings.query && settings.query.trim()) {
    const query = settings.query.trim().replace(/;\s*$/, '');
    const col = (n: string) => `q.${id(n)}`;
    return {
      ...selectList(source, STAR_COLUMNS.map(col)),
      from: `(${query}) q`,
      key: col('orderid'),
      statsFrom: `(${query}) q`,
      amount: col('amount'),
      describe: 'the star query',
    };
  }
  const sales = await source.describeTable(settings.table);
  const products = await source.describeTable('products');
  const customers = await source.describeTable('customers');
  const keyCol = column(sales, settings.key);
  if (keyCol.family !== 'integer') throw new ApiError('validation', `Key column must be an integer: ${sales.name}.${keyCol.name} is ${keyCol.type}`);
  const s = (n: string) => `s.${id(column(sales, n).name)}`;
  const amount = `${s('price')} * ${s('quantity')}`;
  const key = `s.${id(keyCol.name)}`;
  const p = { id: column(products, 'product_id').name, value: column(products, 'category').name };
  const c = { id: column(customers, 'customer_id').name, value: column(customers, 'country').name };
  const { at } = selectList(source, []);
  const tables: LookupTable[] = [
    { index: at.category, table: products, ...p, ref: s('product_id'), joined: `p.${id(p.value)}`, join: ` LEFT JOIN ${products.sql} p ON p.${id(p.id)} = ${s('product_id')}` },
    { index: at.country, table: customers, ...c, ref: s('customer_id'), joined: `c.${id(c.value)}`, join: ` LEFT JOIN ${customers.sql} c ON c.${id(c.id)} = ${s('customer_id')}` },
  ];
  const joined: StarSource = {
    ...selectList(source, [key, s('timestamp'), tables[0].joined, tables[1].joined, amount]),
    // LEFT JOINs, so a sale whose product or customer is missing is rejected with a reason, not silently dropped.
    from: `${sales.sql} s${tables.map((t) => t.join).join('')}`,
    key,
    statsFrom: `${sales.sql} s`,
    amount,
    describe: `${sales.name} joined to ${products.name} and ${customers.name}`,
  };
  // Look-ups match ids exactly as integers, which is what the join does for integer columns
  // only, and hand on text values, the same bytes the join would.
  const ints = [column(sales, 'product_id'), column(products, 'product_id'), column(sales, 'customer_id'), column(customers, 'customer_id')];
  const texts = [column(products, 'category'), column(customers, 'country')];
  if (source.kind !== 'mysql' || !ints.every((x) => x.family === 'integer') || !texts.every((x) => x.family === 'text')) return joined;
  return { ...joined, lookups: { base: `${sales.sql} s`, tables } };
}

/** The extract with `looked` tables looked up by id and the others joined in the source. */
export function extractWith(src: StarSource, looked: readonly LookupTable[]): { select: string[]; from: string; kinds: FieldKind[] } {
  const plan = src.lookups!;
  const select = [...src.select];
  const kinds = [...src.kinds];
  let from = plan.base;
  for (const t of plan.tables) {
    if (looked.includes(t)) {
      select[t.index] = t.ref;
      kinds[t.index] = FieldKind.lookup;
    } else from += t.join;
  }
  return { select, from, kinds };
}

/** Beyond this many entries a look-up is not held in memory; the source joins instead. */
export const MAX_LOOKUP_ROWS = 250_000;

/**
 * Reading a look-up row (parsed into strings, then indexed) costs a few times what the
 * source spends joining one sale to it, and it happens before the first row moves,
 * while the join runs alongside the load: a table is read whole only when it holds
 * this many times fewer rows than the range has new ones.
 */
const LOOKUP_ROW_COST = 4;

/**
 * The look-up tables that cost less to read whole than to join every new row to (by the
 * server's row estimate). A full load reads 10,000 customers once instead of making a
 * million index look-ups; an everyday sync of a few thousand rows joins them.
 */
export function lookupsThatPay(src: StarSource, newRows: number): LookupTable[] {
  return (src.lookups?.tables ?? []).filter((l) => typeof l.table.rowsEstimate === 'number' && l.table.rowsEstimate * LOOKUP_ROW_COST < newRows);
}

/** Reads each look-up table whole, in the current snapshot; null for one holding more than MAX_LOOKUP_ROWS rows. */
export async function readLookups(source: Source, tables: readonly LookupTable[]): Promise<((string | null)[][] | null)[]> {
  const out: ((string | null)[][] | null)[] = [];
  for (const l of tables) {
    const rows = await source.queryText(
      `SELECT CAST(${ident('mysql', l.id)} AS CHAR), ${ident('mysql', l.value)} FROM ${l.table.sql} LIMIT ${MAX_LOOKUP_ROWS + 1}`,
      { manyRows: true },
    );
    out.push(rows.length > MAX_LOOKUP_ROWS ? null : rows);
  }
  return out;
}
