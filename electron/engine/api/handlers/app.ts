import { db2DriverAvailable } from '../../connections/db2.js';
import type { EngineServices } from '../services.js';
import type { HandlerTable } from './handler.js';

export function appHandlers(s: EngineServices): HandlerTable<'app.info'> {
  return {
    async 'app.info'() {
      return {
        version: s.version,
        host: s.host,
        dataDir: s.dataDir,
        secretStorage: s.secretBox.info,
        db2DriverAvailable: await db2DriverAvailable(),
        problems: await problems(s),
      };
    },
  };
}

/** Everything stored that cannot be used as it is, each said once. */
async function problems(s: EngineServices): Promise<string[]> {
  const out = new Set<string>();
  const storeProblem = s.settings.problem();
  if (storeProblem) return [storeProblem];
  for (const p of await s.profiles.problems()) out.add(p);
  for (const p of s.workspace.problems()) out.add(p);
  return [...out];
}
