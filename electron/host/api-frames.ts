import { z } from 'zod';
import { isMethodName, type ApiErrorShape } from '../../shared/api/contract.js';
import type { CallMessage, EventMessage, ResultMessage } from '../../shared/api/transport.js';
import type { Engine } from '../engine/api/engine.js';

/**
 * The frames every transport (the WebSocket host, the Electron utility port) carries,
 * checked at the edge: anything that is not a well-formed call gets an error reply.
 */
export const callMessageSchema = z.object({
  type: z.literal('call'),
  id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  method: z.string().min(1).max(200),
  input: z.unknown(),
});

function errorReply(id: number, error: ApiErrorShape): ResultMessage {
  return { type: 'result', id, ok: false, error };
}

/** Parses one text frame; a bad frame yields the reply to send instead. */
export function parseCallFrame(text: string): { ok: true; call: CallMessage } | { ok: false; reply: ResultMessage } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reply: errorReply(-1, { code: 'validation', message: 'The message is not valid JSON.' }) };
  }
  const parsed = callMessageSchema.safeParse(value);
  if (!parsed.success) {
    const id = typeof (value as { id?: unknown } | null)?.id === 'number' ? (value as { id: number }).id : -1;
    return {
      ok: false,
      reply: errorReply(id, {
        code: 'validation',
        message: 'The message is not a call: expected {"type":"call","id":<number>,"method":<string>,"input":...}.',
        issues: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
      }),
    };
  }
  return { ok: true, call: parsed.data as CallMessage };
}

/** Runs a call on the engine; never throws, whatever the engine does. */
export async function handleCall(engine: Engine, call: CallMessage): Promise<ResultMessage> {
  if (!isMethodName(call.method)) {
    return errorReply(call.id, { code: 'not_found', message: `Unknown method "${call.method}".` });
  }
  try {
    const reply = await engine.dispatch(call.method, call.input);
    return reply.ok
      ? { type: 'result', id: call.id, ok: true, output: reply.output }
      : errorReply(call.id, reply.error);
  } catch (err) {
    return errorReply(call.id, { code: 'internal', message: err instanceof Error ? err.message : String(err) });
  }
}

export function eventMessage(name: string, payload: unknown): EventMessage {
  return { type: 'event', name, payload };
}
