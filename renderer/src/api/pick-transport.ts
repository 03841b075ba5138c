import type { RawTransport } from '../../../shared/api/transport.js';
import { createWebSocketTransport, type StatusTransport } from './ws-transport.js';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in a plain browser. */
    studio?: RawTransport;
  }
}

/** The token the headless host printed, carried in the URL fragment so it never reaches a server log. */
export function tokenFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('token');
  return token && token.length > 0 ? token : null;
}

export function apiSocketUrl(location: Pick<Location, 'protocol' | 'host' | 'hash'>): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const token = tokenFromHash(location.hash) ?? '';
  return `${scheme}//${location.host}/api?token=${encodeURIComponent(token)}`;
}

/** In Electron the preload's IPC bridge never drops, so it is always "open". */
function alwaysOpen(raw: RawTransport): StatusTransport {
  return {
    invoke: (method, input) => raw.invoke(method, input),
    subscribe: (listener) => raw.subscribe(listener),
    status: () => 'open',
    onStatus: () => () => undefined,
    close: () => undefined,
  };
}

export function pickTransport(win: Window): StatusTransport {
  if (win.studio) return alwaysOpen(win.studio);
  return createWebSocketTransport({ url: apiSocketUrl(win.location) });
}

export function hasToken(win: Window): boolean {
  return Boolean(win.studio) || tokenFromHash(win.location.hash) !== null;
}
