import { randomBytes } from 'node:crypto';
import { ApiError } from '../../../../shared/api/contract.js';
import type { SyncSettings } from '../../../../shared/sync/sync.js';
import type { ModeRun } from '../mode.js';
import { findPgTable, pgColumns, pgUniqueColumns, type PgTable } from '../sql/pg-catalog.js';
import { binaryKindFor, type BinaryKind } from '../copy/binary-copy-encoder.js';
import { ident, keyLiteral, pgIdent, splitTableName } from '../sql/quote.js';
import { hasRowsAbove } from '../sql/rows-above.js';
import { buildPendingKey, markKeyPending, pendingKey } from '../state/pending-key.js';
import type { Source, SourceColumn, SourceTable } from '../source/source.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { chooseMeasure, matchColumns } from './column-match.js';

/**
 * Replicate mode: the coursework's automation.py done right. Newer source rows are
 * appended to a warehouse table keyed on the source key; columns match by name.
 */

/**
 * Creates the missing target from the source's columns. Its primary key is promised,
 * not built: the load goes faster into a table without one, and the key is built once
 * the rows are in (state/pending-key.ts). Another sync creating it at the same moment
 * waits on the lock and then finds it there.
 */
async function createTarget(wh: Warehouse, name: string, table: SourceTable, key: SourceColumn): Promise<void> {
  const { schema, table: tname } = splitTableName(name);
  const qualified = schema ? `${pgIdent(schema)}.${pgIdent(tname)}` : pgIdent(tname);
  const cols = table.columns.map((c) => `${pgIdent(c.name)} ${c.pgType}${c === key ? ' NOT NULL' : ''}`);
  await wh.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [CREATE_LOCK, name]);
    if (schema) await tx.query(`CREATE SCHEMA IF NOT EXISTS ${pgIdent(schema)}`);
    const exists = await tx.query<{ x: boolean }>('SELECT to_regclass($1) IS NOT NULL AS x', [qualified]);
    if (exists.rows[0].x) return;
    await tx.query(`CREATE TABLE ${qualified} (${cols.join(', ')})`);
    const made = await tx.query<{ label: string }>(
      `SELECT n.nspname || '.' || c.relname AS label FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = $1::regclass`,
      [qualified],
    );
    await markKeyPending(tx, made.rows[0].label, key.name);
  });
}

const CREATE_LOCK = 0x45544c43; // 'ETLC'

