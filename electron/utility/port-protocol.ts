import { z } from 'zod';
import { secretStorageSchema } from '../../shared/api/contract.js';
import { callMessageSchema } from '../host/api-frames.js';

/**
 * Messages between Electron main and the engine's utility process. Calls, results and
 * events are the very JSON shapes of the WebSocket host (shared/api/transport.ts);
 * the rest starts the engine, stops it, and lets the engine ask main (which owns
 * safeStorage) to encrypt or decrypt a password. Both ends validate what they receive.
 */

export const initMessageSchema = z.object({
  type: z.literal('init'),
  dataDir: z.string().min(1),
  version: z.string(),
  secretStorage: secretStorageSchema,
});

export const secretReplySchema = z.discriminatedUnion('ok', [
  z.object({ type: z.literal('secret-reply'), id: z.number().int(), ok: z.literal(true), value: z.string() }),
  z.object({
    type: z.literal('secret-reply'),
    id: z.number().int(),
    ok: z.literal(false),
    /** The value exists but cannot be decrypted (another key or backend), as opposed to "cannot encrypt at all". */
    unreadable: z.boolean(),
    message: z.string(),
  }),
]);

export const mainToUtilitySchema = z.union([
  initMessageSchema,
  callMessageSchema,
  secretReplySchema,
  z.object({ type: z.literal('shutdown') }),
]);
export type MainToUtility = z.infer<typeof mainToUtilitySchema>;
export type SecretReply = z.infer<typeof secretReplySchema>;

const apiErrorShape = z.object({
  code: z.string(),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

export const secretRequestSchema = z.object({
  type: z.literal('secret-request'),
  id: z.number().int(),
  op: z.enum(['encrypt', 'decrypt']),
  value: z.string(),
});
export type SecretRequest = z.infer<typeof secretRequestSchema>;

export const utilityToMainSchema = z.union([
  z.object({ type: z.literal('result'), id: z.number().int(), ok: z.literal(true), output: z.unknown() }),
  z.object({ type: z.literal('result'), id: z.number().int(), ok: z.literal(false), error: apiErrorShape }),
  z.object({ type: z.literal('event'), name: z.string(), payload: z.unknown() }),
  secretRequestSchema,
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('fatal'), message: z.string() }),
  z.object({ type: z.literal('closed') }),
]);
export type UtilityToMain = z.infer<typeof utilityToMainSchema>;
