import { ApiError, type SecretStorageInfo } from '../../shared/api/contract.js';
import { SecretUnreadableError, type SecretBox } from '../engine/secrets/secret-box.js';
import type { SecretReply, SecretRequest } from './port-protocol.js';

/**
 * The engine's SecretBox inside the utility process: Electron's safeStorage lives only
 * in main, so each encrypt/decrypt is a request over the port, answered by id.
 */
export function createPortSecretBox(
  info: SecretStorageInfo,
  post: (request: SecretRequest) => void,
): { box: SecretBox; receive(reply: SecretReply): void; failAll(reason: string): void } {
  let nextId = 1;
  const pending = new Map<number, { resolve(value: string): void; reject(err: Error): void }>();

  const ask = (op: SecretRequest['op'], value: string) =>
    new Promise<string>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      post({ type: 'secret-request', id, op, value });
    });

  return {
    box: {
      info,
      encrypt: (plain) => ask('encrypt', plain),
      decrypt: (cipher) => ask('decrypt', cipher),
    },
    receive(reply) {
      const waiter = pending.get(reply.id);
      if (!waiter) return;
      pending.delete(reply.id);
      if (reply.ok) waiter.resolve(reply.value);
      else if (reply.unreadable) waiter.reject(new SecretUnreadableError(reply.message));
      else waiter.reject(new ApiError('validation', reply.message));
    },
    failAll(reason) {
      for (const waiter of pending.values()) waiter.reject(new ApiError('internal', reason));
      pending.clear();
    },
  };
}
