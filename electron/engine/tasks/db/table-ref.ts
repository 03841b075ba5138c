import type { Db } from './open-db.js';

/** "schema.table" or "table" as quoted SQL for the db's dialect; a part may be quoted already. */
export function quoteTableRef(db: Pick<Db, 'ident'>, name: string): string {
  const parts: string[] = [];
  let cur = '';
  let quote: string | null = null;
  for (const ch of name.trim()) {
    if (quote) {
      if (ch === quote) quote = null;
      else cur += ch;
    } else if (ch === '"' || ch === '`') quote = ch;
    else if (ch === '.') {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  if (parts.some((p) => p === '')) throw new Error(`not a table name: ${name}`);
  return parts.map((p) => db.ident(p)).join('.');
}
