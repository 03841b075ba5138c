import { utilityProcess, type UtilityProcess } from 'electron';
import type { ApiErrorShape, SecretStorageInfo } from '../../shared/api/contract.js';
import type { MainToUtility, SecretReply, SecretRequest } from '../utility/port-protocol.js';
import { utilityToMainSchema } from '../utility/port-protocol.js';

type CallReply = { ok: true; output: unknown } | { ok: false; error: ApiErrorShape };

export type EngineProcessOptions = {
  entry: string;
  dataDir: string;
  version: string;
  secretStorage: SecretStorageInfo;
  onEvent(name: string, payload: unknown): void;
  onSecretRequest(request: SecretRequest): SecretReply;
  /** Said to the user when the engine dies (and is restarted). */
  onCrash(message: string): void;
};

export interface EngineProcess {
  call(method: string, input: unknown): Promise<CallReply>;
  close(): Promise<void>;
}

const MAX_RESTARTS = 3;

/**
 * The engine in a utilityProcess: calls are numbered and answered by id; if the
 * process dies, waiting calls fail with a plain message and it is started again
 * (a few times), so one crash does not leave a dead window.
 */
export function startEngineProcess(opts: EngineProcessOptions): EngineProcess {
  let child: UtilityProcess | null = null;
  let nextId = 1;
  let restarts = 0;
  let closing: Promise<void> | null = null;
  const pending = new Map<number, (reply: CallReply) => void>();

  const send = (message: MainToUtility) => child?.postMessage(message);

  const failPending = (message: string) => {
    for (const resolve of pending.values()) resolve({ ok: false, error: { code: 'internal', message } });
    pending.clear();
  };

  const spawn = () => {
    const proc = utilityProcess.fork(opts.entry, [], { serviceName: 'ETL Studio engine', stdio: 'inherit' });
    child = proc;
    proc.on('message', (raw: unknown) => {
      const parsed = utilityToMainSchema.safeParse(raw);
      if (!parsed.success) return;
      const message = parsed.data;
      switch (message.type) {
        case 'result': {
          const resolve = pending.get(message.id);
          if (!resolve) return;
          pending.delete(message.id);
          resolve(message.ok ? { ok: true, output: message.output } : { ok: false, error: message.error as ApiErrorShape });
          return;
        }
        case 'event':
          opts.onEvent(message.name, message.payload);
          return;
        case 'secret-request':
          send(opts.onSecretRequest(message));
          return;
        case 'fatal':
          opts.onCrash(`The engine could not start: ${message.message}`);
          return;
        case 'ready':
        case 'closed':
          return;
      }
    });
    proc.on('exit', (code) => {
      if (child === proc) child = null;
      failPending(`The engine stopped unexpectedly (exit code ${code}). Try again.`);
      if (closing) return;
      if (restarts < MAX_RESTARTS) {
        restarts += 1;
        opts.onCrash(`The engine stopped unexpectedly (exit code ${code}) and was restarted. A run in progress was interrupted; its rows were rolled back.`);
        spawn();
      } else {
        opts.onCrash('The engine keeps stopping; restart ETL Studio. If it happens again, run "etl-studio demo" in a terminal to see the error.');
      }
    });
    send({ type: 'init', dataDir: opts.dataDir, version: opts.version, secretStorage: opts.secretStorage });
  };

  spawn();

  return {
    call(method, input) {
      if (!child) return Promise.resolve({ ok: false, error: { code: 'internal', message: 'The engine is not running.' } });
      const id = nextId++;
      return new Promise<CallReply>((resolve) => {
        pending.set(id, resolve);
        send({ type: 'call', id, method, input });
      });
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        const proc = child;
        if (!proc) return resolve();
        // A clean close lets PGlite flush and runs roll back; a stuck engine is killed after a while.
        const timer = setTimeout(() => proc.kill(), 10_000);
        proc.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        send({ type: 'shutdown' });
      });
      return closing;
    },
  };
}
