import type { EngineServices } from '../services.js';
import type { Area, HandlerTable } from './handler.js';

export function runHandlers(s: EngineServices): HandlerTable<Area<'runs'>> {
  return {
    'runs.cancel': async ({ runId }) => ({ cancelled: s.runs.cancel(runId) }),
    'runs.history': ({ limit }) => s.runs.history(limit),
    'runs.get': ({ runId }) => s.runs.get(runId),
    'runs.logs': ({ runId, offset, limit }) => s.runs.logs(runId, offset, limit),
  };
}
