import { openPglite } from '../../connections/pglite.js';
import { quotePg } from './quote.js';
import { CHUNK_ROWS, type SqlSession } from './sql-session.js';

/** PGlite has no streaming COPY: each COPY takes a whole Blob, so rows go in bounded pieces. */
const BLOB_ROWS = 100_000;
const BLOB_BYTES = 8 * 1024 * 1024;

export async function openPgliteSession(path: string): Promise<SqlSession> {
  const db = await openPglite(path);
  return {
    dialect: 'postgres',
    kind: 'pglite',
    quote: quotePg,
    async exec(sql) {
      await db.exec(sql);
    },
    async query(sql) {
      return (await db.query<Record<string, unknown>>(sql)).rows;
    },
    async loadTsv(table, columns, source, options = {}) {
      const sql = `COPY ${quotePg(table)} (${columns.map(quotePg).join(', ')}) FROM '/dev/blob'`;
      let rows = 0;
      let exhausted = false;
      while (!exhausted) {
        options.signal?.throwIfAborted();
        const parts: string[] = [];
        let pieceRows = 0;
        let bytes = 0;
        while (pieceRows < BLOB_ROWS && bytes < BLOB_BYTES) {
          const chunk = source.next(Math.min(CHUNK_ROWS, BLOB_ROWS - pieceRows));
          if (!chunk) {
            exhausted = true;
            break;
          }
          parts.push(chunk.text);
          pieceRows += chunk.rows;
          bytes += chunk.text.length;
        }
        if (pieceRows === 0) break;
        await db.query(sql, [], { blob: new Blob(parts) });
        rows += pieceRows;
        options.onRows?.(rows);
      }
      return { rows, method: 'copy-blob' };
    },
    async close() {
      // The instance is shared by the whole process (one owner per folder).
    },
  };
}
