import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where things sit relative to this module. It runs compiled from dist/electron/host
 * (checkout or packaged app) or from source in tests (electron/host); either way the
 * project root is found, and Vite's output is <root>/dist/renderer.
 * ETL_STUDIO_RENDERER_DIR overrides the renderer folder.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const twoUp = path.resolve(here, '..', '..');
const compiled = path.basename(twoUp) === 'dist';

export function appRoot(): string {
  return compiled ? path.dirname(twoUp) : twoUp;
}

export function rendererDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ETL_STUDIO_RENDERER_DIR) return path.resolve(env.ETL_STUDIO_RENDERER_DIR);
  return path.join(appRoot(), 'dist', 'renderer');
}

export function rendererBuilt(dir: string = rendererDir()): boolean {
  return existsSync(path.join(dir, 'index.html'));
}
