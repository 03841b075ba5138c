import { createEngine } from '../engine/api/create-engine.js';
import { serveEngine, type RunningHost } from './headless-host.js';

export type HeadlessHostOptions = {
  port?: number;
  dataDir: string;
  token?: string;
  /** Folder of the built renderer (see rendererDir()). */
  staticDir: string;
  version?: string;
  extraOrigins?: string[];
};

/** Starts an engine on dataDir and serves it; close() stops the server, then the engine. */
export async function startHeadlessHost(opts: HeadlessHostOptions): Promise<RunningHost> {
  const engine = await createEngine({ dataDir: opts.dataDir, host: 'headless', version: opts.version });
  let host: RunningHost;
  try {
    host = await serveEngine(engine, { port: opts.port, token: opts.token, staticDir: opts.staticDir, extraOrigins: opts.extraOrigins });
  } catch (err) {
    await engine.close();
    throw err;
  }
  let closing: Promise<void> | null = null;
  return {
    ...host,
    close() {
      closing ??= host.close().finally(() => engine.close());
      return closing;
    },
  };
}
