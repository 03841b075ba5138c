import { isMethodName, type ApiErrorShape, type MethodName } from '../../../shared/api/contract.js';

/**
 * Who may call the engine over IPC: only the top frame of a page loaded from the app's
 * own renderer origin (app://renderer, or the Vite dev server in development). An
 * iframe, a navigated-away page or a foreign origin is refused, whatever it sends.
 * Pure, with no electron import, so it is unit-tested directly.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

export type SenderInfo = {
  /** event.senderFrame?.url; null when the frame is gone. */
  url: string | null | undefined;
  /** True when the sending frame is the window's top frame (senderFrame.parent === null). */
  isMainFrame: boolean;
};

/** scheme://host[:port] of a URL; WHATWG's URL.origin is "null" for custom schemes, so it is built by hand. */
export function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    if (!u.host) return null;
    return `${u.protocol}//${u.host}`.toLowerCase();
  } catch {
    return null;
  }
}

export function isTrustedSender(sender: SenderInfo, allowedOrigins: readonly string[] = [APP_ORIGIN]): boolean {
  if (!sender.isMainFrame || !sender.url) return false;
  const origin = originOf(sender.url);
  return origin !== null && allowedOrigins.some((allowed) => allowed.toLowerCase() === origin);
}

export type CallCheck = { ok: true; method: MethodName } | { ok: false; error: ApiErrorShape };

/** Decides an IPC call before it reaches the engine: trusted sender, method in the contract. */
export function checkCall(sender: SenderInfo, method: unknown, allowedOrigins: readonly string[] = [APP_ORIGIN]): CallCheck {
  if (!isTrustedSender(sender, allowedOrigins)) {
    return { ok: false, error: { code: 'auth', message: 'This page may not use the ETL Studio API.' } };
  }
  if (!isMethodName(method)) {
    return { ok: false, error: { code: 'not_found', message: `Unknown method "${typeof method === 'string' ? method.slice(0, 100) : typeof method}".` } };
  }
  return { ok: true, method };
}

/** Navigation is never allowed inside the window; http(s) links open in the user's browser. */
export function isExternalHttpUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}
