import { rendererBuilt, rendererDir } from '../../host/app-paths.js';
import { optionalInt, optionalString, type Command } from '../command.js';
import { EXIT_OK, UsageError } from '../errors.js';
import { writeJson, writeLine } from '../io.js';
import { appVersion } from '../version.js';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'serve the app in your browser (local server on 127.0.0.1 with a secret token)',
  help: `Usage: etl-studio serve [--port P] [--token T]

Starts the engine and serves the same user interface as the desktop app to a browser
on this machine. The printed address carries a secret token; only pages served by
this server and holding the token may use the engine. Listens on 127.0.0.1 only.
Stop with Ctrl-C.

Options:
  --port P     port to listen on (default: any free port)
  --token T    use this token instead of a random one (at least 16 characters)`,
  options: {
    port: { type: 'string' },
    token: { type: 'string' },
  },
  async run({ io, values, json, dataDir }) {
    const port = optionalInt(values, 'port', { min: 0, max: 65535 });
    const token = optionalString(values, 'token');
    if (token !== undefined && (token.length < 16 || !/^[A-Za-z0-9_-]+$/.test(token))) {
      throw new UsageError('--token must be at least 16 characters of letters, digits, - or _.');
    }
    const staticDir = rendererDir(io.env);
    // Loaded here, not at the top: --help must not pay for the engine and its drivers.
    const { startHeadlessHost } = await import('../../host/start-headless-host.js');
    const host = await startHeadlessHost({ port, token, dataDir, staticDir, version: appVersion() });
    if (json) {
      writeJson(io, { url: host.url, port: host.port, token: host.token, dataDir, staticDir });
    } else {
      writeLine(io.stdout, `ETL Studio is running at ${host.url}`);
      writeLine(io.stdout, `Listening on 127.0.0.1:${host.port} only (not reachable from other machines). Data folder: ${dataDir}`);
      if (!rendererBuilt(staticDir)) writeLine(io.stdout, `The user interface is not built yet: run "npm run build" first (the API works already).`);
      writeLine(io.stdout, 'Press Ctrl-C to stop.');
    }
    await new Promise<void>((resolve) => {
      const stop = (signal: NodeJS.Signals) => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        if (!json) writeLine(io.stderr, `\n${signal === 'SIGINT' ? 'Stopping' : 'Terminated'}: closing the engine...`);
        void host.close().finally(resolve);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    return EXIT_OK;
  },
};
