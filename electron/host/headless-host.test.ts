import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { ServerMessage } from '../../shared/api/transport.js';
import { startHeadlessHost } from './start-headless-host.js';
import type { RunningHost } from './headless-host.js';

/**
 * The headless host against a real engine: what a browser on this machine sees, and
 * what a foreign page or another machine does not get.
 */

let root: string;
let dataDir: string;
let staticDir: string;
let host: RunningHost;
const SECRET = 'top-secret-file-outside-the-renderer';

function get(pathname: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    // http.request sends the path as given, so ../ reaches the server un-normalised.
    const req = http.request({ host: '127.0.0.1', port: host.port, path: pathname, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

type Opened = { ws: WebSocket; messages: ServerMessage[]; next(pred: (m: ServerMessage) => boolean, timeoutMs?: number): Promise<ServerMessage> };

function connect(query: string, origin: string | undefined): Promise<Opened> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api${query}`, origin ? { origin } : {});
    const messages: ServerMessage[] = [];
    const waiters: Array<{ pred: (m: ServerMessage) => boolean; resolve(m: ServerMessage): void }> = [];
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as ServerMessage;
      messages.push(message);
      for (const w of [...waiters]) {
        if (w.pred(message)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(message);
        }
      }
    });
    ws.once('open', () =>
      resolve({
        ws,
        messages,
        next(pred, timeoutMs = 20_000) {
          const seen = messages.find(pred);
          if (seen) return Promise.resolve(seen);
          return new Promise((res, rej) => {
            const timer = setTimeout(() => rej(new Error('no matching message in time')), timeoutMs);
            waiters.push({ pred, resolve: (m) => (clearTimeout(timer), res(m)) });
          });
        },
      }),
    );
    ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })));
    ws.once('error', reject);
  });
}

function refusedStatus(query: string, origin: string | undefined): Promise<number> {
  return connect(query, origin).then(
    (opened) => {
      opened.ws.close();
      return 101;
    },
    (err: { status?: number }) => err.status ?? -1,
  );
}

function tryConnect(address: string, port: number): Promise<'connected' | string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: address, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
  });
}

const ownOrigin = () => `http://127.0.0.1:${host.port}`;
let nextId = 1;
async function call(opened: Opened, method: string, input: unknown) {
  const id = nextId++;
  opened.ws.send(JSON.stringify({ type: 'call', id, method, input }));
  return opened.next((m) => m.type === 'result' && m.id === id);
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'etl-host-'));
  dataDir = path.join(root, 'data');
  staticDir = path.join(root, 'renderer');
  await mkdir(path.join(staticDir, 'assets'), { recursive: true });
  await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>ETL Studio</title><div id="root"></div><script type="module" src="/assets/app.js"></script>');
  await writeFile(path.join(staticDir, 'assets', 'app.js'), 'console.log("app");');
  await writeFile(path.join(root, 'secret.txt'), SECRET);
  host = await startHeadlessHost({ dataDir, staticDir, port: 0 });
});

afterAll(async () => {
  await host?.close();
  await rm(root, { recursive: true, force: true });
});

