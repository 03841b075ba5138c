/**
 * Identifier quoting and table-name parsing for the two SQL dialects a sync speaks.
 * Every identifier that reaches SQL text goes through here; every value is a parameter
 * or a validated integer literal.
 */

export type DialectName = 'mysql' | 'postgres';

export function pgIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function myIdent(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

export function ident(dialect: DialectName, name: string): string {
  return dialect === 'mysql' ? myIdent(name) : pgIdent(name);
}

/** Expression text cast to a string, so exact values cross the driver untouched. */
export function asText(dialect: DialectName, expr: string): string {
  return dialect === 'mysql' ? `CAST(${expr} AS CHAR)` : `(${expr})::text`;
}

/** The dot-separated parts of a qualified name, unquoted; a quoted part may hold a dot. */
export function splitQualifiedName(name: string): string[] {
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
  return parts;
}

/** "schema.table" or "table"; a quoted part may hold a dot. */
export function splitTableName(name: string): { schema: string | null; table: string } {
  const parts = splitQualifiedName(name);
  if (parts.length === 1) return { schema: null, table: parts[0] };
  return { schema: parts.slice(0, -1).join('.'), table: parts[parts.length - 1] };
}

/** A key bound as SQL text: only ever a bigint, so it is safe to inline (COPY takes no parameters). */
export function keyLiteral(value: bigint): string {
  return value.toString(10);
}

/** A SQL string literal for PostgreSQL (standard_conforming_strings is on from 9.1). */
export function pgLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
