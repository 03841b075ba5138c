import { describe, expect, it } from 'vitest';
import { ChunkPool } from './chunk-pool.js';

describe('ChunkPool', () => {
  it('hands a chunk given back (or the view of it an encoder emitted) out again, instead of allocating', () => {
    const pool = new ChunkPool(1024);
    const first = pool.take();
    expect(first.length).toBe(1024);
    first.write('rows', 0, 'latin1');
    pool.give(first.subarray(0, 4));
    const again = pool.take();
    expect(again.buffer).toBe(first.buffer);
    expect(again.length).toBe(1024);
    expect(pool.take().buffer).not.toBe(first.buffer);
  });

  it('ignores what it did not hand out: a view inside a chunk, another size, a pooled small Buffer', () => {
    const pool = new ChunkPool(1024);
    pool.give(pool.take().subarray(16, 64));
    pool.give(Buffer.allocUnsafeSlow(2048));
    pool.give(Buffer.from('a small value'));
    expect(pool.available).toBe(0);
  });

  it('keeps at most maxFree chunks, and a chunk given back twice only once', () => {
    const pool = new ChunkPool(64, 2);
    const chunks = [pool.take(), pool.take(), pool.take()];
    pool.give(chunks[0]!);
    pool.give(chunks[0]!);
    expect(pool.available).toBe(1);
    for (const c of chunks.slice(1)) pool.give(c);
    expect(pool.available).toBe(2);
  });
});
