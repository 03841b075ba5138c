import { z } from 'zod';
import { connectionRefSchema } from '../profiles/profile.js';

export const syncModes = ['replicate', 'star'] as const;
export type SyncMode = (typeof syncModes)[number];

const identifier = z.string().trim().min(1).max(128);

/** The settings of a sync, without the connections: what a workspace keeps as its default. */
export const syncSettingsSchema = z.object({
  mode: z.enum(syncModes).default('replicate'),
  /** Source table (replicate) or the base table of the default star mapping. */
  table: identifier.default('sales_data'),
  /** Warehouse table for replicate mode; defaults to the source table's name. */
  target: identifier.optional(),
  /** Integer key column that orders the source rows and carries the watermark. */
  key: identifier.default('rowid'),
  /**
   * Star mode: a SELECT yielding orderid, ts, category, country, amount (in that
   * order or by those names). Without it the generator's schema mapping is used.
   */
  query: z.string().max(100_000).optional(),
  /** Column summed on both sides by the reconciliation check (replicate mode). */
  measure: identifier.optional(),
  /** Rows per load transaction; memory stays bounded whatever the table size. */
  batchRows: z.coerce.number().int().min(1).max(10_000_000).default(200_000),
  /**
   * Count both tables whole after this sync (rows and sum up to the watermark); default
   * false. Without it a sync checks its own key range and running totals, so its cost
   * follows the new rows; a full recount still runs on a target's first sync and
   * whenever the stored totals are missing.
   */
  fullCheck: z.boolean().optional(),
});
export type SyncSettings = z.output<typeof syncSettingsSchema>;
export type SyncSettingsInput = z.input<typeof syncSettingsSchema>;

export const syncRequestSchema = syncSettingsSchema.extend({
  source: connectionRefSchema,
  warehouse: connectionRefSchema,
});
export type SyncRequest = z.output<typeof syncRequestSchema>;
export type SyncRequestInput = z.input<typeof syncRequestSchema>;

export const checkResultSchema = z.object({
  name: z.string(),
  /** Exact decimal text, so sums of big numerics survive JSON. */
  source: z.string(),
  warehouse: z.string(),
  ok: z.boolean(),
});
export type CheckResult = z.infer<typeof checkResultSchema>;

export const syncResultSchema = z.object({
  mode: z.enum(syncModes),
  /** The watermark before the run (the coursework's "last row id"); null on an empty warehouse. */
  lastRowid: z.number().nullable(),
  /** Source rows above the watermark, counted in the read snapshot. */
  newRows: z.number(),
  /** Rows that landed in the warehouse in this run. */
  inserted: z.number(),
  /** The watermark after the run. */
  watermark: z.number().nullable(),
  batches: z.number(),
  checks: z.array(checkResultSchema),
  /** Target columns that had no source column and kept their defaults. */
  defaultsKept: z.array(z.string()),
  /** Things the sync adapted or coerced, said plainly (zero dates, time zone, ...). */
  notes: z.array(z.string()),
  sourceTimeZone: z.string().nullable(),
  /** From connecting to both databases to the checks' verdict: the whole wait for the result. */
  durationMs: z.number(),
  rowsPerSecond: z.number(),
});
export type SyncResult = z.infer<typeof syncResultSchema>;

export const sampleLoadResultSchema = z.object({
  sourceTable: z.string(),
  sourceRows: z.number(),
  warehouseTable: z.string(),
  warehouseRows: z.number(),
  /** What the loader changed to make the coursework files load (collation, header spaces, ...). */
  adaptations: z.array(z.string()),
});
export type SampleLoadResult = z.infer<typeof sampleLoadResultSchema>;
