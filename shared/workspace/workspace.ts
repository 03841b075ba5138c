import { z } from 'zod';
import { syncSettingsSchema } from '../sync/sync.js';

export const workspaceSchema = z.object({
  name: z.string().min(1).max(200),
  sourceProfileId: z.string().nullable(),
  warehouseProfileId: z.string().nullable(),
  sync: syncSettingsSchema,
  /** True when the workspace runs on the embedded demo databases. */
  isDemo: z.boolean(),
  /** First start: the app offers the demo until the user takes it or dismisses it. */
  demoOffered: z.boolean(),
});
export type Workspace = z.infer<typeof workspaceSchema>;

/**
 * Only the sync settings that were sent: `.partial()` would fill in every default and so
 * overwrite the saved settings the update did not mention.
 */
const s = syncSettingsSchema.shape;
export const syncSettingsPatchSchema = z.object({
  mode: s.mode.unwrap().optional(),
  table: s.table.unwrap().optional(),
  target: s.target,
  key: s.key.unwrap().optional(),
  query: s.query,
  measure: s.measure,
  batchRows: s.batchRows.unwrap().optional(),
  fullCheck: s.fullCheck,
});

export const workspaceUpdateSchema = z.object({
  name: z.string().min(1).max(200).optional(),
  sourceProfileId: z.string().nullable().optional(),
  warehouseProfileId: z.string().nullable().optional(),
  sync: syncSettingsPatchSchema.optional(),
  demoOffered: z.boolean().optional(),
});
export type WorkspaceUpdate = z.input<typeof workspaceUpdateSchema>;
