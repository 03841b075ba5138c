import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { contentSecurityPolicy, securityHeaders } from '../host/csp.js';
import { findStaticFile } from '../host/static-files.js';
import { APP_HOST, APP_SCHEME } from './ipc/sender-policy.js';

/** The renderer's CSP inside Electron: no WebSocket, the API goes through the preload. */
export const electronCsp = contentSecurityPolicy();

/**
 * Development with a Vite dev server only: its React refresh preamble is an inline
 * script and hot reload needs its WebSocket. Never used by a packaged app.
 */
export function devServerCsp(devOrigin: string): string {
  const ws = devOrigin.replace(/^http/, 'ws');
  return contentSecurityPolicy({ connectSrc: [devOrigin, ws] }).replace("script-src 'self'", `script-src 'self' 'unsafe-inline' ${devOrigin}`);
}

/**
 * The renderer is served from app://renderer/ rather than file://, so it has a real
 * origin (IPC senders are checked against it), file:// reads are impossible, and
 * every response carries the CSP. Must run before app 'ready'.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/** Serves the built renderer folder, with the same traversal rules as the headless host. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return new Response('Not found', { status: 404 });
    const file = await findStaticFile(rendererDir, url.pathname);
    if (!file) return new Response('Not found', { status: 404, headers: securityHeaders(electronCsp) });
    return new Response(await readFile(file.file), {
      status: 200,
      headers: { ...securityHeaders(electronCsp), 'Content-Type': file.mimeType },
    });
  });
}
