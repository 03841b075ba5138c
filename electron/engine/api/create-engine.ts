import path from 'node:path';
import type { EventName, EventPayload } from '../../../shared/api/contract.js';
import { closeAllPglite } from '../connections/pglite.js';
import type { PipelineFeatureOptions } from '../pipelines/handlers.js';
import { createProfileService } from '../profiles/profile-service.js';
import { createRunManager } from '../runs/run-manager.js';
import { createKeyFileSecretBox } from '../secrets/key-file.js';
import type { SecretBox } from '../secrets/secret-box.js';
import { openSettingsStore } from '../workspace/settings-store.js';
import { createWorkspaceService } from '../workspace/workspace-service.js';
import { dispatch } from './dispatch.js';
import type { Engine } from './engine.js';
import { createHandlers } from './handlers/index.js';
import type { HandlerTable } from './handlers/handler.js';
import { lazyPipelineFeature } from './lazy-pipelines.js';
import type { EngineServices } from './services.js';

type Listener = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

export interface CreateEngineOptions {
  dataDir: string;
  host: 'electron' | 'headless';
  /** The Electron shell passes one backed by safeStorage; headless hosts get the 0600 key file. */
  secretBox?: SecretBox;
  version?: string;
  /** Options of the pipelines feature (task kinds loader, assets folder, catalog). */
  pipelines?: PipelineFeatureOptions;
  /** Fire cron schedules while the engine lives: long-lived hosts (the app, `serve`), not one-shot CLI commands. */
  startSchedules?: boolean;
  /** More handlers (a feature's own table) spread over the core ones. */
  extraHandlers?: (services: EngineServices) => Partial<HandlerTable>;
}

/** The engine over one data folder: settings, secrets, run history, and the API dispatch. */
export async function createEngine(
  opts: CreateEngineOptions,
): Promise<Engine & { services: EngineServices }> {
  const dataDir = path.resolve(opts.dataDir);
  const secretBox = opts.secretBox ?? (await createKeyFileSecretBox(dataDir));
  const listeners = new Set<Listener>();
  const emit: Listener = (name, payload) => {
    for (const listener of listeners) {
      try {
        listener(name, payload);
      } catch {
        // One broken subscriber (a closed window) must not stop the others or the run.
      }
    }
  };

  const settings = openSettingsStore(dataDir);
  const profiles = createProfileService({ store: settings, secretBox });
  const workspace = createWorkspaceService({
    store: settings,
    profileExists: (id) => {
      const raw = settings.read('profiles');
      return Array.isArray(raw) && raw.some((p) => typeof p === 'object' && p !== null && (p as { id?: unknown }).id === id);
    },
  });
  const runs = createRunManager({ dataDir, emit });
  const services: EngineServices = {
    dataDir,
    host: opts.host,
    version: opts.version ?? 'dev',
    secretBox,
    settings,
    profiles,
    runs,
    workspace,
    resolveConnection: (ref) => profiles.resolve(ref),
    emit,
  };
  const pipelines = lazyPipelineFeature(async () => {
    const { createPipelineFeature } = await import('../pipelines/handlers.js');
    return createPipelineFeature(services, opts.pipelines);
  });
  const table: HandlerTable = { ...createHandlers(services, pipelines), ...(opts.extraHandlers?.(services) ?? {}) };
  if (opts.startSchedules) (await pipelines.load()).startSchedules();
  let closing: Promise<void> | null = null;

  return {
    services,
    dispatch: (method, input) => dispatch(table, method, input),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closing ??= (async () => {
        await pipelines.close(); // no schedule may start a run while the run manager closes
        await runs.close();
        await closeAllPglite();
        listeners.clear();
      })();
      return closing;
    },
  };
}
