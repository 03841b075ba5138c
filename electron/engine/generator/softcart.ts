import { ApiError } from '../../../shared/api/contract.js';
import type { ResolvedConnection } from '../connections/resolved.js';
import { countRows } from './sessions/catalog.js';
import { openSqlSession, type SqlSession } from './sessions/sql-session.js';
import { appendPlan, freshPlan, parseSqlTimestamp, SoftcartModel } from './softcart-model.js';
import { SOFTCART_TABLES, softcartDdl, softcartDropDdl } from './softcart-schema.js';

export interface GenerateSoftcartOptions {
  rows: number;
  seed: number;
  into: ResolvedConnection;
  /** rowid of the first generated row; default 1, or the row after the current maximum with append. */
  startRowid?: number;
  /** Keep existing tables and add rows after the current max rowid (incremental tests, "1 % new rows"). */
  append?: boolean;
  /** Called every few percent of the rows (and at the end) with the rows written so far. */
  onProgress?: (rowsWritten: number) => void;
  signal?: AbortSignal;
  /** MySQL only: force multi-row INSERTs instead of LOAD DATA LOCAL INFILE (tests, servers without local_infile). */
  mysqlMethod?: 'auto' | 'insert';
}

export interface GenerateSoftcartResult {
  rows: number;
  firstRowid: number;
  lastRowid: number;
  products: number;
  customers: number;
}

interface ExistingSales {
  minRowid: number;
  maxRowid: number;
  minSec: number;
  maxSec: number;
}

async function existingSales(session: SqlSession): Promise<ExistingSales | null> {
  const ts = session.quote('timestamp');
  const text = (expr: string) => (session.dialect === 'mysql' ? `CAST(${expr} AS CHAR)` : `to_char(${expr}, 'YYYY-MM-DD HH24:MI:SS')`);
  const rows = await session.query(
    `SELECT MIN(rowid) AS min_rowid, MAX(rowid) AS max_rowid, ${text(`MIN(${ts})`)} AS min_ts, ${text(`MAX(${ts})`)} AS max_ts FROM sales_data`,
  );
  const r = rows[0];
  if (!r || r.max_rowid === null || r.max_rowid === undefined) return null;
  return {
    minRowid: Number(r.min_rowid),
    maxRowid: Number(r.max_rowid),
    minSec: parseSqlTimestamp(String(r.min_ts)),
    maxSec: parseSqlTimestamp(String(r.max_ts)),
  };
}

function validate(opts: GenerateSoftcartOptions): void {
  if (!Number.isInteger(opts.rows) || opts.rows < 0) throw new ApiError('validation', `rows must be a whole number of 0 or more (got ${opts.rows})`);
  if (!Number.isFinite(opts.seed)) throw new ApiError('validation', `seed must be a finite number (got ${opts.seed})`);
  if (opts.startRowid !== undefined && (!Number.isInteger(opts.startRowid) || opts.startRowid < 1)) {
    throw new ApiError('validation', `startRowid must be a whole number of 1 or more (got ${opts.startRowid})`);
  }
  const last = (opts.startRowid ?? 1) + opts.rows - 1;
  if (last > 2_147_483_647) throw new ApiError('validation', 'The last rowid would not fit in the INT rowid column (2147483647)');
}

/** Throttled progress: about every 5 % of the rows, at least every 10 000 and at most every 500 000. */
function progressReporter(total: number, onProgress?: (rows: number) => void): (rows: number) => void {
  if (!onProgress) return () => undefined;
  const every = Math.min(500_000, Math.max(10_000, Math.ceil(total / 20)));
  let next = every;
  return (rows) => {
    if (rows >= next) {
      onProgress(rows);
      next = (Math.floor(rows / every) + 1) * every;
    }
  };
}

/**
 * Fills (or, with append, extends) the SoftCart operational schema with seeded data:
 * products, customers and sales_data. The same seed gives the same rows on MySQL,
 * PostgreSQL and PGlite. Rows stream in bounded chunks through the target's bulk path
 * (LOAD DATA LOCAL INFILE, COPY, COPY FROM blob), so memory stays flat at any size.
 */
export async function generateSoftcart(opts: GenerateSoftcartOptions): Promise<GenerateSoftcartResult> {
  validate(opts);
  opts.signal?.throwIfAborted();
  const model = new SoftcartModel(opts.seed);
  const session = await openSqlSession(opts.into);
  try {
    const { products, customers } = SOFTCART_TABLES;
    if (!opts.append) {
      for (const sql of softcartDropDdl()) await session.exec(sql);
    }
    for (const sql of softcartDdl(session.dialect)) await session.exec(sql);

    // Dimensions are fixed by the seed; in append mode they are kept when already there.
    if ((await countRows(session, products.name)) === 0) {
      await session.loadTsv(products.name, products.columns, model.productsSource(), { signal: opts.signal, mysqlMethod: opts.mysqlMethod });
    }
    if ((await countRows(session, customers.name)) === 0) {
      await session.loadTsv(customers.name, customers.columns, model.customersSource(), { signal: opts.signal, mysqlMethod: opts.mysqlMethod });
    }

    const existing = opts.append ? await existingSales(session) : null;
    const firstRowid = opts.startRowid ?? (existing ? existing.maxRowid + 1 : 1);
    if (existing && firstRowid <= existing.maxRowid) {
      throw new ApiError('validation', `startRowid ${firstRowid} is not above the current maximum rowid ${existing.maxRowid}; appended rows must come after the existing ones`);
    }
    if (firstRowid + opts.rows - 1 > 2_147_483_647) throw new ApiError('validation', 'The last rowid would not fit in the INT rowid column (2147483647)');
    const plan = opts.append ? appendPlan(firstRowid, opts.rows, existing) : freshPlan(firstRowid, opts.rows);

    const report = progressReporter(opts.rows, opts.onProgress);
    const loaded = await session.loadTsv(SOFTCART_TABLES.sales.name, SOFTCART_TABLES.sales.columns, model.salesSource(plan, opts.signal), {
      signal: opts.signal,
      onRows: report,
      mysqlMethod: opts.mysqlMethod,
    });
    if (session.dialect === 'postgres' && loaded.rows > 0) {
      // Explicit rowids bypass the identity sequence; move it past them so later INSERTs without a rowid work.
      await session.exec("SELECT setval(pg_get_serial_sequence('sales_data', 'rowid'), (SELECT MAX(rowid) FROM sales_data))");
    }
    opts.onProgress?.(loaded.rows);
    // Counted, not assumed: in append mode the dimensions are whatever the table already held.
    const [productCount, customerCount] = [await countRows(session, products.name), await countRows(session, customers.name)];
    return { rows: loaded.rows, firstRowid, lastRowid: firstRowid + loaded.rows - 1, products: productCount, customers: customerCount };
  } finally {
    await session.close();
  }
}

export { SOFTCART_TABLES } from './softcart-schema.js';
export { SOFTCART_CATEGORIES, SOFTCART_COUNTRIES } from './reference-data.js';
