import os from 'node:os';
import path from 'node:path';

/**
 * The one data folder shared by the CLI, the headless host and the Electron app
 * (main sets app.setPath('userData') to it), so profiles and run history are the same
 * whichever way the engine is started. Order: explicit flag, ETL_STUDIO_DATA_DIR,
 * then the platform's config folder (XDG_CONFIG_HOME honoured on Linux).
 */
export const DATA_DIR_NAME = 'etl-studio';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = os.homedir();
  switch (platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', DATA_DIR_NAME);
    case 'win32':
      return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), DATA_DIR_NAME);
    default: {
      const xdg = env.XDG_CONFIG_HOME;
      // The XDG spec says a relative value is invalid and must be ignored.
      const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(home, '.config');
      return path.join(base, DATA_DIR_NAME);
    }
  }
}

export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return path.resolve(flag);
  if (env.ETL_STUDIO_DATA_DIR) return path.resolve(env.ETL_STUDIO_DATA_DIR);
  return defaultDataDir(env);
}
