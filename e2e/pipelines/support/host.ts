import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { createStudioClient } from '../../../shared/api/client.js';
import type { StudioApi } from '../../../shared/api/transport.js';
import { createWebSocketTransport, type SocketLike, type StatusTransport } from '../../../renderer/src/api/ws-transport.js';
import { E2E_TOKEN } from '../../support/hosts.js';

/**
 * A headless host of its own for one pipelines spec file, on a fresh data folder, plus
 * an API client for the spec's Node side (finding run folders, creating a profile). The
 * app itself is driven through the page only.
 */
export interface PipelineHost {
  port: number;
  url: string;
  api: StudioApi;
  stop(): Promise<void>;
}

/** Ports of the pipelines specs and the UI performance spec, clear of the foundation hosts (4173-4175). */
export const pipelinePorts = { webLog: 4191, editing: 4192, failing: 4193, templates: 4194, perf: 4195, uiDuringSync: 4196 } as const;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The host exited early with code ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > until) throw new Error(`The host at ${url} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function startPipelineHost(port: number): Promise<PipelineHost> {
  const child = spawn(process.execPath, [path.join(root, 'e2e', 'support', 'serve-fresh.mjs'), '--port', String(port), '--token', E2E_TOKEN], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const origin = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${origin}/`, child, 60_000);
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  const transport: StatusTransport = createWebSocketTransport({
    url: `ws://127.0.0.1:${port}/api?token=${E2E_TOKEN}`,
    createSocket: (u) => new WebSocket(u, { origin }) as unknown as SocketLike,
  });
  return {
    port,
    url: `${origin}/#token=${E2E_TOKEN}`,
    api: createStudioClient(transport),
    async stop() {
      transport.close();
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    },
  };
}
