import { splitQualifiedName } from '../../sync/sql/quote.js';
import type { Db } from './open-db.js';

/** "schema.table" or "table" as quoted SQL for the db's dialect; a part may be quoted already. */
export function quoteTableRef(db: Pick<Db, 'ident'>, name: string): string {
  const parts = splitQualifiedName(name);
  if (parts.some((p) => p === '')) throw new Error(`not a table name: ${name}`);
  return parts.map((p) => db.ident(p)).join('.');
}
