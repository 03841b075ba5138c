import type { SqlSession } from './sql-session.js';

function literal(session: SqlSession, text: string): string {
  const quoted = text.replace(/'/g, "''");
  // MySQL treats backslash as an escape in strings; PostgreSQL (standard_conforming_strings) does not.
  return `'${session.dialect === 'mysql' ? quoted.replace(/\\/g, '\\\\') : quoted}'`;
}

/** Whether a table exists in the session's current database (MySQL) or schema (PostgreSQL). */
export async function tableExists(session: SqlSession, table: string): Promise<boolean> {
  const scope = session.dialect === 'mysql' ? 'DATABASE()' : 'current_schema()';
  const rows = await session.query(
    `SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = ${scope} AND table_name = ${literal(session, table)}`,
  );
  return Number(rows[0]?.n ?? 0) > 0;
}

export async function countRows(session: SqlSession, table: string): Promise<number> {
  const rows = await session.query(`SELECT COUNT(*) AS n FROM ${session.quote(table)}`);
  return Number(rows[0]?.n ?? 0);
}
