/**
 * Throwaway throughput measurement (the real benchmark suite lives in bench/):
 * N generated rows MariaDB -> PostgreSQL, replicate and star mode, each sync in a
 * child process of its own so its peak RSS is its own; compared with
 * `mysql --quick -N | psql COPY` on the same rows.
 * Run: node <compiled measure.js> [rows] [batchRows...]
 */
import { execFile, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMysqlDb, createPgDb, dropMysqlDb, dropPgDb, mysqlAdmin, pgAdmin, type MysqlConn, type PgConn } from './dbs.js';
import { fillItemsMysql, fillOpsMysql, ITEMS_MYSQL_DDL } from './bulk.js';

const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sync-child.js');

async function runChild(source: MysqlConn, warehouse: PgConn, settings: object) {
  const started = performance.now();
  const p = spawn(process.execPath, [child, JSON.stringify({ source, warehouse, settings })], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out: { result?: { rowsPerSecond: number; inserted: number; durationMs: number; batches: number; checks: { ok: boolean }[] }; peakRssMiB?: number; message?: string } = {};
  for await (const line of createInterface({ input: p.stdout! })) {
    const msg = JSON.parse(line);
    if (msg.type === 'result' || msg.type === 'error') out = msg;
  }
  const wallMs = performance.now() - started;
  if (!out.result) throw new Error(out.message ?? 'child failed');
  return {
    rows: out.result.inserted,
    batches: out.result.batches,
    loadRowsPerSecond: out.result.rowsPerSecond,
    syncMs: out.result.durationMs,
    processWallMs: Math.round(wallMs),
    endToEndRowsPerSecond: Math.round(out.result.inserted / (out.result.durationMs / 1000)),
    checksOk: out.result.checks.every((c) => c.ok),
    peakRssMiB: out.peakRssMiB,
  };
}

async function pipeBaseline(source: MysqlConn, warehouse: PgConn, rows: number): Promise<number> {
  const wh = await pgAdmin(warehouse);
  await wh.query('CREATE TABLE items_pipe (id int PRIMARY KEY, name varchar(100), qty int, amount numeric(12,2), created timestamp, note text)');
  await wh.end();
  const started = performance.now();
  const cmd = `mysql --quick -N -h ${source.host} -P ${source.port} -u ${source.user} -p'${source.password}' -e 'SELECT id, name, qty, amount, created, note FROM items ORDER BY id' ${source.database}` +
    ` | PGPASSWORD='${warehouse.password}' psql -q -h ${warehouse.host} -p ${warehouse.port} -U ${warehouse.user} -d ${warehouse.database} -c "COPY items_pipe FROM STDIN WITH (NULL 'NULL')"`;
  await promisify(execFile)('bash', ['-c', cmd], { maxBuffer: 1 << 20 });
  return Math.round(rows / ((performance.now() - started) / 1000));
}

async function main(): Promise<void> {
  const rows = Number(process.argv[2] ?? 1_000_000);
  const batchSizes = process.argv.slice(3).map(Number);
  if (batchSizes.length === 0) batchSizes.push(200_000);
  const source = await createMysqlDb();
  const warehouses: PgConn[] = [];
  try {
    const my = await mysqlAdmin(source);
    await my.query(ITEMS_MYSQL_DDL);
    await fillItemsMysql(my, 1, rows);
    await fillOpsMysql(my, rows);
    await my.end();
    const report: Record<string, unknown> = { rows };
    const pipeWh = await createPgDb();
    warehouses.push(pipeWh);
    report.pipeRowsPerSecond = await pipeBaseline(source, pipeWh, rows);
    for (const batchRows of batchSizes) {
      const w1 = await createPgDb();
      warehouses.push(w1);
      const replicate = await runChild(source, w1, { table: 'items', key: 'id', batchRows });
      const w2 = await createPgDb();
      warehouses.push(w2);
      const star = await runChild(source, w2, { mode: 'star', batchRows });
      report[`batchRows=${batchRows}`] = { replicate, star, replicateVsPipe: +(replicate.endToEndRowsPerSecond / (report.pipeRowsPerSecond as number)).toFixed(2) };
      console.log(JSON.stringify(report[`batchRows=${batchRows}`]));
    }
    console.log(JSON.stringify(report, null, 2));
  } finally {
    await dropMysqlDb(source);
    for (const w of warehouses) await dropPgDb(w);
  }
}

void main();
