import { finished } from 'node:stream/promises';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { openPostgres, type PostgresConnection } from '../../connections/postgres.js';
import type { CopyFormat } from '../source/source.js';
import type { QueryResult, Warehouse, WarehouseTx } from './warehouse.js';

/** Two-key advisory lock namespace: 'ETLS' in ASCII, so our locks never collide with an app's. */
const LOCK_NAMESPACE = 0x45544c53;

async function query<R extends object>(client: pg.Client, text: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
  const r = await client.query(text, params as unknown[] | undefined);
  return { rows: r.rows as R[], rowCount: r.rowCount ?? 0 };
}

/** Resolves on 'drain'; a failure is seen through the stream's error listener, so 'close' ends the wait too. */
function drained(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}

/**
 * Resolves once the server has accepted the COPY (CopyInResponse). pg-copy-streams holds
 * writes until then and calls a write's callback when it flushes it, so an empty write
 * (an empty CopyData message, which the protocol allows) tells when that happened.
 */
function copyAccepted(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    const refused = (err: Error) => reject(err);
    stream.once('error', refused);
    stream.write(Buffer.alloc(0), () => {
      stream.off('error', refused);
      resolve();
    });
  });
}

/**
 * The socket a COPY's data is written to: pg-copy-streams writes each chunk straight to
 * `connection.stream`, pg's connection socket, as it has for years. Without it (another
 * pg), no chunk is given back and the collector frees them as before.
 */
function copySocket(stream: unknown): { readonly writableLength: number } | null {
  const socket = (stream as { connection?: { stream?: { writableLength?: unknown } } }).connection?.stream;
  return socket && typeof socket.writableLength === 'number' ? (socket as { readonly writableLength: number }) : null;
}

function giveBack(chunks: Buffer[], recycle: (chunk: Buffer) => void): void {
  for (const chunk of chunks) recycle(chunk);
  chunks.length = 0;
}

/**
 * Streams chunks into a COPY ... FROM STDIN, respecting the socket's backpressure.
 * The first chunk is asked for only once the server has accepted the COPY: a source
 * that starts reading on that request (mysql-source.ts) would otherwise flood this
 * process before PostgreSQL's answer is read, and the rows would wait for it in memory
 * (measured: 40-60 ms of a 100 k-row sync, the warehouse idle meanwhile).
 */
async function copyIn(
  client: pg.Client,
  table: string,
  columns: readonly string[],
  chunks: AsyncIterable<Buffer>,
  format: CopyFormat = 'text',
  recycle?: (chunk: Buffer) => void,
): Promise<number> {
  const stream = client.query(copyStreams.from(`COPY ${table} (${columns.join(', ')}) FROM STDIN${format === 'binary' ? ' (FORMAT binary)' : ''}`));
  let failed: Error | null = null;
  stream.on('error', (err: Error) => {
    failed ??= err;
  });
  try {
    await copyAccepted(stream);
    const socket = recycle ? copySocket(stream) : null;
    // Chunks written whose bytes may still wait in the socket's queue.
    const inSocket: Buffer[] = [];
    for await (const chunk of chunks) {
      if (failed) throw failed;
      const more = stream.write(chunk);
      if (socket) inSocket.push(chunk);
      if (!more) {
        await drained(stream);
      }
      // Every chunk written so far has gone through the stream into the socket (write
      // returned true, or the stream drained); with nothing queued there they are all sent.
      if (socket && socket.writableLength === 0) giveBack(inSocket, recycle!);
    }
    if (failed) throw failed;
    stream.end();
    await finished(stream);
    // The server has answered the COPY, so it has read every byte of it.
    if (recycle) giveBack(inSocket, recycle);
    return stream.rowCount;
  } catch (err) {
    // The server's own error (a COPY it refused, a duplicate key in the rows) has already
    // ended the COPY, and the session is ready for ROLLBACK: there is nothing to abandon
    // (and for a COPY refused before it began, the stream would never close). A failure on
    // this side (the source) leaves the server in the COPY: CopyFail, then wait until it
    // has let go.
    if (!failed && !stream.destroyed) {
      stream.destroy(err instanceof Error ? err : new Error(String(err)));
      await finished(stream).catch(() => undefined);
    }
    throw failed ?? err;
  }
}

export async function openPgWarehouse(c: PostgresConnection): Promise<Warehouse> {
  const client = await openPostgres(c);
  // A dead socket must reject the running query, not crash the process.
  client.on('error', () => undefined);
  /*
   * synchronous_commit off for this session: a commit returns before its WAL reaches
   * disk, so a server crash may lose the last few commits. For a sync that is safe: a
   * batch, its dimension members, quarantined rows, running totals and the watermark
   * commit together, so a lost commit takes the watermark back with its rows, and the
   * next run reads those source rows again (the source never moves on by itself).
   * Nothing is lost and nothing doubles; the wait for the WAL flush per batch is saved.
   */
  const version = await client.query<{ v: string }>(
    "SELECT current_setting('server_version_num') AS v, set_config('synchronous_commit', 'off', false) AS sc",
  );
  const tx: WarehouseTx = {
    query: (text, params) => query(client, text, params),
    copyIn: (table, columns, chunks, format, recycle) => copyIn(client, table, columns, chunks, format, recycle),
  };
  return {
    kind: 'postgres',
    serverVersionNum: Number(version.rows[0].v),
    maxBatchBytes: Number.POSITIVE_INFINITY,
    query: (text, params) => query(client, text, params),
    async transaction(fn) {
      await client.query('BEGIN');
      try {
        const out = await fn(tx);
        await client.query('COMMIT');
        return out;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    },
    async lockTarget(target, onWait, signal) {
      const tried = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [LOCK_NAMESPACE, target]);
      if (!tried.rows[0].ok) {
        onWait();
        // The blocking wait ends early only by closing the session, which the abort does.
        const stop = () => void client.end().catch(() => undefined);
        signal.addEventListener('abort', stop, { once: true });
        try {
          await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [LOCK_NAMESPACE, target]);
        } catch (err) {
          throw signal.aborted ? signal.reason : err;
        } finally {
          signal.removeEventListener('abort', stop);
        }
      }
      return async () => {
        await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LOCK_NAMESPACE, target]).catch(() => undefined);
      };
    },
    openSibling: () => openPgWarehouse(c),
    async close() {
      await client.end().catch(() => undefined);
    },
  };
}
