import { ApiError } from '../../shared/api/api-error.js';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/api/contract.js';
import type { Engine } from '../engine/api/engine.js';
import type { EngineServices } from '../engine/api/services.js';
import { appVersion } from './version.js';

/**
 * The engine as a command uses it: typed calls through the same contract the UI uses
 * (so the CLI validates exactly like the app), with errors thrown as ApiError.
 */
export interface EngineSession {
  engine: Engine;
  /** The engine's services, for what the contract does not offer (e.g. URLs instead of saved profiles). */
  services: EngineServices;
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
}

export function sessionFor(engine: Engine & { services: EngineServices }): EngineSession {
  return {
    engine,
    services: engine.services,
    async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
      const reply = await engine.dispatch(method, input);
      if (!reply.ok) throw new ApiError(reply.error.code, reply.error.message, reply.error.issues);
      return reply.output as MethodOutput<M>;
    },
  };
}

/** Opens the engine on the data folder, runs fn, and always closes the engine. */
export async function withEngine<T>(dataDir: string, fn: (session: EngineSession) => Promise<T>): Promise<T> {
  // Loaded lazily so --help and usage errors answer at once, without the database drivers.
  const { createEngine } = await import('../engine/api/create-engine.js');
  const engine = await createEngine({ dataDir, host: 'headless', version: appVersion() });
  try {
    return await fn(sessionFor(engine));
  } finally {
    await engine.close();
  }
}
