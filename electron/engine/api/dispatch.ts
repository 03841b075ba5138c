import { isMethodName, methods, type ApiErrorShape, type MethodName } from '../../../shared/api/contract.js';
import { toApiErrorShape, zodIssues } from './errors.js';
import type { HandlerTable } from './handlers/handler.js';

export type DispatchReply = { ok: true; output: unknown } | { ok: false; error: ApiErrorShape };

/** The generic edge: unknown method, input checked against the contract, handler errors mapped. */
export async function dispatch(table: HandlerTable, method: string, input: unknown): Promise<DispatchReply> {
  if (!isMethodName(method)) return { ok: false, error: { code: 'not_found', message: `Unknown method "${method}".` } };
  const parsed = methods[method].input.safeParse(input ?? {});
  if (!parsed.success) {
    return { ok: false, error: { code: 'validation', message: `Invalid input for ${method}.`, issues: zodIssues(parsed.error) } };
  }
  // The contract ties each method's parsed input to its handler; the table's type guarantees the pairing.
  const handler = table[method] as (input: unknown) => Promise<unknown>;
  try {
    return { ok: true, output: await handler(parsed.data) };
  } catch (err) {
    return { ok: false, error: toApiErrorShape(err) };
  }
}

export type { MethodName };
