import { ApiError, type EventName, type EventPayload, type MethodInputParsed, type MethodName, type MethodOutput } from '../../../shared/api/contract.js';
import type { ConnectionStatus, StatusTransport } from '../api/ws-transport.js';

export type Handlers = { [M in MethodName]?: (input: MethodInputParsed<M>) => MethodOutput<M> | Promise<MethodOutput<M>> };

/**
 * A stand-in for the network at the transport boundary only: the UI, its stores and the
 * typed client above it are the real ones. Handlers answer like the engine would.
 */
export function createFakeTransport(handlers: Handlers) {
  const listeners = new Set<(name: string, payload: unknown) => void>();
  const statusListeners = new Set<(s: ConnectionStatus) => void>();
  const calls: { method: string; input: unknown }[] = [];
  let status: ConnectionStatus = 'open';

  const transport: StatusTransport = {
    async invoke(method, input) {
      calls.push({ method, input });
      const handler = (handlers as Record<string, ((input: unknown) => unknown) | undefined>)[method];
      if (!handler) return { ok: false, error: { code: 'not_found', message: `No fake handler for ${method}` } };
      try {
        return { ok: true, output: await handler(input) };
      } catch (e) {
        if (e instanceof ApiError) return { ok: false, error: e.toJSON() };
        return { ok: false, error: { code: 'internal', message: e instanceof Error ? e.message : String(e) } };
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    status: () => status,
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    close() {},
  };

  return {
    transport,
    calls,
    callsTo(method: MethodName) {
      return calls.filter((c) => c.method === method);
    },
    emit<E extends EventName>(name: E, payload: EventPayload<E>) {
      for (const l of listeners) l(name, payload);
    },
    setStatus(next: ConnectionStatus) {
      status = next;
      for (const l of statusListeners) l(next);
    },
  };
}
