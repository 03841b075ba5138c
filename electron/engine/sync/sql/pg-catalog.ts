import type { Family } from '../source/source.js';
import type { SqlRunner } from '../warehouse/warehouse.js';
import { pgIdent, splitTableName } from './quote.js';

/** Catalog look-ups shared by PostgreSQL/PGlite sources and warehouses. */

export interface PgTable {
  oid: string;
  schema: string;
  name: string;
  /** r, p (tables), v, m (views), f (foreign) */
  relkind: string;
  sql: string;
}

export interface PgColumn {
  name: string;
  /** format_type(), e.g. numeric(10,2) */
  type: string;
  typname: string;
  /** True when the type lives in pg_catalog, so a warehouse can name it too. */
  builtin: boolean;
  notNull: boolean;
  hasDefault: boolean;
  generated: boolean;
}

/**
 * Finds a table or view by name, case-insensitively (an exact match wins), in the
 * given schema or along the search path.
 */
export async function findPgTable(db: SqlRunner, name: string): Promise<PgTable | null> {
  const { schema, table } = splitTableName(name);
  const r = await db.query<{ oid: string; schema: string; name: string; relkind: string }>(
    `SELECT c.oid::text AS oid, n.nspname AS schema, c.relname AS name, c.relkind::text AS relkind
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND lower(c.relname) = lower($1)
       AND (CASE WHEN $2::text IS NULL THEN n.nspname = ANY (current_schemas(false)) ELSE lower(n.nspname) = lower($2::text) END)
     ORDER BY (c.relname = $1) DESC, array_position(current_schemas(false), n.nspname::text) NULLS LAST
     LIMIT 1`,
    [table, schema],
  );
  const t = r.rows[0];
  return t ? { ...t, sql: `${pgIdent(t.schema)}.${pgIdent(t.name)}` } : null;
}

export async function pgColumns(db: SqlRunner, oid: string): Promise<PgColumn[]> {
  const r = await db.query<{ name: string; type: string; typname: string; builtin: boolean; notnull: boolean; hasdefault: boolean; generated: boolean }>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, t.typname::text AS typname,
            (t.typnamespace = 'pg_catalog'::regnamespace) AS builtin, a.attnotnull AS notnull,
            (a.atthasdef OR a.attidentity <> '') AS hasdefault, (a.attgenerated <> '') AS generated
     FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
     WHERE a.attrelid = $1::oid AND a.attnum > 0 AND NOT a.attisdropped
     ORDER BY a.attnum`,
    [oid],
  );
  return r.rows.map((c) => ({
    name: c.name, type: c.type, typname: c.typname, builtin: c.builtin,
    notNull: c.notnull, hasDefault: c.hasdefault, generated: c.generated,
  }));
}

/** Columns that carry a unique index of their own (so ON CONFLICT (col) works). */
export async function pgUniqueColumns(db: SqlRunner, oid: string): Promise<Set<string>> {
  const r = await db.query<{ name: string }>(
    `SELECT a.attname AS name FROM pg_index i
     JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
     WHERE i.indrelid = $1::oid AND i.indisunique AND i.indnkeyatts = 1 AND i.indpred IS NULL AND i.indexprs IS NULL`,
    [oid],
  );
  return new Set(r.rows.map((x) => x.name));
}

export function pgFamily(typname: string): Family {
  switch (typname) {
    case 'int2': case 'int4': case 'int8':
      return 'integer';
    case 'numeric':
      return 'decimal';
    case 'float4': case 'float8':
      return 'float';
    case 'bool':
      return 'boolean';
    case 'bytea':
      return 'binary';
    case 'date':
      return 'date';
    case 'timestamp':
      return 'datetime';
    case 'timestamptz':
      return 'timestamptz';
    case 'time': case 'timetz': case 'interval':
      return 'time';
    case 'text': case 'varchar': case 'bpchar': case 'name': case 'json': case 'jsonb': case 'uuid': case 'citext':
      return 'text';
    default:
      return 'other';
  }
}
