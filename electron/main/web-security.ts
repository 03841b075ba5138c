import { shell, type Session, type WebContents } from 'electron';
import { securityHeaders } from '../host/csp.js';
import { isExternalHttpUrl } from './ipc/sender-policy.js';

/**
 * Session-wide guards: the CSP on every response (also for a dev server, which sets
 * none), and no permission (camera, notifications, ...) for web content: the OS
 * services the app needs are used by main, not by the page.
 */
export function secureSession(session: Session, csp: string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...(details.responseHeaders ?? {}) };
    for (const [name, value] of Object.entries(securityHeaders(csp))) headers[name] = [value];
    callback({ responseHeaders: headers });
  });
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** The window never navigates away from the app and never opens other windows. */
export function secureWebContents(contents: WebContents): void {
  const openOutside = (url: string) => {
    if (isExternalHttpUrl(url)) void shell.openExternal(url);
  };
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    openOutside(url);
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url);
    return { action: 'deny' };
  });
}
