import { z } from 'zod';
import { connectionField, headerField, identifierField, inputField, optionalIdentifier, type KindInfo } from './common.js';

export const loadModes = ['append', 'upsert', 'replace'] as const;
export const columnTypes = ['text', 'bigint', 'integer', 'double precision', 'numeric', 'boolean', 'date', 'timestamptz', 'timestamp'] as const;

export const loadTableConfigSchema = z.object({
  connection: connectionField('Warehouse connection'),
  input: inputField(),
  schema: optionalIdentifier('Schema (empty: the default schema)'),
  table: identifierField('Table'),
  mode: z.enum(loadModes).default('append').describe('Append rows, upsert on key columns, or replace the table contents'),
  keyColumns: z.array(z.string().trim().min(1).max(128)).default([]).describe('Key columns (upsert)'),
  createTable: z.boolean().default(true).describe('Create the table when it does not exist'),
  inferTypes: z.boolean().default(true).describe('New table: guess column types from the first rows (else text)'),
  columnTypes: z.record(z.string(), z.enum(columnTypes)).default({}).describe('Column types for a new table (override the guess)'),
  header: headerField(),
  columns: z.array(z.string().trim().min(1).max(128)).default([]).describe('Column names for a file without a header (TXT: one name)'),
  chunkMiB: z.number().int().min(1).max(1024).default(16).describe('Embedded database: MiB loaded per COPY'),
}).superRefine((c, ctx) => {
  if (c.mode === 'upsert' && c.keyColumns.length === 0) ctx.addIssue({ code: 'custom', path: ['keyColumns'], message: 'Upsert needs at least one key column' });
});
export type LoadTableConfig = z.output<typeof loadTableConfigSchema>;

export const kindInfo: KindInfo = {
  kind: 'load.table',
  label: 'Load table',
  description: 'Loads an upstream TSV/CSV/TXT file into a warehouse table with COPY (append, upsert on key columns, or replace), creating the table when asked.',
  category: 'load',
  inputs: 'The file of one upstream task.',
  outputs: 'The table and the rows loaded.',
  icon: 'table',
};
