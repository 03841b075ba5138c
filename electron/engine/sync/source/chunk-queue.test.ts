import { describe, expect, it } from 'vitest';
import { ChunkQueue } from './chunk-queue.js';

describe('ChunkQueue', () => {
  it('pauses the producer at the high mark, resumes at the low mark, and keeps no consumed chunk', async () => {
    const events: string[] = [];
    const q = new ChunkQueue(3000, 1000, () => events.push('pause'), () => events.push('resume'));
    const chunks = Array.from({ length: 200 }, (_, i) => Buffer.alloc(1000, i % 256));
    for (const buf of chunks.slice(0, 3)) q.push({ t: 'chunk', buf });
    expect(events).toEqual(['pause']);
    await q.shift();
    expect(events).toEqual(['pause']);
    await q.shift();
    expect(events).toEqual(['pause', 'resume']);
    for (const buf of chunks.slice(3)) q.push({ t: 'chunk', buf });
    q.push({ t: 'end' });
    let n = 2;
    for (;;) {
      const item = await q.shift();
      if (item.t === 'end') break;
      expect(item.t === 'chunk' && item.buf).toBe(chunks[n++]);
    }
    expect(n).toBe(200);
    // Whatever the queue still holds must not be the chunks it handed out.
    const held = (q as unknown as { items: unknown[] }).items.filter((x) => (x as { t: string }).t === 'chunk');
    expect(held).toEqual([]);
  });

  it('lets a paused producer go when it ends, and does not resume it again as the writer drains', async () => {
    const events: string[] = [];
    const q = new ChunkQueue(3000, 1000, () => events.push('pause'), () => events.push('resume'));
    for (let i = 0; i < 2; i++) q.push({ t: 'chunk', buf: Buffer.alloc(1000) });
    // The last chunks of the result set fill the queue: the producer is paused...
    q.push({ t: 'chunk', buf: Buffer.alloc(1000) });
    q.push({ t: 'batchEnd', rows: 3, lastKey: 3n, bytes: 3000, suspect: 0 });
    expect(events).toEqual(['pause']);
    // ...and let go as it ends, with every item still there for the writer.
    q.end();
    expect(events).toEqual(['pause', 'resume']);
    const taken: string[] = [];
    for (;;) {
      const item = await q.shift();
      taken.push(item.t);
      if (item.t === 'end') break;
    }
    expect(taken).toEqual(['chunk', 'chunk', 'chunk', 'batchEnd', 'end']);
    expect(events).toEqual(['pause', 'resume']);
  });

  it('wakes a waiting consumer when an item arrives', async () => {
    const q = new ChunkQueue(10, 5, () => undefined, () => undefined);
    const next = q.shift();
    setTimeout(() => q.push({ t: 'batchEnd', rows: 1, lastKey: 7n, bytes: 3, suspect: 0 }), 5);
    expect(await next).toEqual({ t: 'batchEnd', rows: 1, lastKey: 7n, bytes: 3, suspect: 0 });
  });
});
