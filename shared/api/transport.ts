import type { ApiErrorShape, EventName, EventPayload, MethodInput, MethodName, MethodOutput } from './contract.js';

/**
 * What a transport carries, whatever it is (Electron IPC or the WebSocket host).
 * Messages are plain JSON so both adapters stay generic.
 */
export type CallMessage = { type: 'call'; id: number; method: string; input: unknown };
export type ResultMessage =
  | { type: 'result'; id: number; ok: true; output: unknown }
  | { type: 'result'; id: number; ok: false; error: ApiErrorShape };
export type EventMessage = { type: 'event'; name: string; payload: unknown };
export type ServerMessage = ResultMessage | EventMessage;

/** The typed client the renderer uses as window.studio or over WebSocket. */
export interface StudioApi {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** The raw surface a transport gives: exposed by the preload, or built over a WebSocket. */
export interface RawTransport {
  invoke(method: string, input: unknown): Promise<{ ok: true; output: unknown } | { ok: false; error: ApiErrorShape }>;
  subscribe(listener: (name: string, payload: unknown) => void): () => void;
}
