import { z } from 'zod';
import { connectionField, type KindInfo } from './common.js';

const side = (label: string) => ({
  connection: connectionField(`${label} connection`),
  table: z.string().trim().max(256).default('').describe(`${label} table`),
  query: z.string().trim().max(100_000).default('').describe(`${label} query (instead of a table; its rows are counted)`),
});

export const checkRowcountConfigSchema = z.object({
  source: z.object(side('Source')).describe('Source'),
  warehouse: z.object(side('Warehouse')).describe('Warehouse'),
  tolerance: z.number().int().min(0).default(0).describe('Allowed difference in rows'),
}).superRefine((c, ctx) => {
  for (const key of ['source', 'warehouse'] as const) {
    const s = c[key];
    if (!s.table && !s.query) ctx.addIssue({ code: 'custom', path: [key, 'table'], message: 'Give a table or a query' });
    if (s.table && s.query) ctx.addIssue({ code: 'custom', path: [key, 'query'], message: 'Give a table or a query, not both' });
  }
});
export type CheckRowcountConfig = z.output<typeof checkRowcountConfigSchema>;

export const kindInfo: KindInfo = {
  kind: 'check.rowcount',
  label: 'Row-count check',
  description: 'Counts the rows of a table or query on two connections (source and warehouse) and fails when they differ by more than the tolerance.',
  category: 'check',
  inputs: 'None.',
  outputs: 'Pass/fail with both counts; fails the task on a mismatch.',
  icon: 'check-circle',
};
