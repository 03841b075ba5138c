import type { Engine } from '../engine/api/engine.js';
import type { SecretBox } from '../engine/secrets/secret-box.js';
import { eventMessage, handleCall } from '../host/api-frames.js';
import { mainToUtilitySchema, type UtilityToMain } from './port-protocol.js';
import { createPortSecretBox } from './port-secret-box.js';

/** The two ends this module needs from Electron's parentPort (or a MessagePort in tests). */
export interface PortLike {
  onMessage(listener: (data: unknown) => void): void;
  post(message: UtilityToMain): void;
}

export type EngineFactory = (opts: { dataDir: string; host: 'electron'; secretBox: SecretBox; version: string }) => Promise<Engine>;

/**
 * Runs the engine behind a port: waits for init, answers calls with the same frames
 * as the WebSocket host, forwards every engine event, and closes on shutdown.
 * Calls that arrive before init finishes wait for the engine instead of failing.
 */
export function serveEngineOverPort(port: PortLike, createEngine: EngineFactory, onClosed: () => void): void {
  let engine: Promise<Engine> | null = null;
  let secrets: ReturnType<typeof createPortSecretBox> | null = null;
  let unsubscribe: (() => void) | null = null;

  port.onMessage((data) => {
    const parsed = mainToUtilitySchema.safeParse(data);
    if (!parsed.success) return; // main is our own code; a malformed message is a bug, not a request
    const message = parsed.data;
    switch (message.type) {
      case 'init': {
        if (engine) return;
        secrets = createPortSecretBox(message.secretStorage, (request) => port.post(request));
        engine = createEngine({ dataDir: message.dataDir, host: 'electron', secretBox: secrets.box, version: message.version });
        engine.then(
          (e) => {
            unsubscribe = e.subscribe((name, payload) => port.post(eventMessage(name, payload) as UtilityToMain));
            port.post({ type: 'ready' });
          },
          (err: unknown) => port.post({ type: 'fatal', message: err instanceof Error ? err.message : String(err) }),
        );
        return;
      }
      case 'call': {
        const call = message;
        if (!engine) {
          port.post({ type: 'result', id: call.id, ok: false, error: { code: 'internal', message: 'The engine has not been started yet.' } });
          return;
        }
        engine.then(
          (e) => handleCall(e, { type: 'call', id: call.id, method: call.method, input: call.input }).then((reply) => port.post(reply)),
          (err: unknown) =>
            port.post({ type: 'result', id: call.id, ok: false, error: { code: 'internal', message: `The engine failed to start: ${err instanceof Error ? err.message : String(err)}` } }),
        );
        return;
      }
      case 'secret-reply':
        secrets?.receive(message);
        return;
      case 'shutdown': {
        unsubscribe?.();
        secrets?.failAll('The app is closing.');
        const closing = engine ? engine.then((e) => e.close()) : Promise.resolve();
        closing.catch(() => undefined).finally(() => {
          port.post({ type: 'closed' });
          onClosed();
        });
        return;
      }
    }
  });
}
