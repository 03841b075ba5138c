import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTableConfigSchema } from '../../../shared/pipeline/kinds/load.table.js';
import { closePglite } from '../connections/pglite.js';
import type { ResolvedConnection } from '../connections/resolved.js';
import type { TaskOutput } from '../pipelines/task-kind.js';
import { withDb } from './db/open-db.js';
import { loadTableTask } from './load.table.js';
import { createPgDb, dropPgDb, type PgConn } from './testing/databases.js';
import { testTaskContext } from './testing/task-context.js';

const metrics = { rowsRead: 0, rowsWritten: 0, rowsRejected: 0, rowsPerSecond: 0, durationMs: 0 };

let runFolder: string;
let pgConn: PgConn;
let pgliteDir: string;

beforeAll(async () => {
  runFolder = await mkdtemp(path.join(os.tmpdir(), 'etl-load-'));
  pgliteDir = path.join(runFolder, 'warehouse');
  pgConn = await createPgDb();
});
afterAll(async () => {
  await closePglite(pgliteDir);
  await dropPgDb(pgConn);
  await rm(runFolder, { recursive: true, force: true });
});

function upstream(file: string): Record<string, TaskOutput> {
  return { parse: { artifacts: [{ name: path.basename(file), path: file }], metrics } };
}

async function file(name: string, lines: string[]): Promise<string> {
  const f = path.join(runFolder, name);
  await writeFile(f, lines.map((l) => `${l}\n`).join(''));
  return f;
}

async function rows(conn: ResolvedConnection, sql: string): Promise<(string | null)[][]> {
  return withDb(conn, async (db) => (await db.query(sql)).rows);
}

const targets: [string, () => ResolvedConnection][] = [
  ['PostgreSQL', () => pgConn],
  ['PGlite', () => ({ kind: 'pglite', path: pgliteDir })],
];

