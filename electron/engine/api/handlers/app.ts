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
        // Loaded here, not at start: its optional driver is found by import(), which keeps its module off the CLI's code cache.
        db2DriverAvailable: await (await import('../../connections/db2.js')).db2DriverAvailable(),
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
