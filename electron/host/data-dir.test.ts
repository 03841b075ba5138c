import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir, resolveDataDir } from './data-dir.js';

describe('data folder', () => {
  it('prefers the flag, then ETL_STUDIO_DATA_DIR, then the config folder', () => {
    const env = { ETL_STUDIO_DATA_DIR: '/tmp/from-env', XDG_CONFIG_HOME: '/tmp/xdg' };
    expect(resolveDataDir('/tmp/from-flag', env)).toBe('/tmp/from-flag');
    expect(resolveDataDir(undefined, env)).toBe('/tmp/from-env');
    expect(resolveDataDir(undefined, { XDG_CONFIG_HOME: '/tmp/xdg' })).toBe(
      process.platform === 'linux' ? '/tmp/xdg/etl-studio' : defaultDataDir({ XDG_CONFIG_HOME: '/tmp/xdg' }),
    );
  });

  it('follows XDG on Linux and ignores a relative XDG_CONFIG_HOME', () => {
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/home/u/cfg' }, 'linux')).toBe('/home/u/cfg/etl-studio');
    expect(defaultDataDir({ XDG_CONFIG_HOME: 'relative/cfg' }, 'linux')).toBe(path.join(os.homedir(), '.config', 'etl-studio'));
    expect(defaultDataDir({}, 'linux')).toBe(path.join(os.homedir(), '.config', 'etl-studio'));
  });

  it('uses the folders Electron uses on macOS and Windows', () => {
    expect(defaultDataDir({}, 'darwin')).toBe(path.join(os.homedir(), 'Library', 'Application Support', 'etl-studio'));
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32')).toBe(path.join('C:\\Users\\u\\AppData\\Roaming', 'etl-studio'));
  });

  it('makes a relative flag absolute, so the engine never depends on the working folder', () => {
    expect(resolveDataDir('rel/dir', {})).toBe(path.resolve('rel/dir'));
  });
});
