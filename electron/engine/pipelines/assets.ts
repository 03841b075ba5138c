import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The app's bundled assets (templates, sample data). Found by walking up from this
 * module, which works from the sources (tests), from dist/ and from a packaged app;
 * ETL_STUDIO_ASSETS_DIR overrides it.
 */
export function findAssetsDir(): string | null {
  const fromEnv = process.env.ETL_STUDIO_ASSETS_DIR;
  if (fromEnv && existsSync(path.join(fromEnv, 'templates'))) return path.resolve(fromEnv);
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'assets');
    if (existsSync(path.join(candidate, 'templates'))) return candidate;
    const up = path.dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}
