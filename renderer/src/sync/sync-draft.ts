import { syncSettingsSchema, type SyncMode, type SyncSettingsInput } from '../../../shared/sync/sync.js';
import type { Workspace, WorkspaceUpdate } from '../../../shared/workspace/workspace.js';

/** The sync form as typed: text fields stay text until they validate, so nothing typed is lost. */
export interface SyncDraft {
  sourceProfileId: string;
  warehouseProfileId: string;
  mode: SyncMode;
  table: string;
  target: string;
  key: string;
  measure: string;
  batchRows: string;
  useQuery: boolean;
  query: string;
  fullCheck: boolean;
}

export function draftFromWorkspace(ws: Workspace): SyncDraft {
  return {
    sourceProfileId: ws.sourceProfileId ?? '',
    warehouseProfileId: ws.warehouseProfileId ?? '',
    mode: ws.sync.mode,
    table: ws.sync.table,
    target: ws.sync.target ?? '',
    key: ws.sync.key,
    measure: ws.sync.measure ?? '',
    batchRows: String(ws.sync.batchRows),
    useQuery: Boolean(ws.sync.query),
    query: ws.sync.query ?? '',
    fullCheck: ws.sync.fullCheck ?? false,
  };
}

function settingsInput(d: SyncDraft): SyncSettingsInput {
  const optional = (v: string): string | undefined => (v.trim() === '' ? undefined : v.trim());
  return {
    mode: d.mode,
    table: d.table,
    target: d.mode === 'replicate' ? optional(d.target) : undefined,
    key: d.key,
    measure: d.mode === 'replicate' ? optional(d.measure) : undefined,
    batchRows: d.batchRows.trim() === '' ? undefined : Number(d.batchRows),
    // An empty query is how a saved custom query is switched back to the built-in mapping.
    query: d.mode === 'star' ? (d.useQuery ? d.query.trim() : '') : undefined,
    fullCheck: d.fullCheck,
  };
}

export type DraftResult =
  | { ok: true; update: WorkspaceUpdate }
  | { ok: false; errors: Record<string, string> };

/** Validates the form with the contract's own schema; errors are keyed by field name. */
export function draftToUpdate(d: SyncDraft): DraftResult {
  const errors: Record<string, string> = {};
  if (d.batchRows.trim() !== '' && !/^\d+$/.test(d.batchRows.trim())) errors.batchRows = 'Batch rows must be a whole number';
  const parsed = syncSettingsSchema.safeParse(settingsInput(d));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? 'form');
      errors[field] ??= issue.message;
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return {
    ok: true,
    update: {
      sourceProfileId: d.sourceProfileId || null,
      warehouseProfileId: d.warehouseProfileId || null,
      sync: parsed.data,
    },
  };
}

/** The five columns a star query must yield, in this order or by these names. */
export const starColumns = [
  { name: 'orderid', hint: 'integer key that orders the rows (the watermark)' },
  { name: 'ts', hint: 'timestamp of the sale' },
  { name: 'category', hint: 'category name' },
  { name: 'country', hint: 'country name' },
  { name: 'amount', hint: 'sale amount' },
] as const;

export type StarMapping = Record<(typeof starColumns)[number]['name'], string> & { from: string };

export function starQueryFromMapping(m: StarMapping): string {
  const select = starColumns.map((c) => `  ${m[c.name].trim() || 'NULL'} AS ${c.name}`).join(',\n');
  return `SELECT\n${select}\nFROM ${m.from.trim() || 'sales_data'}`;
}
