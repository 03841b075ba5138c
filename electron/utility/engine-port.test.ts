import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../engine/api/create-engine.js';
import { serveEngineOverPort } from './engine-port.js';
import type { SecretReply, UtilityToMain } from './port-protocol.js';

/**
 * The engine as the Electron utility process runs it, over a real MessagePort with a
 * real engine. Electron's safeStorage exists only inside Electron, so the "main" end
 * here encrypts with AES-GCM under the same 'v1:ss:' tag and answers the same way.
 */

type MainEnd = {
  port: MessagePort;
  received: UtilityToMain[];
  encryptionAvailable: boolean;
  next(pred: (m: UtilityToMain) => boolean, timeoutMs?: number): Promise<UtilityToMain>;
};

const key = randomBytes(32);
function mainEncrypt(plain: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return `v1:ss:${Buffer.concat([iv, c.getAuthTag(), data]).toString('base64')}`;
}
function mainDecrypt(value: string): string {
  const raw = Buffer.from(value.slice(6), 'base64');
  const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  d.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
}

let root: string;
let main: MainEnd;
let utilityPort: MessagePort;
let closedCalls = 0;
let nextId = 1;

function startPair(): MainEnd {
  const channel = new MessageChannel();
  utilityPort = channel.port1;
  serveEngineOverPort(
    { onMessage: (listener) => channel.port1.on('message', listener), post: (m) => channel.port1.postMessage(m) },
    (opts) => createEngine(opts),
    () => (closedCalls += 1),
  );
  const received: UtilityToMain[] = [];
  const waiters: Array<{ pred: (m: UtilityToMain) => boolean; resolve(m: UtilityToMain): void }> = [];
  const end: MainEnd = {
    port: channel.port2,
    received,
    encryptionAvailable: true,
    next(pred, timeoutMs = 20_000) {
      const seen = received.find(pred);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no matching message in time')), timeoutMs);
        waiters.push({ pred, resolve: (m) => (clearTimeout(timer), resolve(m)) });
      });
    },
  };
  channel.port2.on('message', (message: UtilityToMain) => {
    received.push(message);
    if (message.type === 'secret-request') {
      let reply: SecretReply;
      if (!end.encryptionAvailable) reply = { type: 'secret-reply', id: message.id, ok: false, unreadable: false, message: 'Passwords cannot be saved on this system because no encryption is available (no OS keyring).' };
      else if (message.op === 'encrypt') reply = { type: 'secret-reply', id: message.id, ok: true, value: mainEncrypt(message.value) };
      else reply = { type: 'secret-reply', id: message.id, ok: true, value: mainDecrypt(message.value) };
      channel.port2.postMessage(reply);
    }
    for (const w of [...waiters]) {
      if (w.pred(message)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(message);
      }
    }
  });
  return end;
}

async function call(method: string, input: unknown) {
  const id = nextId++;
  main.port.postMessage({ type: 'call', id, method, input });
  const reply = await main.next((m) => m.type === 'result' && m.id === id);
  if (reply.type !== 'result') throw new Error('unreachable');
  return reply;
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'etl-utility-'));
  main = startPair();
});

afterAll(async () => {
  main.port.postMessage({ type: 'shutdown' });
  await main.next((m) => m.type === 'closed').catch(() => undefined);
  main.port.close();
  utilityPort.close();
  await rm(root, { recursive: true, force: true });
});

describe('engine behind the utility port', () => {
  it('answers calls only once main has started it', async () => {
    const early = await call('app.info', {});
    expect(early).toMatchObject({ ok: false, error: { code: 'internal' } });

    main.port.postMessage({
      type: 'init',
      dataDir: path.join(root, 'data'),
      version: '9.9.9-test',
      secretStorage: { backend: 'weak', warning: 'No OS keyring is available.' },
    });
    await main.next((m) => m.type === 'ready');
    const info = await call('app.info', {});
    expect(info).toMatchObject({
      ok: true,
      output: { host: 'electron', version: '9.9.9-test', dataDir: path.join(root, 'data'), secretStorage: { backend: 'weak', warning: 'No OS keyring is available.' } },
    });
  });

  it('has main encrypt a saved password, which never lands in the settings file', async () => {
    const saved = await call('profiles.save', { name: 'Shop DB', kind: 'mysql', host: '127.0.0.1', database: 'shop', user: 'etl', password: 'pw-only-main-sees-1' });
    expect(saved).toMatchObject({ ok: true, output: { name: 'Shop DB', hasPassword: true } });
    expect(main.received.some((m) => m.type === 'secret-request' && m.op === 'encrypt' && m.value === 'pw-only-main-sees-1')).toBe(true);
    const settings = await readFile(path.join(root, 'data', 'config.json'), 'utf8');
    expect(settings).not.toContain('pw-only-main-sees-1');
    expect(settings).toContain('v1:ss:');
  });

  it('refuses to save a password, in plain words, when main has no encryption', async () => {
    main.encryptionAvailable = false;
    try {
      const refused = await call('profiles.save', { name: 'No keyring', kind: 'postgres', host: '127.0.0.1', database: 'dw', user: 'etl', password: 'pw-2' });
      expect(refused.ok).toBe(false);
      expect(!refused.ok && refused.error.message).toMatch(/cannot be saved/);
      const list = await call('profiles.list', {});
      expect(list.ok && (list.output as Array<{ name: string }>).map((p) => p.name)).toEqual(['Shop DB']);
    } finally {
      main.encryptionAvailable = true;
    }
  });

  it('forwards engine events to main', async () => {
    const started = await call('sync.start', {
      request: { source: { url: 'mysql://etl:etl@127.0.0.1:1/etl_t_missing' }, warehouse: { url: 'postgres://etl:etl@127.0.0.1:1/etl_t_missing' } },
    });
    expect(started.ok).toBe(true);
    const runId = started.ok ? (started.output as { runId: string }).runId : '';
    const final = await main.next(
      (m) => m.type === 'event' && m.name === 'run.state' && (m.payload as { runId: string }).runId === runId && (m.payload as { status: string }).status === 'failed',
    );
    expect(final).toMatchObject({ type: 'event', name: 'run.state' });
  });

  it('closes the engine on shutdown and says so', async () => {
    main.port.postMessage({ type: 'shutdown' });
    await main.next((m) => m.type === 'closed');
    expect(closedCalls).toBe(1);
  });
});
