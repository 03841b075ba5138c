import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '../../../shared/api/contract.js';
import type { SampleLoadResult } from '../../../shared/sync/sync.js';
import { describeConnection, type ResolvedConnection } from '../connections/resolved.js';
import { countRows, tableExists } from '../generator/sessions/catalog.js';
import { openSqlSession, type SqlSession } from '../generator/sessions/sql-session.js';
import { tsvFromRows } from '../generator/tsv.js';
import type { RunContext } from '../runs/run-context.js';
import { defaultSoftcartFixturesDir } from './fixtures-dir.js';
import { translateMysqlDump } from './mysql-to-postgres.js';
import { parseSalesCsv, SALES_CSV_COLUMNS } from './sales-csv.js';
import { countInsertRows, splitSqlStatements, type DumpStatement } from './sql-dump.js';

export interface LoadSoftcartSampleOptions {
  source: ResolvedConnection;
  warehouse: ResolvedConnection;
  /** Folder holding sales.sql and sales.csv; defaults to the copy shipped in assets/. */
  fixturesDir?: string;
}

const WAREHOUSE_TABLE = 'sales_data';

/**
 * The coursework's warehouse table, as the lab creates it before importing sales.csv.
 * price and timestamp have defaults because the later incremental sync copies rows from
 * a source that has neither column.
 */
function warehouseDdl(session: SqlSession): string {
  if (session.dialect === 'mysql') {
    return 'CREATE TABLE sales_data (rowid INT NOT NULL PRIMARY KEY, product_id INT NOT NULL, customer_id INT NOT NULL, ' +
      'price INT NOT NULL DEFAULT 0, quantity INT NOT NULL, `timestamp` DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4';
  }
  return 'CREATE TABLE sales_data (rowid integer PRIMARY KEY, product_id integer NOT NULL, customer_id integer NOT NULL, ' +
    'price integer NOT NULL DEFAULT 0, quantity integer NOT NULL, "timestamp" timestamp NOT NULL DEFAULT now())';
}

class Reporter {
  private readonly started = Date.now();
  private batch = 0;
  constructor(private readonly ctx: RunContext, private readonly phase: string, private readonly totalRows: number | null) {}

  report(rowsRead: number, rowsWritten: number, rowsRejected = 0): void {
    const elapsed = Math.max(1, Date.now() - this.started);
    const rate = (rowsWritten / elapsed) * 1000;
    this.ctx.progress({
      phase: this.phase,
      rowsRead,
      rowsWritten,
      rowsRejected,
      totalRows: this.totalRows,
      rowsPerSecond: Math.round(rate),
      batch: ++this.batch,
      etaMs: this.totalRows !== null && rate > 0 ? Math.max(0, Math.round(((this.totalRows - rowsWritten) / rate) * 1000)) : null,
    });
  }
}

function createdTables(statements: readonly DumpStatement[]): string[] {
  const names: string[] = [];
  for (const st of statements) {
    const m = /^CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:`([^`]+)`|"([^"]+)"|(\w+))/i.exec(st.sql);
    if (m) names.push(m[1] ?? m[2] ?? m[3]);
  }
  return names;
}

async function dropIfPresent(session: SqlSession, table: string, where: string, ctx: RunContext): Promise<void> {
  if (!(await tableExists(session, table))) return;
  await session.exec(`DROP TABLE ${session.quote(table)}`);
  ctx.log('info', `Table ${table} already existed in the ${where}; it was dropped and is loaded again from scratch`);
}

/** Collations the dump names that this server lacks, with the stand-in used for each. */
async function collationStandIns(session: SqlSession, statements: readonly DumpStatement[]): Promise<Map<string, string>> {
  const wanted = new Set<string>();
  for (const st of statements) {
    for (const m of st.sql.matchAll(/\bCOLLATE\s*=?\s*['"`]?(\w+)/gi)) wanted.add(m[1].toLowerCase());
  }
  const standIns = new Map<string, string>();
  if (wanted.size === 0) return standIns;
  const available = new Set(
    (await session.query('SELECT COLLATION_NAME AS name FROM information_schema.COLLATIONS')).map((r) => String(r.name).toLowerCase()),
  );
  for (const name of wanted) {
    if (available.has(name)) continue;
    const charset = name.split('_')[0];
    const standIn = [`${charset}_unicode_ci`, `${charset}_general_ci`].find((c) => available.has(c));
    if (!standIn) throw new ApiError('validation', `sales.sql needs collation ${name}, and this server has no ${charset} collation to use instead`);
    standIns.set(name, standIn);
  }
  return standIns;
}

