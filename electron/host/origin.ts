/**
 * The host answers only to its own address. Checking Host defeats DNS rebinding (a
 * foreign name resolved to 127.0.0.1); checking Origin on the WebSocket stops other
 * pages in the same browser from talking to the engine (WebSockets ignore CORS).
 */
export function ownOrigin(port: number): string {
  return `http://127.0.0.1:${port}`;
}

export function hostHeaderAllowed(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/** A missing Origin is refused too: browsers always send one, and other clients can set it. */
export function originAllowed(origin: string | undefined, port: number, extra: readonly string[] = []): boolean {
  if (!origin) return false;
  return origin === ownOrigin(port) || extra.includes(origin);
}
