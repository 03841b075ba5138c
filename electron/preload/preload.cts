/**
 * The renderer's only door to the app: window.studio = { invoke, subscribe }, the
 * RawTransport of shared/api/transport.ts. Sandboxed preloads are CommonJS and may
 * require nothing but 'electron', so the channel names are repeated here
 * (see electron/main/ipc/channels.ts). No ipcRenderer, no event objects, no Node.
 */
import { contextBridge, ipcRenderer } from 'electron';

const CALL_CHANNEL = 'studio:call';
const EVENT_CHANNEL = 'studio:event';

type Listener = (name: string, payload: unknown) => void;
const listeners = new Set<Listener>();

ipcRenderer.on(EVENT_CHANNEL, (_event, name: unknown, payload: unknown) => {
  if (typeof name !== 'string') return;
  for (const listener of listeners) {
    try {
      listener(name, payload);
    } catch (err) {
      console.error('ETL Studio event listener failed', err);
    }
  }
});

contextBridge.exposeInMainWorld('studio', {
  invoke(method: string, input: unknown): Promise<unknown> {
    return ipcRenderer.invoke(CALL_CHANNEL, String(method), input);
  },
  subscribe(listener: Listener): () => void {
    if (typeof listener !== 'function') throw new TypeError('subscribe needs a function');
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
});
