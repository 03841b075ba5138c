import { z } from 'zod';
import { connectionField, type KindInfo } from './common.js';

export const sqlRunConfigSchema = z.object({
  connection: connectionField('Connection'),
  sql: z.string().trim().min(1, 'SQL is required').max(1_000_000).describe('SQL statements (separated by ;)'),
  transaction: z.boolean().default(true).describe('Run all statements in one transaction'),
});
export type SqlRunConfig = z.output<typeof sqlRunConfigSchema>;

export const kindInfo: KindInfo = {
  kind: 'sql.run',
  label: 'Run SQL',
  description: 'Runs SQL statements on a connection (ELT steps pushed down to the warehouse) and logs the rows each one affected.',
  category: 'sql',
  inputs: 'None.',
  outputs: 'Rows affected; the first row of the last statement as values.',
  icon: 'terminal',
};
