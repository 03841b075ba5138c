/**
 * Entry of the engine inside Electron's utilityProcess (a Node child of main), so a
 * long sync never blocks a window. It must not import 'electron': Electron hands the
 * utility process a parentPort on `process`, and that is all it uses.
 */
import { createEngine } from '../engine/api/create-engine.js';
import { serveEngineOverPort } from './engine-port.js';

type ParentPortLike = {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
};

const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;

if (!parentPort) {
  process.stderr.write('engine-entry.js runs only inside the ETL Studio desktop app (Electron utilityProcess).\n');
  process.exit(1);
} else {
  serveEngineOverPort(
    {
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
      post: (message) => parentPort.postMessage(message),
    },
    (opts) => createEngine(opts),
    () => process.exit(0),
  );
}
