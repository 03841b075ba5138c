import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChunkPool } from '../copy/chunk-pool.js';
import { createPgDb, dropPgDb, type PgConn } from '../testing/dbs.js';
import { openPgWarehouse } from './pg-warehouse.js';
import type { Warehouse } from './warehouse.js';

/**
 * A COPY that fails, whoever fails it, ends the batch with the reason and leaves the
 * session ready for the rollback and the next statement. (A COPY the server refused at
 * the start used to leave the sync waiting forever.)
 */
let conn: PgConn;
let wh: Warehouse;

async function* numbers(chunks: number, perChunk: number): AsyncGenerator<Buffer> {
  for (let c = 0; c < chunks; c++) {
    let text = '';
    for (let i = 0; i < perChunk; i++) text += `${c * perChunk + i}\n`;
    yield Buffer.from(text);
  }
}

/** Rejects within `ms`, or says it hung. */
function settlesWithin<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms))]);
}

const count = async () => Number((await wh.query<{ n: string }>('SELECT count(*) AS n FROM t')).rows[0]!.n);

beforeAll(async () => {
  conn = await createPgDb();
  wh = await openPgWarehouse(conn);
  await wh.query('CREATE TABLE t (a int PRIMARY KEY)');
  await wh.query('INSERT INTO t VALUES (5000)');
}, 60_000);

afterAll(async () => {
  await wh?.close();
  if (conn) await dropPgDb(conn);
});

describe('a failed COPY into PostgreSQL', () => {
  it('that the server refuses at once (no such table) rejects with its message', async () => {
    const copy = wh.transaction((tx) => tx.copyIn('no_such_table', ['a'], numbers(2, 10), 'text'));
    await expect(settlesWithin(copy, 5000)).rejects.toThrow(/relation "no_such_table" does not exist/);
    expect(await count()).toBe(1);
  });

  it('that the server stops half-way (a duplicate key) rejects with the key, and nothing of it stays', async () => {
    const copy = wh.transaction((tx) => tx.copyIn('t', ['a'], numbers(20, 10_000), 'text'));
    await expect(settlesWithin(copy, 10_000)).rejects.toThrow(/duplicate key value violates unique constraint/);
    expect(await count()).toBe(1);
  });

  it('whose rows stop coming (the source failed) is abandoned with the source’s reason', async () => {
    async function* broken(): AsyncGenerator<Buffer> {
      yield Buffer.from('1\n2\n');
      throw new Error('the source connection was lost');
    }
    const copy = wh.transaction((tx) => tx.copyIn('t', ['a'], broken(), 'text'));
    await expect(settlesWithin(copy, 5000)).rejects.toThrow(/the source connection was lost/);
    expect(await count()).toBe(1);
  });
});

describe('a COPY into PostgreSQL that gives its chunks back', () => {
  it('gives each one back only once it is sent: chunks refilled at once still arrive intact, even when the server stalls', async () => {
    // Small chunks, and a server that stops reading for a while (the COPY waits on a key
    // another session holds), so bytes pile up in the socket behind the writes.
    const pool = new ChunkPool(16 * 1024);
    const chunkCount = 400;
    const seen = new Set<ArrayBufferLike>();
    let expectedSum = 0n;
    let rows = 0;
    async function* fromPool(): AsyncGenerator<Buffer> {
      let next = 1;
      for (let c = 0; c < chunkCount; c++) {
        const chunk = pool.take();
        seen.add(chunk.buffer);
        let pos = 0;
        while (pos + 12 <= chunk.length) {
          pos += chunk.write(`${next}\n`, pos, 'latin1');
          expectedSum += BigInt(next);
          next++;
          rows++;
        }
        yield chunk.subarray(0, pos);
      }
    }
    await wh.query('CREATE TABLE recycled (a bigint PRIMARY KEY)');
    const blocker = await openPgWarehouse(conn);
    try {
      await blocker.query('BEGIN');
      await blocker.query('INSERT INTO recycled VALUES (30000)');
      const copy = wh.transaction((tx) => tx.copyIn('recycled', ['a'], fromPool(), 'text', (chunk) => pool.give(chunk)));
      await new Promise((resolve) => setTimeout(resolve, 400));
      await blocker.query('ROLLBACK');
      expect(await copy).toBe(rows);
    } finally {
      await blocker.close();
    }
    const r = await wh.query<{ n: string; s: string }>('SELECT count(*) AS n, sum(a)::text AS s FROM recycled');
    expect({ n: Number(r.rows[0]!.n), s: r.rows[0]!.s }).toEqual({ n: rows, s: expectedSum.toString() });
    // Chunks were reused (far fewer allocated than written), and all came back at the end.
    expect(seen.size).toBeLessThan(chunkCount / 2);
    expect(pool.available).toBe(Math.min(seen.size, 32));
  }, 60_000);
});
