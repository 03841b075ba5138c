import { z } from 'zod';
import { connectionField, type KindInfo } from './common.js';

export const incrementalModes = ['none', 'warehouse-max', 'value'] as const;

export const sqlExtractConfigSchema = z.object({
  connection: connectionField('Source connection'),
  table: z.string().trim().max(256).default('').describe('Table (or give a query)'),
  query: z.string().trim().max(1_000_000).default('').describe('SELECT query (instead of a table)'),
  incrementalKey: z.string().trim().max(128).default('').describe('Incremental key column (empty: all rows)'),
  since: z.enum(incrementalModes).default('none').describe('Read rows whose key is above: nothing, the largest key in a warehouse table, or a given value'),
  warehouse: z.string().trim().max(4096).default('').describe('Warehouse connection (for "largest key in the warehouse")'),
  warehouseTable: z.string().trim().max(256).default('').describe('Warehouse table holding the key (schema.table allowed)'),
  sinceValue: z.string().trim().max(1000).default('').describe('Key value to start after (for "a given value")'),
  output: z.string().trim().max(4096).default('extract.tsv').describe('Output file (name in the task folder, or an absolute path; .tsv or .csv)'),
}).superRefine((c, ctx) => {
  if (!c.table && !c.query) ctx.addIssue({ code: 'custom', path: ['table'], message: 'Give a table or a query' });
  if (c.table && c.query) ctx.addIssue({ code: 'custom', path: ['query'], message: 'Give a table or a query, not both' });
  if (c.since !== 'none' && !c.incrementalKey) ctx.addIssue({ code: 'custom', path: ['incrementalKey'], message: 'An incremental read needs the key column' });
  if (c.since === 'warehouse-max' && (!c.warehouse || !c.warehouseTable)) {
    ctx.addIssue({ code: 'custom', path: [!c.warehouse ? 'warehouse' : 'warehouseTable'], message: 'Reading the last key from the warehouse needs the warehouse connection and table' });
  }
  if (c.since === 'value' && !c.sinceValue) ctx.addIssue({ code: 'custom', path: ['sinceValue'], message: 'Give the value to start after' });
});
export type SqlExtractConfig = z.output<typeof sqlExtractConfigSchema>;

export const kindInfo: KindInfo = {
  kind: 'sql.extract',
  label: 'SQL extract',
  description: 'Streams the rows of a table or query (optionally only those with a key above the last loaded one) into a TSV/CSV file.',
  category: 'extract',
  inputs: 'None.',
  outputs: 'A TSV/CSV file of the rows, the row count, and the last and new key values.',
  icon: 'database-export',
};
