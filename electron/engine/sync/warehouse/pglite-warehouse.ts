import path from 'node:path';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import { openPglite } from '../../connections/pglite.js';
import type { CopyFormat } from '../source/source.js';
import type { QueryResult, Warehouse, WarehouseTx } from './warehouse.js';

/**
 * A batch is one Blob in memory (PGlite has no streaming COPY), held twice while it is
 * copied into the WASM file system; 16 MiB keeps a sync's own footprint small.
 */
export const PGLITE_MAX_BATCH_BYTES = 16 * 1024 * 1024;

/** PGlite is one session per process, so target locks live in this process. */
const targetLocks = new Map<string, Promise<void>>();

type Runner = Pick<PGlite, 'query'> | Transaction;

async function query<R extends object>(db: Runner, text: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
  const r = await db.query<R>(text, params as unknown[] | undefined);
  return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
}

async function copyIn(db: Transaction, table: string, columns: readonly string[], chunks: AsyncIterable<Buffer>, format: CopyFormat = 'text'): Promise<number> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  const blob = new Blob(parts);
  parts.length = 0;
  const r = await db.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'${format === 'binary' ? ' (FORMAT binary)' : ''}`, [], { blob });
  return r.affectedRows ?? 0;
}

export async function openPgliteWarehouse(dir: string): Promise<Warehouse> {
  const db = await openPglite(dir);
  const version = await db.query<{ v: string }>('SELECT current_setting($1) AS v', ['server_version_num']);
  const lockPrefix = path.resolve(dir) + '\0';
  return {
    kind: 'pglite',
    serverVersionNum: Number(version.rows[0].v),
    maxBatchBytes: PGLITE_MAX_BATCH_BYTES,
    query: (text, params) => query(db, text, params),
    transaction(fn) {
      return db.transaction(async (t) => {
        const tx: WarehouseTx = {
          query: (text, params) => query(t, text, params),
          copyIn: (table, columns, chunks, format) => copyIn(t, table, columns, chunks, format),
        };
        return fn(tx);
      });
    },
    async lockTarget(target, onWait, signal) {
      const key = lockPrefix + target;
      const previous = targetLocks.get(key);
      let release!: () => void;
      const mine = new Promise<void>((resolve) => (release = resolve));
      const chain = (previous ?? Promise.resolve()).then(() => mine);
      targetLocks.set(key, chain);
      if (previous) {
        onWait();
        try {
          await new Promise<void>((resolve, reject) => {
            const stop = () => reject(signal.reason);
            if (signal.aborted) return stop();
            signal.addEventListener('abort', stop, { once: true });
            void previous.then(() => {
              signal.removeEventListener('abort', stop);
              resolve();
            });
          });
        } catch (err) {
          // Our place in the line is given up: whoever queued behind us goes on after the one before us.
          release();
          if (targetLocks.get(key) === chain) targetLocks.delete(key);
          throw err;
        }
      }
      return async () => {
        release();
        if (targetLocks.get(key) === chain) targetLocks.delete(key);
      };
    },
    // The instance is shared by everything in this process that uses the folder; closing is the owner's job.
    async close() {},
  };
}
