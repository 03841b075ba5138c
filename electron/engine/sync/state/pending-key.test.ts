import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { createPgDb, dropPgDb, pgAdmin, type PgConn } from '../testing/dbs.js';
import { openPgWarehouse } from '../warehouse/pg-warehouse.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { buildPendingKey, markKeyPending, pendingKey } from './pending-key.js';
import { ensureStateSchema } from './state-schema.js';

/** The primary key a table the sync created gets once its rows are in. */
let conn: PgConn;
let wh: Warehouse;
let other: pg.Client;

beforeAll(async () => {
  conn = await createPgDb();
  wh = await openPgWarehouse(conn);
  other = await pgAdmin(conn);
  await ensureStateSchema(wh);
}, 60_000);

afterAll(async () => {
  await other?.end();
  await wh?.close();
  if (conn) await dropPgDb(conn);
});

/** A table of `rows` rows keyed 1..rows, without a key yet, promised one on id. */
async function unkeyedTable(name: string, rows: number): Promise<void> {
  await wh.query(`CREATE TABLE ${name} (id int NOT NULL, v int)`);
  await wh.query(`INSERT INTO ${name} SELECT g, g % 7 FROM generate_series(1, ${rows}) g`);
  await markKeyPending(wh, `public.${name}`, 'id');
}

async function primaryKey(table: string): Promise<{ name: string; cols: string } | null> {
  const r = await other.query<{ name: string; cols: string }>(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS cols FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'p'`,
    [table],
  );
  return r.rows[0] ?? null;
}

describe('the primary key built after the load', () => {
  it('is named <table>_pkey, as one declared with the table would be, and the promise is kept', async () => {
    await unkeyedTable('sales_a', 1000);
    const said = await buildPendingKey(wh, 'public.sales_a', '"public"."sales_a"', 'id');
    expect(said).toMatch(/^Primary key of public\.sales_a on id built after the load/);
    expect(await primaryKey('sales_a')).toEqual({ name: 'sales_a_pkey', cols: 'PRIMARY KEY (id)' });
    expect(await pendingKey(wh, 'public.sales_a')).toBeNull();
  });

  it('is still built when something else already holds the name <table>_pkey', async () => {
    await unkeyedTable('sales_b', 1000);
    await wh.query(`CREATE SEQUENCE sales_b_pkey`);
    await buildPendingKey(wh, 'public.sales_b', '"public"."sales_b"', 'id');
    const key = await primaryKey('sales_b');
    expect(key?.cols).toBe('PRIMARY KEY (id)');
    expect(key?.name).not.toBe('sales_b_pkey');
    expect(await pendingKey(wh, 'public.sales_b')).toBeNull();
  });

  it('lets readers in while its index is sorted: only the final catalog step waits for a reader that holds the table', async () => {
    await unkeyedTable('sales_c', 50_000);
    // A reader (a report, the sync's own recount) in the middle of a transaction on the table.
    await other.query('BEGIN');
    await other.query('SELECT count(*) FROM sales_c');
    const building = buildPendingKey(wh, 'public.sales_c', '"public"."sales_c"', 'id');
    building.catch(() => undefined);
    const readerPid = (await other.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    const watcher = await pgAdmin(conn);
    try {
      // Wait until the builder queues for the lock it needs last.
      let locks: { mode: string; granted: boolean }[] = [];
      for (let i = 0; i < 200; i++) {
        const r = await watcher.query<{ mode: string; granted: boolean }>(
          `SELECT l.mode, l.granted FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
           WHERE l.relation = 'sales_c'::regclass AND a.pid <> pg_backend_pid() AND a.pid <> $1 ORDER BY l.granted DESC, l.mode`,
          [readerPid],
        );
        locks = r.rows;
        if (locks.some((l) => !l.granted)) break;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      // The sort ran beside the reader (ShareLock granted); the key waits only to become the primary key.
      expect(locks).toEqual([
        { mode: 'ShareLock', granted: true },
        { mode: 'AccessExclusiveLock', granted: false },
      ]);
    } finally {
      await watcher.end();
      await other.query('COMMIT');
    }
    await building;
    expect(await primaryKey('sales_c')).toEqual({ name: 'sales_c_pkey', cols: 'PRIMARY KEY (id)' });
  });

  it('is refused with the duplicate key named when the table holds a key twice, and stays promised', async () => {
    await unkeyedTable('sales_d', 1000);
    await wh.query(`INSERT INTO sales_d VALUES (500, 0)`);
    await expect(buildPendingKey(wh, 'public.sales_d', '"public"."sales_d"', 'id')).rejects.toThrow(
      /^The primary key of public\.sales_d on id cannot be built: Key \(id\)=\(500\) is duplicated/,
    );
    expect(await primaryKey('sales_d')).toBeNull();
    expect(await pendingKey(wh, 'public.sales_d')).toBe('id');
  });

  it('is refused with a plain reason when a row has no key', async () => {
    await wh.query(`CREATE TABLE sales_e (id int, v int)`);
    await wh.query(`INSERT INTO sales_e VALUES (1, 1), (NULL, 2)`);
    await markKeyPending(wh, 'public.sales_e', 'id');
    await expect(buildPendingKey(wh, 'public.sales_e', '"public"."sales_e"', 'id')).rejects.toThrow(
      /^The primary key of public\.sales_e on id cannot be built: a row has no key/,
    );
    expect(await primaryKey('sales_e')).toBeNull();
  });
});
