import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { Engine } from '../engine/api/engine.js';
import { eventMessage, handleCall, parseCallFrame } from './api-frames.js';
import { contentSecurityPolicy, securityHeaders } from './csp.js';
import { hostHeaderAllowed, originAllowed, ownOrigin } from './origin.js';
import { findStaticFile } from './static-files.js';
import { createToken, tokenMatches } from './token.js';

/**
 * The engine's API over a WebSocket, plus the built renderer, for browsers on this
 * machine. Protocol: connect to ws://127.0.0.1:<port>/api?token=<token> from a page
 * served by this host (the Origin must be http://127.0.0.1:<port>); send CallMessage
 * JSON text frames, receive ResultMessage replies and EventMessage pushes
 * (shared/api/transport.ts). The token travels in the query so a wrong one is refused
 * with HTTP 401 before any WebSocket exists.
 */

export const API_PATH = '/api';
/** Largest accepted frame; a bigger one closes the socket (1009) instead of filling memory. */
export const MAX_FRAME_BYTES = 8 * 1024 * 1024;
/** A client this far behind on events is dropped rather than buffered without end. */
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;
const HOST = '127.0.0.1';

export type HostOptions = {
  port?: number;
  token?: string;
  /** Folder of the built renderer (dist/renderer). */
  staticDir: string;
  /** Origins allowed besides the host's own, e.g. a Vite dev server during development. */
  extraOrigins?: string[];
};

export type RunningHost = {
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
};

function refuseUpgrade(socket: Duplex, status: number, message: string): void {
  const body = `${message}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? 'Error'}\r\n` +
      'Connection: close\r\nContent-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

function notBuiltPage(staticDir: string): string {
  return `<!doctype html><meta charset="utf-8"><title>ETL Studio</title>
<p>The user interface has not been built yet (nothing in ${escapeHtml(staticDir)}).
Run <code>npm run build</code> and reload this page.</p>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (err.code === 'EADDRINUSE') reject(new Error(`Port ${port} is already in use on ${HOST}. Pick another port (or 0 for any free one).`));
      else if (err.code === 'EACCES') reject(new Error(`Not allowed to listen on port ${port}. Pick a port above 1023.`));
      else reject(err);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ host: HOST, port, exclusive: true });
  });
}

/** Serves an engine that the caller owns (closing the host leaves the engine open). */
export async function serveEngine(engine: Engine, opts: HostOptions): Promise<RunningHost> {
  const token = opts.token ?? createToken();
  if (token.length < 16) throw new Error('The token must be at least 16 characters long.');
  let port = opts.port ?? 0;
  let headers: Record<string, string> = {};

  const server = http.createServer((req, res) => {
    void (async () => {
      if (!hostHeaderAllowed(req.headers.host, port)) {
        res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Misdirected request.\n');
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { ...headers, Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('Method not allowed.\n');
        return;
      }
      const file = await findStaticFile(opts.staticDir, req.url ?? '/');
      if (!file) {
        if (req.url === '/favicon.ico') {
          // Browsers ask on their own; an empty answer keeps their consoles free of 404s.
          res.writeHead(204, headers).end();
          return;
        }
        const index = await findStaticFile(opts.staticDir, '/');
        if (!index && (req.url === '/' || req.url?.startsWith('/?'))) {
          res.writeHead(503, { ...headers, 'Content-Type': 'text/html; charset=utf-8' }).end(notBuiltPage(opts.staticDir));
          return;
        }
        res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found.\n');
        return;
      }
      res.writeHead(200, {
        ...headers,
        'Content-Type': file.mimeType,
        'Content-Length': String(file.size),
        // index.html names the hashed bundles, so it must never be cached stale.
        'Cache-Control': file.mimeType.startsWith('text/html') ? 'no-store' : 'no-cache',
      });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      const stream = file.open();
      stream.on('error', () => res.destroy());
      stream.pipe(res);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Internal error.\n');
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });

  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    let url: URL;
    try {
      url = new URL(req.url ?? '/', ownOrigin(port));
    } catch {
      return refuseUpgrade(socket, 400, 'Bad request.');
    }
    if (!hostHeaderAllowed(req.headers.host, port)) return refuseUpgrade(socket, 421, 'Misdirected request.');
    if (url.pathname !== API_PATH) return refuseUpgrade(socket, 404, 'Not found.');
    if (!originAllowed(req.headers.origin, port, opts.extraOrigins)) return refuseUpgrade(socket, 403, 'This origin may not use the API.');
    if (!tokenMatches(token, url.searchParams.get('token'))) return refuseUpgrade(socket, 401, 'Missing or wrong token.');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  const send = (ws: WebSocket, text: string) => {
    if (ws.readyState !== WebSocket.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      ws.close(1013, 'Client too slow to keep up with events');
      return;
    }
    ws.send(text);
  };

  wss.on('connection', (ws) => {
    ws.on('error', () => ws.terminate());
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        send(ws, JSON.stringify({ type: 'result', id: -1, ok: false, error: { code: 'validation', message: 'Binary frames are not accepted; send JSON text.' } }));
        return;
      }
      const parsed = parseCallFrame(data.toString());
      if (!parsed.ok) {
        send(ws, JSON.stringify(parsed.reply));
        return;
      }
      void handleCall(engine, parsed.call).then((reply) => send(ws, JSON.stringify(reply)));
    });
  });

  const unsubscribe = engine.subscribe((name, payload) => {
    if (wss.clients.size === 0) return;
    const text = JSON.stringify(eventMessage(name, payload));
    for (const ws of wss.clients) send(ws, text);
  });

  try {
    port = await listen(server, port);
  } catch (err) {
    unsubscribe();
    wss.close();
    throw err;
  }
  headers = securityHeaders(contentSecurityPolicy({ connectSrc: [`ws://${HOST}:${port}`] }));

  let closing: Promise<void> | null = null;
  return {
    url: `${ownOrigin(port)}/#token=${token}`,
    token,
    port,
    close() {
      closing ??= (async () => {
        unsubscribe();
        for (const ws of wss.clients) ws.close(1001, 'Server shutting down');
        // Give clients a moment to answer the close frame, then cut the rest.
        const deadline = Date.now() + 1000;
        while (wss.clients.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        for (const ws of wss.clients) ws.terminate();
        await new Promise<void>((resolve) => wss.close(() => resolve()));
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })();
      return closing;
    },
  };
}
