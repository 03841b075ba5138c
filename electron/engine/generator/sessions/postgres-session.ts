import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { openPostgres, type PostgresConnection } from '../../connections/postgres.js';
import { quotePg } from './quote.js';
import { CHUNK_ROWS, type SqlSession } from './sql-session.js';

export async function openPostgresSession(c: PostgresConnection): Promise<SqlSession> {
  const client = await openPostgres(c);
  // An idle client whose server goes away emits 'error'; without a listener that would crash the process.
  client.on('error', () => undefined);
  return {
    dialect: 'postgres',
    kind: 'postgres',
    quote: quotePg,
    async exec(sql) {
      await client.query(sql);
    },
    async query(sql) {
      return (await client.query(sql)).rows;
    },
    async loadTsv(table, columns, source, options = {}) {
      const stream = client.query(copyFrom(`COPY ${quotePg(table)} (${columns.map(quotePg).join(', ')}) FROM STDIN`));
      const done = finished(stream);
      done.catch(() => undefined);
      let rows = 0;
      try {
        for (;;) {
          const chunk = source.next(CHUNK_ROWS);
          if (!chunk) break;
          rows += chunk.rows;
          // One write per chunk (not per row): pg-copy-streams sends one CopyData message per write.
          if (!stream.write(chunk.text)) await once(stream, 'drain', { signal: options.signal });
          options.onRows?.(rows);
        }
        stream.end();
        await done;
      } catch (err) {
        // Destroying the stream makes the server abort the COPY, so nothing half-loaded stays.
        stream.destroy(err instanceof Error ? err : new Error(String(err)));
        await done.catch(() => undefined);
        throw err;
      }
      return { rows, method: 'copy' };
    },
    async close() {
      await client.end().catch(() => undefined);
    },
  };
}
