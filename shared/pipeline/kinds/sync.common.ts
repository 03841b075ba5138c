import { z } from 'zod';
import { connectionField } from './common.js';

/** The settings a sync task shares with the one-click sync (shared/sync/sync.ts), with connections. */
export const syncTaskFields = {
  source: connectionField('Source connection'),
  warehouse: connectionField('Warehouse connection'),
  table: z.string().trim().min(1).max(128).default('sales_data').describe('Source table'),
  key: z.string().trim().min(1).max(128).default('rowid').describe('Integer key column (carries the watermark)'),
  batchRows: z.number().int().min(1).max(10_000_000).default(200_000).describe('Rows per load transaction'),
  failOnCheck: z.boolean().default(true).describe('Fail the task when a reconciliation check does not match'),
};
