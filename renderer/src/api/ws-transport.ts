import { z } from 'zod';
import { apiErrorSchema, type ApiErrorShape } from '../../../shared/api/contract.js';
import type { CallMessage, RawTransport } from '../../../shared/api/transport.js';

export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting';

/** A RawTransport that also says whether the engine is reachable. */
export interface StatusTransport extends RawTransport {
  status(): ConnectionStatus;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  close(): void;
}

/** Anything shaped like the browser's WebSocket; tests and Node can pass their own. */
export interface SocketLike {
  readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
}

export interface WebSocketTransportOptions {
  url: string;
  createSocket?: (url: string) => SocketLike;
  /** Delay before reconnect attempt n (0-based); capped exponential by default. */
  backoffMs?: (attempt: number) => number;
}

type Reply = { ok: true; output: unknown } | { ok: false; error: ApiErrorShape };

// The engine is trusted, but a frame is still an edge: check its shape before acting on it.
const serverMessageSchema = z.union([
  z.object({ type: z.literal('result'), id: z.number(), ok: z.literal(true), output: z.unknown() }),
  z.object({ type: z.literal('result'), id: z.number(), ok: z.literal(false), error: apiErrorSchema }),
  z.object({ type: z.literal('event'), name: z.string(), payload: z.unknown() }),
]);

const OPEN = 1;

export function defaultBackoff(attempt: number): number {
  return Math.min(250 * 2 ** attempt, 5_000);
}

/**
 * Calls go out as CallMessage frames and wait for the ResultMessage with the same id.
 * When the socket drops, calls in flight fail (they may not be safe to repeat) and the
 * transport reconnects with backoff; calls made while disconnected wait for the socket.
 */
export function createWebSocketTransport(options: WebSocketTransportOptions): StatusTransport {
  const createSocket = options.createSocket ?? ((url: string) => new WebSocket(url) as unknown as SocketLike);
  const backoff = options.backoffMs ?? defaultBackoff;
  const pending = new Map<number, { resolve: (reply: Reply) => void; sent: boolean }>();
  const queued: CallMessage[] = [];
  const eventListeners = new Set<(name: string, payload: unknown) => void>();
  const statusListeners = new Set<(status: ConnectionStatus) => void>();
  let status: ConnectionStatus = 'connecting';
  let socket: SocketLike | null = null;
  let nextId = 1;
  let attempt = 0;
  let closed = false;
  let timer: ReturnType<typeof setTimeout> | null = null;

  function setStatus(next: ConnectionStatus): void {
    if (next === status) return;
    status = next;
    for (const listener of statusListeners) listener(next);
  }

  /** Calls already sent may have run, so they fail; calls still queued wait for the next socket. */
  function failInFlight(all: boolean): void {
    const error: ApiErrorShape = {
      code: 'connection',
      message: 'Disconnected from the engine before it answered. Try again when the connection is back.',
    };
    for (const [id, call] of pending) {
      if (!call.sent && !all) continue;
      pending.delete(id);
      call.resolve({ ok: false, error });
    }
    if (all) queued.length = 0;
  }

  function send(s: SocketLike, message: CallMessage): void {
    const call = pending.get(message.id);
    if (!call) return;
    call.sent = true;
    s.send(JSON.stringify(message));
  }

  function onMessage(data: unknown): void {
    if (typeof data !== 'string') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      return;
    }
    const message = serverMessageSchema.safeParse(parsed);
    if (!message.success) return;
    const m = message.data;
    if (m.type === 'event') {
      for (const listener of eventListeners) listener(m.name, m.payload);
      return;
    }
    const call = pending.get(m.id);
    if (!call) return;
    pending.delete(m.id);
    call.resolve(m.ok ? { ok: true, output: m.output } : { ok: false, error: m.error });
  }

  function connect(): void {
    if (closed) return;
    const s = createSocket(options.url);
    socket = s;
    s.onopen = () => {
      attempt = 0;
      setStatus('open');
      for (const message of queued.splice(0)) send(s, message);
    };
    s.onmessage = (ev) => onMessage(ev.data);
    s.onerror = () => {
      /* onclose follows and handles it */
    };
    s.onclose = () => {
      if (socket !== s) return;
      socket = null;
      failInFlight(false);
      if (closed) return;
      setStatus('reconnecting');
      timer = setTimeout(connect, backoff(attempt++));
    };
  }

  connect();

  return {
    invoke(method, input) {
      const message: CallMessage = { type: 'call', id: nextId++, method, input };
      return new Promise<Reply>((resolve) => {
        if (closed) {
          resolve({ ok: false, error: { code: 'connection', message: 'The connection to the engine is closed.' } });
          return;
        }
        pending.set(message.id, { resolve, sent: false });
        if (socket && socket.readyState === OPEN) send(socket, message);
        else queued.push(message);
      });
    },
    subscribe(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    status: () => status,
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      socket?.close();
      socket = null;
      failInFlight(true);
    },
  };
}
