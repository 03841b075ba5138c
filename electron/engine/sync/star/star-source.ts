import { ApiError } from '../../../../shared/api/contract.js';
import type { SyncSettings } from '../../../../shared/sync/sync.js';
import { FieldKind } from '../copy/copy-encoder.js';
import { ident } from '../sql/quote.js';
import type { Source, SourceTable } from '../source/source.js';

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
  describe: string;
}

export const STAR_COLUMNS = ['orderid', 'ts', 'category', 'country', 'amount'] as const;
/**
 * The typed staging table's columns. ts_bad and amount_bad hold the text of a value
 * that is not a timestamp or a number (the MySQL encoder checks each one as it passes),
 * so the row can be quarantined as it was instead of failing the whole batch.
 */
export const STAGE_COLUMNS = ['orderid', 'ts', 'ts_bad', 'category', 'country', 'amount', 'amount_bad'] as const;
const MYSQL_KINDS = [FieldKind.text, FieldKind.checkedTimestamp, FieldKind.text, FieldKind.text, FieldKind.checkedNumber];

/**
 * The select list in STAGE_COLUMNS order. MySQL values pass the checking encoder (one
 * expression, two fields); PostgreSQL and PGlite send their own COPY text, typed by
 * the source, so the *_bad columns are NULL.
 */
function selectList(source: Source, [orderid, ts, category, country, amount]: string[]): { select: string[]; kinds: FieldKind[] } {
  if (source.kind === 'mysql') return { select: [orderid, ts, category, country, amount], kinds: MYSQL_KINDS };
  return { select: [orderid, ts, 'NULL', category, country, amount, 'NULL'], kinds: [] };
}

function column(t: SourceTable, name: string): string {
  const c = t.columns.find((x) => x.name.toLowerCase() === name.toLowerCase());
  if (!c) throw new ApiError('validation', `Source table ${t.name} has no column ${name} (the default star mapping needs it; or give a query)`);
  return c.name;
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
  const key = column(sales, settings.key);
  const keyCol = sales.columns.find((c) => c.name === key)!;
  if (keyCol.family !== 'integer') throw new ApiError('validation', `Key column must be an integer: ${sales.name}.${key} is ${keyCol.type}`);
  const s = (n: string) => `s.${id(column(sales, n))}`;
  const amount = `${s('price')} * ${s('quantity')}`;
  return {
    ...selectList(source, [`s.${id(key)}`, s('timestamp'), `p.${id(column(products, 'category'))}`, `c.${id(column(customers, 'country'))}`, amount]),
    // LEFT JOINs, so a sale whose product or customer is missing is rejected with a reason, not silently dropped.
    from: `${sales.sql} s LEFT JOIN ${products.sql} p ON p.${id(column(products, 'product_id'))} = ${s('product_id')}` +
      ` LEFT JOIN ${customers.sql} c ON c.${id(column(customers, 'customer_id'))} = ${s('customer_id')}`,
    key: `s.${id(key)}`,
    statsFrom: `${sales.sql} s`,
    amount,
    describe: `${sales.name} joined to ${products.name} and ${customers.name}`,
  };
}
