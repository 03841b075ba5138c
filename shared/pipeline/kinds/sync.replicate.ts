import { z } from 'zod';
import type { KindInfo } from './common.js';
import { syncTaskFields } from './sync.common.js';

export const syncReplicateConfigSchema = z.object({
  ...syncTaskFields,
  target: z.string().trim().max(128).default('').describe('Warehouse table (empty: same name as the source)'),
  measure: z.string().trim().max(128).default('').describe('Column summed on both sides by the reconciliation check (optional)'),
});
export type SyncReplicateConfig = z.output<typeof syncReplicateConfigSchema>;

export const kindInfo: KindInfo = {
  kind: 'sync.replicate',
  label: 'Replicate table',
  description: 'Incrementally copies new rows of a source table to the warehouse, advancing the watermark in the same transaction.',
  category: 'sync',
  inputs: 'None.',
  outputs: 'Rows inserted, the last and new watermark, and the reconciliation checks.',
  icon: 'arrows-right-left',
};
