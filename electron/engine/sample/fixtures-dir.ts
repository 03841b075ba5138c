import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The shipped SoftCart sample (assets/sample-data/softcart), found from this module's
 * own location by walking up to the folder that holds package.json. That works from
 * the TypeScript sources under vitest and from dist/ after tsc alike.
 */
export function defaultSoftcartFixturesDir(from: string = path.dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'assets', 'sample-data', 'softcart');
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Cannot find the application folder (package.json) above ${from}`);
    dir = parent;
  }
}
