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

export const workspaceUpdateSchema = z.object({
  name: z.string().min(1).max(200).optional(),
  sourceProfileId: z.string().nullable().optional(),
  warehouseProfileId: z.string().nullable().optional(),
  sync: syncSettingsSchema.partial().optional(),
  demoOffered: z.boolean().optional(),
});
export type WorkspaceUpdate = z.input<typeof workspaceUpdateSchema>;