async function runStatements(
  session: SqlSession,
  statements: readonly { sql: string; line: number }[],
  ctx: RunContext,
  reporter: Reporter,
): Promise<void> {
  let rows = 0;
  try {
    for (const st of statements) {
      ctx.signal.throwIfAborted();
      try {
        await session.exec(st.sql);
      } catch (err) {
        const message = (err as { sqlMessage?: string }).sqlMessage ?? (err as Error).message;
        throw new ApiError('validation', `sales.sql, statement at line ${st.line}: ${message}`);
      }
      const inserted = countInsertRows(st.sql);
      if (inserted > 0) {
        rows += inserted;
        reporter.report(rows, rows);
      }
    }
  } catch (err) {
    // A shared PGlite instance outlives this load: never leave it inside the dump's transaction.
    if (session.dialect === 'postgres') await session.exec('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

async function loadSource(
  c: ResolvedConnection,
  dumpText: string,
  ctx: RunContext,
  adaptations: string[],
): Promise<{ table: string; rows: number }> {
  const note = (text: string) => {
    adaptations.push(text);
    ctx.log('info', `Adapted: ${text}`);
  };
  const statements = splitSqlStatements(dumpText);
  const tables = createdTables(statements);
  const session = await openSqlSession(c);
  try {
    const total = statements.reduce((n, st) => n + (/^INSERT\b/i.test(st.sql) ? countInsertRows(st.sql) : 0), 0);
    const reporter = new Reporter(ctx, 'Loading sales.sql into the source', total);
    let toRun: { sql: string; line: number }[];
    if (session.dialect === 'mysql') {
      const version = String((await session.query('SELECT VERSION() AS v'))[0]?.v ?? 'this server');
      const standIns = await collationStandIns(session, statements);
      toRun = statements.map((st) => {
        let sql = st.sql;
        for (const [from, to] of standIns) sql = sql.replace(new RegExp(`\\b${from}\\b`, 'gi'), to);
        return { sql, line: st.line };
      });
      for (const [from, to] of standIns) {
        note(`sales.sql asks for collation ${from} (MySQL 8), which ${version} does not have; ${to} was used instead`);
      }
    } else {
      const translation = translateMysqlDump(statements);
      toRun = translation.statements;
      note(`sales.sql is a MySQL dump; it was translated for PostgreSQL: ${translation.changes.join('; ')}`);
    }
    for (const table of tables) await dropIfPresent(session, table, 'source', ctx);
    ctx.log('info', `Running ${toRun.length} statements of sales.sql against ${describeConnection(c)}`);
    await runStatements(session, toRun, ctx, reporter);
    const table = tables[0] ?? 'sales_data';
    return { table, rows: await countRows(session, table) };
  } finally {
    await session.close();
  }
}

async function loadWarehouse(
  c: ResolvedConnection,
  csvText: string,
  ctx: RunContext,
  adaptations: string[],
): Promise<number> {
  let parsed;
  try {
    parsed = parseSalesCsv(csvText);
  } catch (err) {
    throw new ApiError('validation', (err as Error).message);
  }
  for (const text of parsed.adaptations) {
    adaptations.push(text);
    ctx.log('info', `Adapted: ${text}`);
  }
  if (parsed.rejected.length > 0) {
    await mkdir(ctx.folder, { recursive: true });
    const file = path.join(ctx.folder, 'sales.csv.rejected.txt');
    await writeFile(file, parsed.rejected.map((r) => `line ${r.line}: ${r.reason}\t${r.text}`).join('\n') + '\n');
    ctx.log('warn', `${parsed.rejected.length} line(s) of sales.csv were set aside in ${file}`);
  }
  const session = await openSqlSession(c);
  try {
    await dropIfPresent(session, WAREHOUSE_TABLE, 'warehouse', ctx);
    await session.exec(warehouseDdl(session));
    const reporter = new Reporter(ctx, 'Loading sales.csv into the warehouse', parsed.rows.length);
    const result = await session.loadTsv(WAREHOUSE_TABLE, SALES_CSV_COLUMNS, tsvFromRows(parsed.rows), {
      signal: ctx.signal,
      onRows: (n) => reporter.report(n, n, parsed.rejected.length),
    });
    if (result.note) ctx.log('warn', result.note);
    ctx.log('info', `Loaded ${result.rows} rows of sales.csv into ${WAREHOUSE_TABLE} (${result.method})`);
    return await countRows(session, WAREHOUSE_TABLE);
  } finally {
    await session.close();
  }
}

async function readFixture(dir: string, name: string): Promise<string> {
  try {
    return await readFile(path.join(dir, name), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new ApiError('not_found', `The SoftCart sample file ${name} is missing from ${dir}`);
    }
    throw err;
  }
}

/**
 * The coursework's first steps, done for the student: sales.sql (a MySQL 8 dump) into
 * the source and sales.csv into the warehouse table sales_data. Loading again replaces
 * both tables. What had to be adapted to make the files load is reported in plain words.
 */
export async function loadSoftcartSample(opts: LoadSoftcartSampleOptions, ctx: RunContext): Promise<SampleLoadResult> {
  for (const [role, c] of [['source', opts.source], ['warehouse', opts.warehouse]] as const) {
    if (c.kind === 'db2') throw new ApiError('validation', `The SoftCart sample cannot be loaded into an IBM DB2 ${role}; use MySQL/MariaDB, PostgreSQL or PGlite`);
  }
  const dir = opts.fixturesDir ?? defaultSoftcartFixturesDir();
  const dump = await readFixture(dir, 'sales.sql');
  const csv = await readFixture(dir, 'sales.csv');
  const adaptations: string[] = [];

  ctx.log('info', `Loading sales.sql into the source ${describeConnection(opts.source)}`);
  const source = await loadSource(opts.source, dump, ctx, adaptations);
  ctx.log('info', `Source table ${source.table} holds ${source.rows} rows`);

  ctx.signal.throwIfAborted();
  ctx.log('info', `Loading sales.csv into the warehouse ${describeConnection(opts.warehouse)}`);
  const warehouseRows = await loadWarehouse(opts.warehouse, csv, ctx, adaptations);
  ctx.log('info', `Warehouse table ${WAREHOUSE_TABLE} holds ${warehouseRows} rows`);

  return { sourceTable: source.table, sourceRows: source.rows, warehouseTable: WAREHOUSE_TABLE, warehouseRows, adaptations };
}
