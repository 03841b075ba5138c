import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db, Queryable } from '../db/open-db.js';
import type { Transaction } from '@electric-sql/pglite';
import { rechunk } from './copy-chunks.js';

export interface CopyTarget {
  /** Quoted, qualified table name. */
  table: string;
  /** Quoted column names. */
  columns: string[];
  format: 'text' | 'csv';
}

function copySql(t: CopyTarget, source: string): string {
  return `COPY ${t.table} (${t.columns.join(', ')}) FROM ${source} WITH (FORMAT ${t.format})`;
}

/**
 * COPYs chunks into a table inside the caller's transaction and returns the rows
 * copied. PostgreSQL streams with backpressure (memory stays flat); PGlite has no
 * streaming COPY, so it gets bounded pieces of `pgliteChunkBytes`, one COPY each.
 */
export async function copyInto(
  db: Db,
  q: Queryable & { pgliteTx?: Transaction },
  target: CopyTarget,
  chunks: AsyncIterable<Buffer>,
  opts: { pgliteChunkBytes: number; signal: AbortSignal; onRows?: (rows: number) => void },
): Promise<number> {
  if (db.raw.kind === 'postgres') {
    const sink = db.raw.client.query(copyFrom(copySql(target, 'STDIN')));
    await pipeline(Readable.from(chunks), sink, { signal: opts.signal });
    const rows = Number(sink.rowCount ?? 0);
    opts.onRows?.(rows);
    return rows;
  }
  if (db.raw.kind === 'pglite') {
    const tx = q.pgliteTx;
    if (!tx) throw new Error('internal: PGlite COPY must run inside a transaction');
    let rows = 0;
    for await (const piece of rechunk(chunks, opts.pgliteChunkBytes)) {
      opts.signal.throwIfAborted();
      const res = await tx.query(copySql(target, "'/dev/blob'"), [], { blob: new Blob([piece]) });
      rows += res.affectedRows ?? res.rowCount ?? 0;
      opts.onRows?.(rows);
    }
    return rows;
  }
  throw new Error('connection: loading with COPY needs PostgreSQL or the embedded database');
}
