import { z } from 'zod';

/**
 * The task catalog: every kind the palette offers, with the schema its config must
 * satisfy. Shared by the canvas (palette, side-panel forms), validation and the runner.
 * The config schemas live beside each kind in shared/pipeline/kinds/<kind>.ts.
 */

export const taskCategories = ['extract', 'sync', 'transform', 'load', 'file', 'sql', 'check'] as const;
export type TaskCategory = (typeof taskCategories)[number];

export interface TaskKindInfo {
  kind: string;
  label: string;
  description: string;
  category: TaskCategory;
  /** Validates (and fills defaults of) a task's config after parameter substitution. */
  configSchema: z.ZodType<Record<string, unknown>, Record<string, unknown>>;
  /** What the task reads from upstream tasks, in a sentence. */
  inputs: string;
  /** What it leaves for downstream tasks (files, tables, values). */
  outputs: string;
  /** Icon name the canvas maps to a glyph. */
  icon: string;
}

export type TaskCatalog = ReadonlyMap<string, TaskKindInfo>;

/**
 * TODO(task-kinds): replace each use with the kind's own `<camelKind>ConfigSchema` from
 * shared/pipeline/kinds/<kind>.ts once those files land. Until then a config is only
 * required to be an object, so no config error is invented here.
 */
const pendingSchema = z.record(z.string(), z.unknown());

type Entry = Omit<TaskKindInfo, 'configSchema'> & { configSchema?: TaskKindInfo['configSchema'] };

const entries: Entry[] = [
  { kind: 'sql.extract', label: 'SQL extract', category: 'extract', icon: 'database-export',
    description: 'Runs a SELECT on a source connection and streams the rows to a file in the run folder.',
    inputs: 'Optional values from upstream tasks (e.g. a watermark) usable in the query.',
    outputs: 'A CSV/NDJSON file of the rows, with the row count.' },
  { kind: 'sync.replicate', label: 'Replicate table', category: 'sync', icon: 'arrows-right-left',
    description: 'Incrementally copies new rows of a source table to the warehouse, advancing the watermark in the same transaction.',
    inputs: 'None.', outputs: 'The target table, rows inserted and the new watermark.' },
  { kind: 'sync.star', label: 'Load star schema', category: 'sync', icon: 'star',
    description: 'Incremental sync of new sales rows into DimDate, DimCategory, DimCountry and FactSales.',
    inputs: 'None.', outputs: 'FactSales and the dimensions, rows inserted, the last and new watermark.' },
  { kind: 'log.extract', label: 'Extract from web log', category: 'extract', icon: 'file-text',
    description: 'Parses Apache common/combined log lines (plain or .gz) and keeps the chosen fields; malformed lines go to quarantine.',
    inputs: 'A log file path.', outputs: 'A text file of the extracted fields and a quarantine file.' },
  { kind: 'transform.filter', label: 'Filter lines/rows', category: 'transform', icon: 'filter',
    description: 'Keeps or drops the rows/lines of an upstream file that match a condition.',
    inputs: 'The file of one upstream task.', outputs: 'The filtered file.' },
  { kind: 'transform.fields', label: 'Select fields', category: 'transform', icon: 'columns',
    description: 'Selects, renames or reorders the fields of an upstream file.',
    inputs: 'The file of one upstream task.', outputs: 'The reshaped file.' },
  { kind: 'load.table', label: 'Load table', category: 'load', icon: 'table',
    description: 'Loads an upstream file into a warehouse table with COPY.',
    inputs: 'The file of one upstream task.', outputs: 'The table and the rows loaded.' },
  { kind: 'file.write', label: 'Write file', category: 'file', icon: 'file-plus',
    description: 'Writes an upstream file to a chosen path.',
    inputs: 'The file of one upstream task.', outputs: 'The written file.' },
  { kind: 'file.archive', label: 'Archive files', category: 'file', icon: 'archive',
    description: 'Packs upstream files into a .tar or .tar.gz archive.',
    inputs: 'Files of upstream tasks.', outputs: 'The archive.' },
  { kind: 'sql.run', label: 'Run SQL', category: 'sql', icon: 'terminal',
    description: 'Runs SQL statements on a connection (ELT steps pushed down to the warehouse).',
    inputs: 'None.', outputs: 'Rows affected; the first row of the last statement as values.' },
  { kind: 'check.rowcount', label: 'Row-count check', category: 'check', icon: 'check-circle',
    description: 'Compares the row counts of tables in the source and the warehouse.',
    inputs: 'None.', outputs: 'Pass/fail with the numbers; fails the task on a mismatch.' },
  { kind: 'check.sql', label: 'SQL assertion', category: 'check', icon: 'shield-check',
    description: 'Runs a query that must return the expected value (or no rows).',
    inputs: 'None.', outputs: 'Pass/fail with the value; fails the task when the assertion does not hold.' },
];

export const taskKinds: readonly string[] = entries.map((e) => e.kind);

export const defaultCatalog: TaskCatalog = new Map(
  entries.map((e) => [e.kind, { ...e, configSchema: e.configSchema ?? pendingSchema }]),
);

export function catalogList(catalog: TaskCatalog = defaultCatalog): TaskKindInfo[] {
  return [...catalog.values()];
}

/** A catalog with extra or replaced kinds (tests, plug-ins), leaving the default untouched. */
export function extendCatalog(extra: readonly TaskKindInfo[], base: TaskCatalog = defaultCatalog): TaskCatalog {
  const out = new Map(base);
  for (const k of extra) out.set(k.kind, k);
  return out;
}