export async function planReplicate(
  source: Source,
  wh: Warehouse,
  settings: SyncSettings,
  log: (message: string) => void,
  /** Resolves once the warehouse's state tables are in place; the source is read meanwhile. */
  stateReady: Promise<void> = Promise.resolve(),
): Promise<ModeRun> {
  // The source and the warehouse are described side by side, each on its own connection.
  const existing = stateReady.then(async () => {
    const t = await findPgTable(wh, settings.target ?? settings.table);
    return t ? { t, columns: await pgColumns(wh, t.oid), unique: await pgUniqueColumns(wh, t.oid) } : null;
  });
  const [st, found] = await Promise.all([source.describeTable(settings.table), existing]);
  const key = st.columns.find((c) => c.name.toLowerCase() === settings.key.toLowerCase());
  if (!key) throw new ApiError('validation', `Source table ${st.name} has no column ${settings.key}`);
  if (key.family !== 'integer') {
    throw new ApiError('validation', `Key column must be an integer: ${st.name}.${key.name} is ${key.type}`);
  }
  const targetName = settings.target ?? st.name;
  let created = false;
  let tt: PgTable | null = found?.t ?? null;
  if (!tt) {
    await createTarget(wh, targetName, st, key);
    created = true;
    tt = await findPgTable(wh, targetName);
    if (!tt) throw new ApiError('internal', `Warehouse table ${targetName} was created but cannot be found`);
  }
  if (tt.relkind !== 'r' && tt.relkind !== 'p') {
    throw new ApiError('validation', `Warehouse object ${tt.schema}.${tt.name} is not a table (a view?); choose a table as the target`);
  }
  const target = tt;
  const targetLabel = `${target.schema}.${target.name}`;
  const names = { source: st.name, target: targetLabel };
  const match = matchColumns(st.columns, found?.columns ?? (await pgColumns(wh, target.oid)), key, names);
  const unique = found?.unique ?? (await pgUniqueColumns(wh, target.oid));
  const keyPair = match.pairs[0];
  const tKey = pgIdent(keyPair.target.name);
  const keyUnique = unique.has(keyPair.target.name);
  // Set when this run created the table, or an earlier one did and stopped before building its key.
  const keyPending = keyUnique ? null : await pendingKey(wh, targetLabel);
  const measure = chooseMeasure(match.pairs, settings.measure, names);
  const d = source.dialect;
  const sKey = ident(d, key.name);

  const notes: string[] = [...st.warnings];
  if (created) notes.push(`Warehouse table ${targetLabel} did not exist and was created from the source's columns, keyed on ${key.name}`);
  if (match.sourceOnly.length) notes.push(`Source columns with no warehouse column, not copied: ${match.sourceOnly.join(', ')}`);
  if (!measure) notes.push('No numeric column common to both tables, so no sum is reconciled');
  if (keyPending) notes.push(`The primary key of ${targetLabel} on ${keyPending} is built once the rows are in (a sort, faster than an index kept up to date row by row)`);
  else if (!keyUnique) notes.push(`Warehouse column ${targetLabel}.${keyPair.target.name} has no unique index; retried rows are skipped by an anti-join instead of ON CONFLICT`);

  const columns = match.pairs.map((p) => pgIdent(p.target.name));
  // COPY BINARY when every column has an exact binary form (source.ts, ExtractSpec.binaryKinds).
  const binaryKinds = match.pairs.map((p) => binaryKindFor(p.source.family, p.target.typname));
  const binary = source.kind === 'mysql' && binaryKinds.every((k): k is BinaryKind => k !== null) ? binaryKinds : undefined;
  const textOnly = match.pairs.filter((_, i) => binaryKinds[i] === null).map((p) => `${p.source.name} -> ${p.target.type}`);
  const copyHow = binary
    ? 'COPY BINARY'
    : source.kind === 'mysql' ? `COPY text (no binary form for ${textOnly.join(', ')})` : 'COPY text';
  const stage = pgIdent(`etl_stage_${randomBytes(4).toString('hex')}`);
  let path: 'direct' | 'merge' = 'direct';

  const mergeSql = keyUnique
    ? `INSERT INTO ${target.sql} (${columns.join(', ')}) SELECT ${columns.join(', ')} FROM ${stage} ON CONFLICT (${tKey}) DO NOTHING`
    : `INSERT INTO ${target.sql} (${columns.join(', ')}) SELECT ${columns.map((c) => `s.${c}`).join(', ')} FROM ${stage} s
       WHERE NOT EXISTS (SELECT 1 FROM ${target.sql} t WHERE t.${tKey} = s.${tKey})`;

  const tm = measure ? pgIdent(measure.target.name) : null;
  const range = (lower: bigint | null, upper: bigint | null) => {
    const parts = [lower === null ? null : `${tKey} > ${keyLiteral(lower)}`, upper === null ? null : `${tKey} <= ${keyLiteral(upper)}`].filter(Boolean);
    return parts.length ? ` WHERE ${parts.join(' AND ')}` : '';
  };

  return {
    mode: 'replicate',
    target: targetLabel,
    keyColumn: keyPair.target.name,
    maxKeySql: `SELECT max(${tKey})::text FROM ${target.sql}`,
    extract: {
      select: match.pairs.map((p) => ident(d, p.source.name)),
      from: st.sql,
      key: sKey,
      keyIndex: 0,
      kinds: match.pairs.map((p) => p.kind),
      binaryKinds: binary,
    },
    labels: match.pairs.map((p) => p.source.name),
    totals: {
      sourceFrom: st.sql,
      sourceKey: sKey,
      sourceMeasure: measure ? ident(d, measure.source.name) : null,
      warehouseSql: (lower, upper) =>
        `SELECT count(*) AS n, ${tm ? `coalesce(sum(${tm}), 0)::numeric` : '0::numeric'} AS s FROM ${target.sql}${range(lower, upper)}`,
      sumLabel: measure ? `sum(${measure.source.name})` : null,
      warehouseNote: null,
      approximate: measure?.source.family === 'float',
      fingerprint: JSON.stringify(['replicate', st.sql, key.name, measure?.source.name ?? null, measure?.target.name ?? null]),
      describe: `table ${st.name}`,
    },

    async prepare({ lower: watermark }) {
      if (!(await hasRowsAbove(wh, target.sql, tKey, watermark))) return `Load path: ${copyHow} straight into ${targetLabel} (no rows above the watermark, so none can collide)`;
      path = 'merge';
      return `Load path: ${copyHow} into a staging table, then INSERT ... ${keyUnique ? `ON CONFLICT (${keyPair.target.name}) DO NOTHING` : 'WHERE NOT EXISTS (anti-join)'} (${targetLabel} already holds rows above the watermark)`;
    },

    async loader(session) {
      if (path === 'direct') {
        let copied = 0;
        return {
          async load(tx, batch) {
            try {
              copied = await tx.copyIn(target.sql, columns, batch.chunks, batch.format, batch.recycle);
            } catch (err) {
              if ((err as { code?: string }).code === '23505') {
                throw new ApiError(
                  'conflict',
                  `Rows with keys above the watermark appeared in ${targetLabel} while this sync was loading (another writer?). The committed batches are kept; run the sync again and it will merge.`,
                );
              }
              throw err;
            }
          },
          async apply() {
            return { inserted: copied, rejected: 0 };
          },
          async close() {},
        };
      }
      // A temporary table is the session's own, so every session gets one under the same name;
      // a batch's rows live only in its transaction, and the commit empties it in place.
      await session.query(`CREATE TEMP TABLE ${stage} ON COMMIT DELETE ROWS AS SELECT ${columns.join(', ')} FROM ${target.sql} WITH NO DATA`);
      return {
        async load(tx, batch) {
          await tx.copyIn(stage, columns, batch.chunks, batch.format, batch.recycle);
        },
        async apply(tx) {
          const r = await tx.query(mergeSql);
          return { inserted: r.rowCount, rejected: 0 };
        },
        async close() {
          await session.query(`DROP TABLE IF EXISTS ${stage}`).catch(() => undefined);
        },
      };
    },

    finish: keyPending ? () => buildPendingKey(wh, targetLabel, target.sql, keyPending) : undefined,

    defaultsKept: match.defaultsKept,
    notes,
  };
}
