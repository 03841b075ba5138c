import type { ConnectionRef } from '../../../shared/profiles/profile.js';
import type { ResolvedConnection } from '../connections/resolved.js';
import type { ProfileService } from '../profiles/profile-service.js';
import type { Emit, RunManager } from '../runs/run-manager.js';
import type { SecretBox } from '../secrets/secret-box.js';
import type { SettingsStore } from '../workspace/settings-store.js';
import type { WorkspaceService } from '../workspace/workspace-service.js';

/** What engine features (handlers, pipelines, the CLI) build on; one instance per engine. */
export interface EngineServices {
  readonly dataDir: string;
  readonly host: 'electron' | 'headless';
  readonly version: string;
  readonly secretBox: SecretBox;
  readonly settings: SettingsStore;
  readonly profiles: ProfileService;
  readonly runs: RunManager;
  readonly workspace: WorkspaceService;
  /** A profile id, a profile name, or a URL (mysql://, postgres://, pglite:PATH, db2://). */
  resolveConnection(ref: ConnectionRef | string): Promise<ResolvedConnection>;
  /** Sends a contract event to every subscriber of the engine. */
  readonly emit: Emit;
}
