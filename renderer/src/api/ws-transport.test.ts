import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket as NodeWebSocket, WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';
import { createStudioClient } from '../../../shared/api/client.js';
import { ApiError } from '../../../shared/api/contract.js';
import { apiSocketUrl, tokenFromHash } from './pick-transport.js';
import { createWebSocketTransport, type ConnectionStatus, type SocketLike, type StatusTransport } from './ws-transport.js';

/** A real WebSocket server speaking the host's frames; each test controls how it answers. */
async function startServer(onCall: (msg: { id: number; method: string; input: unknown }, reply: (frame: unknown) => void) => void) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  wss.on('connection', (ws) => {
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { id: number; method: string; input: unknown };
      onCall(msg, (frame) => ws.send(JSON.stringify(frame)));
    });
  });
  const port = (wss.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}/api?token=t`,
    wss,
    broadcast(frame: unknown) {
      for (const c of wss.clients) c.send(JSON.stringify(frame));
    },
    dropClients() {
      for (const c of wss.clients) c.terminate();
    },
    close: () => {
      for (const c of wss.clients) c.terminate();
      return new Promise<void>((r) => wss.close(() => r()));
    },
  };
}

const nodeSocket = (url: string) => new NodeWebSocket(url) as unknown as SocketLike;
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  // Last in, first out: clients close before the servers they talk to.
  for (const c of cleanups.splice(0).reverse()) await c();
});

function statusLog(t: StatusTransport): ConnectionStatus[] {
  const seen: ConnectionStatus[] = [];
  t.onStatus((s) => seen.push(s));
  return seen;
}

const until = async (cond: () => boolean, ms = 3_000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('WebSocket transport', () => {
  it('matches replies to calls by id, whatever order they come back in, and delivers events', async () => {
    const held: { id: number; method: string; reply: (f: unknown) => void }[] = [];
    const server = await startServer((msg, reply) => held.push({ ...msg, reply }));
    cleanups.push(server.close);
    const transport = createWebSocketTransport({ url: server.url, createSocket: nodeSocket });
    cleanups.push(() => transport.close());
    const client = createStudioClient(transport);

    const events: unknown[] = [];
    client.on('run.log', (p) => events.push(p));
    const first = client.call('workspace.get', {});
    const second = client.call('profiles.list', {});
    await until(() => held.length === 2);
    held[1]!.reply({ type: 'result', id: held[1]!.id, ok: true, output: ['second'] });
    held[0]!.reply({ type: 'result', id: held[0]!.id, ok: false, error: { code: 'not_found', message: 'No workspace', issues: [{ path: 'x', message: 'y' }] } });
    expect(await second).toEqual(['second']);
    await expect(first).rejects.toMatchObject({ code: 'not_found', message: 'No workspace' });
    await expect(first).rejects.toBeInstanceOf(ApiError);

    server.broadcast({ type: 'event', name: 'run.log', payload: { runId: 'r', lines: [] } });
    server.broadcast({ nonsense: true });
    await until(() => events.length === 1);
    expect(events[0]).toEqual({ runId: 'r', lines: [] });
  });

  it('fails calls in flight when the socket drops, reconnects with backoff, then sends queued calls', async () => {
    let answer = true;
    const server = await startServer((msg, reply) => {
      if (answer) reply({ type: 'result', id: msg.id, ok: true, output: msg.method });
    });
    cleanups.push(server.close);
    const transport = createWebSocketTransport({ url: server.url, createSocket: nodeSocket, backoffMs: () => 50 });
    cleanups.push(() => transport.close());
    const seen = statusLog(transport);
    const client = createStudioClient(transport);
    expect(await client.call('app.info', {})).toBe('app.info');

    answer = false;
    const inFlight = client.call('sync.start', {});
    await new Promise((r) => setTimeout(r, 50));
    server.dropClients();
    await expect(inFlight).rejects.toMatchObject({ code: 'connection' });
    expect(seen).toContain('reconnecting');

    answer = true;
    await until(() => transport.status() === 'open');
    expect(await client.call('profiles.list', {})).toBe('profiles.list');
    expect(seen).toEqual(['open', 'reconnecting', 'open']);
  });

  it('keeps retrying while the engine is away and connects once it is back', async () => {
    const server = await startServer((msg, reply) => reply({ type: 'result', id: msg.id, ok: true, output: 42 }));
    const url = server.url;
    const port = Number(new URL(url).port);
    await server.close();

    const delays: number[] = [];
    const transport = createWebSocketTransport({ url, createSocket: nodeSocket, backoffMs: (n) => { delays.push(n); return 40; } });
    cleanups.push(() => transport.close());
    const call = createStudioClient(transport).call('app.info', {});
    await until(() => delays.length >= 2);
    expect(transport.status()).toBe('reconnecting');

    const again = new WebSocketServer({ host: '127.0.0.1', port });
    cleanups.push(() => {
      for (const c of again.clients) c.terminate();
      return new Promise<void>((r) => again.close(() => r()));
    });
    again.on('connection', (ws) => ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as { id: number };
      ws.send(JSON.stringify({ type: 'result', id: m.id, ok: true, output: 42 }));
    }));
    // The call made while disconnected was queued, not lost, and not failed.
    expect(await call).toBe(42);
    expect(delays.slice(0, 2)).toEqual([0, 1]);
  });
});

describe('token and URL', () => {
  it('reads the token from the URL fragment and puts it in the API address', () => {
    expect(tokenFromHash('#token=abc_DEF-123')).toBe('abc_DEF-123');
    expect(tokenFromHash('')).toBeNull();
    expect(apiSocketUrl({ protocol: 'http:', host: '127.0.0.1:4173', hash: '#token=abc' })).toBe('ws://127.0.0.1:4173/api?token=abc');
  });
});
