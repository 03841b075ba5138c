import { z } from 'zod';
import type { KindInfo } from './common.js';
import { syncTaskFields } from './sync.common.js';

export const syncStarConfigSchema = z.object({
  ...syncTaskFields,
  query: z.string().trim().max(100_000).default('')
    .describe('SELECT giving orderid, ts, category, country, amount (empty: the default sales mapping)'),
});
export type SyncStarConfig = z.output<typeof syncStarConfigSchema>;

export const kindInfo: KindInfo = {
  kind: 'sync.star',
  label: 'Load star schema',
  description: 'Incremental sync of new sales rows into DimDate, DimCategory, DimCountry and FactSales, the watermark advancing in the load transaction.',
  category: 'sync',
  inputs: 'None.',
  outputs: 'Rows inserted, the last and new watermark, and the reconciliation checks.',
  icon: 'star',
};