describe('headless host', () => {
  it('prints a 127.0.0.1 URL carrying a 32-byte token', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${host.token}`);
    expect(Buffer.from(host.token, 'base64url')).toHaveLength(32);
  });

  it('listens on 127.0.0.1 only', async () => {
    expect(await tryConnect('127.0.0.1', host.port)).toBe('connected');
    // All of 127/8 is loopback on Linux: a server bound to 0.0.0.0 would answer here.
    expect(await tryConnect('127.0.0.2', host.port)).toBe('ECONNREFUSED');
    expect(await tryConnect('::1', host.port)).not.toBe('connected');
    const external = Object.values(os.networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal);
    if (external) expect(await tryConnect(external.address, host.port)).not.toBe('connected');
  });

  it('serves index.html with the CSP and nosniff headers', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('<title>ETL Studio</title>');
    const csp = String(res.headers['content-security-policy']);
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      `connect-src 'self' ws://127.0.0.1:${host.port}`,
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const js = await get('/assets/app.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await get('/favicon.ico')).status).toBe(204);
    expect((await get('/assets/missing.js')).status).toBe(404);
  });

  it('blocks path traversal out of the renderer folder', async () => {
    for (const p of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/../package.json']) {
      const res = await get(p);
      expect(res.status, p).toBe(404);
      expect(res.body, p).not.toContain(SECRET);
    }
  });

  it('refuses requests addressed to another host name (DNS rebinding)', async () => {
    const res = await get('/', { Host: `attacker.example:${host.port}` });
    expect(res.status).toBe(421);
    expect(res.body).not.toContain('ETL Studio');
  });

  it('refuses WebSocket connections without the token or with a wrong one', async () => {
    expect(await refusedStatus('', ownOrigin())).toBe(401);
    expect(await refusedStatus('?token=', ownOrigin())).toBe(401);
    expect(await refusedStatus(`?token=${host.token.slice(0, -1)}x`, ownOrigin())).toBe(401);
    expect(await refusedStatus(`?token=${host.token}extra`, ownOrigin())).toBe(401);
  });

  it('refuses a foreign Origin (and a missing one) even with the right token', async () => {
    expect(await refusedStatus(`?token=${host.token}`, 'https://evil.example')).toBe(403);
    expect(await refusedStatus(`?token=${host.token}`, `http://127.0.0.1:${host.port + 1}`)).toBe(403);
    expect(await refusedStatus(`?token=${host.token}`, undefined)).toBe(403);
    expect(await refusedStatus(`?token=${host.token}`, ownOrigin())).toBe(101);
  });

  it('round-trips calls to the real engine: app.info, profiles.save and profiles.list', async () => {
    const client = await connect(`?token=${host.token}`, ownOrigin());
    try {
      const info = await call(client, 'app.info', {});
      expect(info).toMatchObject({ type: 'result', ok: true, output: { host: 'headless', dataDir } });

      const saved = await call(client, 'profiles.save', { name: 'Embedded warehouse', kind: 'pglite', path: path.join(root, 'wh') });
      expect(saved).toMatchObject({ ok: true, output: { name: 'Embedded warehouse', kind: 'pglite', hasPassword: false } });
      const list = await call(client, 'profiles.list', {});
      expect(list.type === 'result' && list.ok && (list.output as Array<{ name: string }>).map((p) => p.name)).toEqual(['Embedded warehouse']);
    } finally {
      client.ws.close();
    }
  });

  it('answers bad frames with an error and keeps serving', async () => {
    const client = await connect(`?token=${host.token}`, ownOrigin());
    try {
      client.ws.send('this is not json');
      const notJson = await client.next((m) => m.type === 'result' && m.id === -1);
      expect(notJson).toMatchObject({ ok: false, error: { code: 'validation' } });

      client.ws.send(JSON.stringify({ type: 'call', id: 9001, method: 42 }));
      expect(await client.next((m) => m.type === 'result' && m.id === 9001)).toMatchObject({ ok: false, error: { code: 'validation' } });

      expect(await call(client, 'shell.exec', { cmd: 'rm -rf /' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
      expect(await call(client, 'profiles.save', { name: '', kind: 'nope' })).toMatchObject({ ok: false, error: { code: 'validation' } });
      expect(await call(client, 'app.info', {})).toMatchObject({ ok: true });
    } finally {
      client.ws.close();
    }
  });

  it('closes a connection that sends an oversized frame, without falling over', async () => {
    const client = await connect(`?token=${host.token}`, ownOrigin());
    const closed = new Promise<number>((resolve) => client.ws.once('close', (code) => resolve(code)));
    client.ws.send('x'.repeat(9 * 1024 * 1024));
    expect(await closed).toBe(1009);
    const again = await connect(`?token=${host.token}`, ownOrigin());
    expect(await call(again, 'app.info', {})).toMatchObject({ ok: true });
    again.ws.close();
  });

  it('pushes engine events to every connected client', async () => {
    const a = await connect(`?token=${host.token}`, ownOrigin());
    const b = await connect(`?token=${host.token}`, ownOrigin());
    try {
      // A sync from a database that does not exist: the run starts, fails, and says so.
      const started = await call(a, 'sync.start', {
        request: {
          source: { url: 'mysql://etl:etl@127.0.0.1:1/etl_t_missing' },
          warehouse: { url: 'postgres://etl:etl@127.0.0.1:1/etl_t_missing' },
        },
      });
      expect(started).toMatchObject({ ok: true });
      const runId = started.type === 'result' && started.ok ? (started.output as { runId: string }).runId : '';
      const isFinal = (m: ServerMessage) =>
        m.type === 'event' && m.name === 'run.state' && (m.payload as { runId: string; status: string }).runId === runId && (m.payload as { status: string }).status === 'failed';
      const [ea, eb] = await Promise.all([a.next(isFinal), b.next(isFinal)]);
      expect(ea).toEqual(eb);
      expect((ea as { payload: { record: { error: string } } }).payload.record.error).toBeTruthy();
    } finally {
      a.ws.close();
      b.ws.close();
    }
  });
});
