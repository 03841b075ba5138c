import path from 'node:path';
import { syncSettingsSchema } from '../../../shared/sync/sync.js';
import type { Workspace } from '../../../shared/workspace/workspace.js';
import { openPglite } from '../connections/pglite.js';
import type { ProfileService } from '../profiles/profile-service.js';
import { DEFAULT_WORKSPACE_NAME, type WorkspaceService } from './workspace-service.js';

export const DEMO_SOURCE_NAME = 'Demo source (embedded)';
export const DEMO_WAREHOUSE_NAME = 'Demo warehouse (embedded)';
export const DEMO_DEFAULT_ROWS = 20_000;
/** The same seed every time, so every student's demo shows the same numbers. */
export const DEMO_SEED = 42;

/** The demo's embedded profile under its reserved name, created or pointed back at the demo folder. */
async function demoProfile(profiles: ProfileService, name: string, folder: string): Promise<string> {
  const existing = await profiles.findByName(name);
  if (existing?.kind === 'pglite' && path.resolve(existing.path) === folder) return existing.id;
  const saved = await profiles.save({ id: existing?.id, name, kind: 'pglite', path: folder });
  return saved.id;
}

async function salesRows(folder: string): Promise<number> {
  const db = await openPglite(folder);
  const present = await db.query<{ present: boolean }>("SELECT to_regclass('public.sales_data') IS NOT NULL AS present");
  if (!present.rows[0]?.present) return 0;
  const count = await db.query<{ n: string }>('SELECT count(*)::text AS n FROM sales_data');
  return Number(count.rows[0]?.n ?? 0);
}

/**
 * The first-start demo: an embedded source seeded by the generator and an empty embedded
 * warehouse, so "Sync now" works before the user has a database of their own. Reopening
 * keeps the data already there.
 */
export async function createDemo(
  deps: { dataDir: string; profiles: ProfileService; workspace: WorkspaceService },
  rows?: number,
): Promise<Workspace> {
  const sourceDir = path.resolve(deps.dataDir, 'demo', 'source');
  const warehouseDir = path.resolve(deps.dataDir, 'demo', 'warehouse');
  const sourceProfileId = await demoProfile(deps.profiles, DEMO_SOURCE_NAME, sourceDir);
  const warehouseProfileId = await demoProfile(deps.profiles, DEMO_WAREHOUSE_NAME, warehouseDir);

  if ((await salesRows(sourceDir)) === 0) {
    const { generateSoftcart } = await import('../generator/softcart.js');
    await generateSoftcart({ rows: rows ?? DEMO_DEFAULT_ROWS, seed: DEMO_SEED, into: { kind: 'pglite', path: sourceDir } });
  }
  await openPglite(warehouseDir); // created now, so the first sync does not pay for initdb

  const current = deps.workspace.get();
  return deps.workspace.replace({
    ...current,
    // A workspace the user never named takes the demo's name, so the header says where they are.
    name: current.name === DEFAULT_WORKSPACE_NAME ? 'Demo workspace' : current.name,
    sourceProfileId,
    warehouseProfileId,
    sync: syncSettingsSchema.parse({ mode: 'star' }),
    isDemo: true,
    demoOffered: true,
  });
}
