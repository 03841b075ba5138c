import { createRequire } from 'node:module';
import path from 'node:path';
import type Conf from 'conf';
import { ApiError } from '../../../shared/api/contract.js';

/**
 * The one settings file (profiles, workspace) shared by the desktop app and the headless
 * host: conf configured the way electron-store configures it (cwd = data folder, name
 * 'config', tab-indented JSON), so electron-store in the Electron shell reads the same file.
 * Values come back as unknown: each area validates its own keys with zod.
 */
export interface SettingsStore {
  readonly path: string;
  read(key: string): unknown;
  write(key: string, value: unknown): void;
  /** Why the file cannot be read right now, or null when it can. */
  problem(): string | null;
}

type Json = Record<string, unknown>;

/**
 * conf (with ajv) takes about 0.1 s to load, and a sync between two URLs never reads
 * the settings: it is required on the first read instead of imported with the engine.
 * require() of an ES module is synchronous on Node >= 20.19, as read() and write() are.
 */
let confClass: typeof Conf | null = null;
function loadConf(): typeof Conf {
  confClass ??= (createRequire(import.meta.url)('conf') as { default: typeof Conf }).default;
  return confClass;
}

export function openSettingsStore(dataDir: string): SettingsStore {
  let conf: Conf<Json> | null = null;
  const filePath = path.join(dataDir, 'config.json');

  const unreadable = (err: unknown): ApiError =>
    new ApiError(
      'internal',
      `The settings file ${filePath} cannot be read (${err instanceof Error ? err.message : String(err)}). ` +
        'Fix it or move it away; ETL Studio then starts with empty settings.',
    );

  // Opened on first use and retried after a failure, so fixing the file needs no restart.
  const open = (): Conf<Json> => {
    if (conf) return conf;
    try {
      conf = new (loadConf())<Json>({ cwd: dataDir, configName: 'config', configFileMode: 0o600 });
      return conf;
    } catch (err) {
      throw unreadable(err);
    }
  };

  return {
    path: filePath,
    read(key) {
      try {
        return open().get(key);
      } catch (err) {
        throw err instanceof ApiError ? err : unreadable(err);
      }
    },
    write(key, value) {
      try {
        open().set(key, value);
      } catch (err) {
        throw err instanceof ApiError ? err : unreadable(err);
      }
    },
    problem() {
      try {
        void open().store;
        return null;
      } catch (err) {
        return (err instanceof ApiError ? err : unreadable(err)).message;
      }
    },
  };
}
