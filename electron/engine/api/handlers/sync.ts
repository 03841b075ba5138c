import { ApiError } from '../../../../shared/api/contract.js';
import type { ConnectionRef } from '../../../../shared/profiles/profile.js';
import { syncSettingsSchema, type CheckResult, type SyncResult, type SyncSettings } from '../../../../shared/sync/sync.js';
import { describeConnection } from '../../connections/resolved.js';
import type { EngineServices } from '../services.js';
import { connectionLabel, secretsOf } from './connection-label.js';
import type { Area, HandlerTable } from './handler.js';

export function checkLine(c: CheckResult): string {
  return `${c.ok ? 'PASS' : 'FAIL'} ${c.name}: source ${c.source}, warehouse ${c.warehouse}`;
}

/** The one-click default: the workspace's profiles and its sync settings. */
function workspaceRequest(s: EngineServices): { source: ConnectionRef; warehouse: ConnectionRef; settings: SyncSettings } {
  const ws = s.workspace.get();
  const issues: { path: string; message: string }[] = [];
  if (!ws.sourceProfileId) issues.push({ path: 'sourceProfileId', message: 'Choose the source database of the workspace' });
  if (!ws.warehouseProfileId) issues.push({ path: 'warehouseProfileId', message: 'Choose the warehouse database of the workspace' });
  if (!ws.sourceProfileId || !ws.warehouseProfileId) {
    throw new ApiError(
      'validation',
      'The workspace has no source or warehouse database yet: choose both in the workspace settings (or create the demo) before syncing.',
      issues,
    );
  }
  return { source: { profileId: ws.sourceProfileId }, warehouse: { profileId: ws.warehouseProfileId }, settings: ws.sync };
}

export function syncHandlers(s: EngineServices): HandlerTable<Area<'sync'>> {
  return {
    async 'sync.start'({ request }) {
      let plan: { source: ConnectionRef; warehouse: ConnectionRef; settings: SyncSettings };
      if (request) {
        const { source, warehouse, ...settings } = request;
        plan = { source, warehouse, settings };
      } else {
        plan = workspaceRequest(s);
      }
      const [source, warehouse] = await Promise.all([s.resolveConnection(plan.source), s.resolveConnection(plan.warehouse)]);
      const title = `Sync ${await connectionLabel(s, plan.source, source)} → ${await connectionLabel(s, plan.warehouse, warehouse)}`;
      const settings = plan.settings;

      const { runId } = s.runs.start<SyncResult>(
        'sync',
        title,
        async (ctx) => {
          ctx.log('info', `Sync (${settings.mode}) of ${settings.table} from ${describeConnection(source)} to ${describeConnection(warehouse)}`);
          // Loaded on first use: the engine starts (and the CLI answers --help) without the sync's drivers.
          const { runSync } = await import('../../sync/run-sync.js');
          const result = await runSync({ source, warehouse, settings }, ctx);
          // The log ends with the checks, so its last lines say whether the warehouse matches.
          for (const check of result.checks) ctx.log(check.ok ? 'info' : 'error', checkLine(check));
          return result;
        },
        (record, result) => {
          record.sync = result;
          const failed = result.checks.filter((c) => !c.ok);
          if (failed.length > 0) {
            record.status = 'failed';
            record.error = `${failed.length} check${failed.length === 1 ? '' : 's'} failed: ${failed.map((c) => c.name).join(', ')}`;
          }
        },
        { secrets: secretsOf(source, warehouse) },
      );
      return { runId };
    },
    'sync.defaults': async () => syncSettingsSchema.parse({}),
  };
}
