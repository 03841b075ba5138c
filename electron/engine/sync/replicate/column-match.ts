import { ApiError } from '../../../../shared/api/contract.js';
import { FieldKind } from '../copy/copy-encoder.js';
import type { PgColumn } from '../sql/pg-catalog.js';
import type { SourceColumn } from '../source/source.js';

export interface ColumnPair {
  source: SourceColumn;
  target: PgColumn;
  /** How the MySQL bytes of this column are encoded for this target type. */
  kind: FieldKind;
}

export interface ColumnMatch {
  /** Key first, then the rest in the target's order. */
  pairs: ColumnPair[];
  /** Target columns no source column feeds: they keep their defaults. */
  defaultsKept: string[];
  /** Source columns with nowhere to go. */
  sourceOnly: string[];
}

export function kindFor(source: SourceColumn, target: PgColumn): FieldKind {
  switch (source.family) {
    case 'date':
      return FieldKind.date;
    case 'datetime':
    case 'timestamptz':
      return target.typname === 'timestamptz' ? FieldKind.dateTz : FieldKind.date;
    case 'binary':
      return target.typname === 'bytea' ? FieldKind.binary : FieldKind.text;
    case 'integer':
      return target.typname === 'bool' ? FieldKind.bool : FieldKind.plain;
    case 'decimal':
    case 'float':
      return FieldKind.plain;
    default:
      return FieldKind.text;
  }
}

/** Matches columns by name, case-insensitively, the way a user reads two tables side by side. */
export function matchColumns(
  sourceColumns: SourceColumn[],
  targetColumns: PgColumn[],
  key: SourceColumn,
  names: { source: string; target: string },
): ColumnMatch {
  const byName = new Map(sourceColumns.map((c) => [c.name.toLowerCase(), c]));
  const used = new Set<string>();
  const pairs: ColumnPair[] = [];
  const defaultsKept: string[] = [];
  for (const t of targetColumns) {
    const s = t.generated ? undefined : byName.get(t.name.toLowerCase());
    if (!s) {
      if (t.generated) continue;
      if (t.notNull && !t.hasDefault) {
        throw new ApiError(
          'validation',
          `Warehouse column ${names.target}.${t.name} is NOT NULL and has no default, and source table ${names.source} has no column ${t.name} to fill it`,
        );
      }
      defaultsKept.push(t.name);
      continue;
    }
    used.add(s.name);
    const pair = { source: s, target: t, kind: kindFor(s, t) };
    if (s === key) pairs.unshift(pair);
    else pairs.push(pair);
  }
  if (!used.has(key.name)) {
    throw new ApiError('validation', `Warehouse table ${names.target} has no column ${key.name} for the key`);
  }
  const sourceOnly = sourceColumns.filter((c) => !used.has(c.name)).map((c) => c.name);
  return { pairs, defaultsKept, sourceOnly };
}

const MEASURE_NAMES = ['quantity', 'amount', 'price', 'total', 'qty', 'value'];
const NUMERIC = new Set(['integer', 'decimal', 'float']);
/** Warehouse types sum() takes: a MySQL tinyint(1) may well land in a boolean column. */
const NUMERIC_TARGET = new Set(['int2', 'int4', 'int8', 'numeric', 'float4', 'float8']);

/** The measure the reconciliation sums: the one asked for, or the likeliest common numeric column. */
export function chooseMeasure(pairs: ColumnPair[], asked: string | undefined, names: { source: string; target: string }): ColumnPair | null {
  const candidates = pairs.slice(1).filter((p) => NUMERIC.has(p.source.family) && NUMERIC_TARGET.has(p.target.typname));
  if (asked) {
    const p = pairs.find((x) => x.source.name.toLowerCase() === asked.toLowerCase());
    if (!p) throw new ApiError('validation', `Measure column ${asked} is not a column of both ${names.source} and ${names.target}`);
    if (!NUMERIC.has(p.source.family)) throw new ApiError('validation', `Measure column ${asked} must be numeric (it is ${p.source.type})`);
    if (!NUMERIC_TARGET.has(p.target.typname)) {
      throw new ApiError('validation', `Measure column ${asked} must be numeric in the warehouse too (${names.target}.${p.target.name} is ${p.target.type})`);
    }
    return p;
  }
  for (const n of MEASURE_NAMES) {
    const p = candidates.find((x) => x.source.name.toLowerCase() === n);
    if (p) return p;
  }
  return candidates.find((x) => x.source.family !== 'float') ?? candidates[0] ?? null;
}