describe.each(targets)('load.table into %s', (label, conn) => {
  const table = `web_log_${label.toLowerCase()}`;

  it('creates the table with guessed types and appends every row, NULLs and escapes intact', async () => {
    const tsv = await file(`append-${label}.tsv`, [
      'ip\ttime\tstatus\tbytes\tagent',
      '10.0.0.1\t2015-05-17T10:05:03Z\t200\t100\tcurl "x"',
      '10.0.0.2\t2015-05-17T10:06:00Z\t404\t\\N\ttab\\there',
    ]);
    const ctx = await testTaskContext({ runFolder, taskId: `append_${label}`, inputs: upstream(tsv), connections: { wh: conn() } });
    const out = await loadTableTask.run(loadTableConfigSchema.parse({ connection: 'wh', table, columnTypes: { status: 'integer' } }), ctx);
    expect(out.values).toMatchObject({ rowsLoaded: 2, rowsChanged: 2 });
    expect(ctx.logs[0]!.message).toBe(`Created table ${table} (ip text, time timestamptz, status integer, bytes bigint, agent text)`);
    expect(await rows(conn(), `SELECT ip, time::text, status + 1, bytes, agent FROM ${table} ORDER BY ip`)).toEqual([
      ['10.0.0.1', '2015-05-17 10:05:03+00', '201', '100', 'curl "x"'],
      ['10.0.0.2', '2015-05-17 10:06:00+00', '405', null, 'tab\there'],
    ]);
    // Appending again adds the rows again: append means append.
    await loadTableTask.run(loadTableConfigSchema.parse({ connection: 'wh', table }), ctx);
    expect(await rows(conn(), `SELECT count(*) FROM ${table}`)).toEqual([['4']]);
  });

  it('upserts on key columns: changed rows are updated, new rows inserted, a re-run changes nothing twice', async () => {
    const name = `daily_${label.toLowerCase()}`;
    const first = await file(`upsert1-${label}.csv`, ['day,country,amount', '2024-01-01,FR,10', '2024-01-01,DE,20']);
    const ctx1 = await testTaskContext({ runFolder, taskId: `up1_${label}`, inputs: upstream(first), connections: { wh: conn() } });
    await loadTableTask.run(loadTableConfigSchema.parse({ connection: 'wh', table: name, mode: 'upsert', keyColumns: ['day', 'country'] }), ctx1);
    const second = await file(`upsert2-${label}.csv`, ['day,country,amount', '2024-01-01,DE,25', '2024-01-02,FR,5', '2024-01-02,FR,7']);
    const ctx2 = await testTaskContext({ runFolder, taskId: `up2_${label}`, inputs: upstream(second), connections: { wh: conn() } });
    const out = await loadTableTask.run(loadTableConfigSchema.parse({ connection: 'wh', table: name, mode: 'upsert', keyColumns: ['day', 'country'] }), ctx2);
    expect(out.values).toMatchObject({ rowsLoaded: 3, rowsChanged: 2 });
    await loadTableTask.run(loadTableConfigSchema.parse({ connection: 'wh', table: name, mode: 'upsert', keyColumns: ['day', 'country'] }), ctx2);
    expect(await rows(conn(), `SELECT day::text, country, amount FROM ${name} ORDER BY 1, 2`)).toEqual([
      ['2024-01-01', 'DE', '25'],
      ['2024-01-01', 'FR', '10'],
      ['2024-01-02', 'FR', '7'],
    ]);
  });

  it('loads a TXT file in bounded chunks into one named column, and replace empties the table first', async () => {
    const ips = Array.from({ length: 30_000 }, (_, i) => `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`);
    const txt = await file(`ips-${label}.txt`, ips);
    const ctx = await testTaskContext({ runFolder, taskId: `txt_${label}`, inputs: upstream(txt), connections: { wh: conn() } });
    const config = loadTableConfigSchema.parse({ connection: 'wh', table: `ips_${label.toLowerCase()}`, columns: ['ip'], mode: 'replace', chunkMiB: 1 });
    await loadTableTask.run(config, ctx);
    const out = await loadTableTask.run(config, ctx);
    expect(out.values).toMatchObject({ rowsLoaded: 30_000 });
    expect(await rows(conn(), `SELECT count(*), count(DISTINCT ip), min(ip) FROM ips_${label.toLowerCase()}`)).toEqual([['30000', '30000', '10.0.0.0']]);
  });

  it('rolls back the whole load when a row does not fit, and says which line and column', async () => {
    const bad = await file(`bad-${label}.tsv`, ['id\tn', '1\t5', '2\tfive']);
    const ctx = await testTaskContext({ runFolder, taskId: `bad_${label}`, inputs: upstream(bad), connections: { wh: conn() } });
    const name = `typed_${label.toLowerCase()}`;
    await withDb(conn(), (db) => db.query(`CREATE TABLE ${name} (id int, n int)`));
    await expect(loadTableTask.run(loadTableConfigSchema.parse({ connection: 'wh', table: name }), ctx)).rejects.toThrow(/invalid input syntax for type integer: "five".*line 2.*column n/s);
    expect(await rows(conn(), `SELECT count(*) FROM ${name}`)).toEqual([['0']]);
    await expect(loadTableTask.run(loadTableConfigSchema.parse({ connection: 'wh', table: 'nope', createTable: false }), ctx)).rejects.toThrow(/^table: nope does not exist/);
    const good = await file(`good-${label}.tsv`, ['id\tn', '1\t5']);
    const ctx2 = await testTaskContext({ runFolder, taskId: `good_${label}`, inputs: upstream(good), connections: { wh: conn() } });
    await expect(loadTableTask.run(loadTableConfigSchema.parse({ connection: 'wh', table: name, mode: 'upsert', keyColumns: ['id'] }), ctx2))
      .rejects.toThrow('keyColumns: the table has no primary key or unique index on (id), which upsert needs');
  });
});
