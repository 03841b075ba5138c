import type { ApiErrorShape, EventName, EventPayload } from '../../../shared/api/contract.js';

/**
 * The engine as every host sees it (Electron utility process, headless host, tests):
 * generic dispatch of contract methods and one stream of contract events.
 */
export interface Engine {
  /** Validates input against the contract, runs the handler, validates nothing on the way out (trusted). */
  dispatch(method: string, input: unknown): Promise<{ ok: true; output: unknown } | { ok: false; error: ApiErrorShape }>;
  subscribe(listener: <E extends EventName>(name: E, payload: EventPayload<E>) => void): () => void;
  close(): Promise<void>;
}
