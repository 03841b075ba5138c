import type { EngineServices } from '../services.js';
import type { Area, HandlerTable } from './handler.js';

export function workspaceHandlers(s: EngineServices): HandlerTable<Area<'workspace'>> {
  return {
    'workspace.get': async () => s.workspace.get(),
    'workspace.update': async (change) => s.workspace.update(change),
    'workspace.createDemo': async ({ rows }) => {
      // Loaded on use: the demo brings the embedded database (PGlite).
      const { createDemo } = await import('../../workspace/demo.js');
      return createDemo({ dataDir: s.dataDir, profiles: s.profiles, workspace: s.workspace }, rows);
    },
  };
}
