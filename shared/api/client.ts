import { ApiError, type EventName, type EventPayload, type MethodInput, type MethodName, type MethodOutput } from './contract.js';
import type { RawTransport, StudioApi } from './transport.js';

/** Wraps a raw transport in the typed API; errors come back as ApiError. */
export function createStudioClient(transport: RawTransport): StudioApi {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  transport.subscribe((name, payload) => {
    const set = listeners.get(name);
    if (set) for (const listener of set) listener(payload);
  });
  return {
    async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
      const reply = await transport.invoke(method, input);
      if (!reply.ok) throw new ApiError(reply.error.code, reply.error.message, reply.error.issues);
      return reply.output as MethodOutput<M>;
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
  };
}
