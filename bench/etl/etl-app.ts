import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import { z } from 'zod';
import { timedEnv } from '../measure/process-env.js';
import { cliBin, repoRoot } from './paths.js';

/**
 * ETL Studio as the desktop app syncs: one engine process that is already running,
 * asked over its API and answering with the run's events. The engine here is the
 * headless host (`etl-studio serve`), which runs the same engine behind the same API as
 * the Electron app; the benchmark speaks the API's WebSocket protocol
 * (shared/api/transport.ts) itself, as a browser page would. A sync is timed from the
 * request to the run's final state: what a user who clicks Sync now waits for.
 */

const serveAnswerSchema = z.object({ url: z.string(), port: z.number(), token: z.string() });
const resultSchema = z.object({ type: z.literal('result'), id: z.number(), ok: z.boolean(), output: z.unknown().optional(), error: z.object({ message: z.string() }).optional() });
const eventSchema = z.object({ type: z.literal('event'), name: z.string(), payload: z.unknown() });
const checkSchema = z.object({ name: z.string(), source: z.string(), warehouse: z.string(), ok: z.boolean() });
const finishedRunSchema = z.object({
  id: z.string(),
  status: z.string(),
  error: z.string().nullable(),
  folder: z.string(),
  sync: z.object({ inserted: z.number(), newRows: z.number(), durationMs: z.number(), checks: z.array(checkSchema) }).nullable(),
});
const stateEventSchema = z.object({ runId: z.string(), status: z.string(), record: finishedRunSchema });
export type FinishedRun = z.infer<typeof finishedRunSchema>;

const FINAL = new Set(['success', 'failed', 'cancelled']);

export interface AppSyncRequest {
  mode: 'replicate' | 'star';
  sourceUrl: string;
  warehouseUrl: string;
}

export interface EtlApp {
  pid: number;
  /** Starts a sync and resolves when its run has ended, with the time from request to end. */
  sync(request: AppSyncRequest, timeoutMs: number): Promise<{ record: FinishedRun; wallMs: number }>;
  /** User + system CPU seconds of the engine process so far. */
  cpuSeconds(): Promise<number>;
  /** Resets the engine process's peak resident set (Linux clear_refs), so the next reading covers one run. */
  resetPeakRss(): Promise<void>;
  /** Peak resident set of the engine process since start or the last reset, in MiB. */
  peakRssMiB(): Promise<number>;
  stop(): Promise<void>;
}

async function procStatus(pid: number, field: string): Promise<number> {
  const text = await readFile(`/proc/${pid}/status`, 'utf8');
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  if (!m) throw new Error(`/proc/${pid}/status has no ${field}`);
  return Number(m[1]) / 1024;
}

/** The API's socket; the host accepts only pages of its own origin holding its token. */
async function connect(host: { port: number; token: string }): Promise<WebSocket> {
  const socket = new WebSocket(`ws://127.0.0.1:${host.port}/api?token=${host.token}`, { origin: `http://127.0.0.1:${host.port}` });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return socket;
}

/** Starts `etl-studio serve --json` on `dataDir` and connects to its API. */
export async function startEtlApp(dataDir: string): Promise<EtlApp> {
  const child: ChildProcess = spawn(process.execPath, [cliBin(), 'serve', '--json', '--data-dir', dataDir], {
    cwd: repoRoot(),
    env: timedEnv(),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // `serve --json` prints one JSON object (over several lines) once it listens.
  const ready = new Promise<z.infer<typeof serveAnswerSchema>>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error('etl-studio serve did not answer within 60 s')), 60_000);
    let text = '';
    lines.on('line', (line) => {
      text += `${line}\n`;
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return;
      }
      clearTimeout(timer);
      lines.close();
      const parsed = serveAnswerSchema.safeParse(json);
      if (parsed.success) resolve(parsed.data);
      else reject(new Error(`etl-studio serve answered an unexpected shape: ${text}`));
    });
    child.once('exit', (code) => reject(new Error(`etl-studio serve exited with ${code} before it was ready`)));
  });
  let answer: z.infer<typeof serveAnswerSchema>;
  let socket: WebSocket;
  try {
    answer = await ready;
    socket = await connect(answer);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }

  let nextId = 1;
  const calls = new Map<number, { resolve: (output: unknown) => void; reject: (err: Error) => void }>();
  const ended = new Map<string, FinishedRun>();
  const waiting = new Map<string, (record: FinishedRun) => void>();
  socket.on('message', (data) => {
    const message: unknown = JSON.parse(String(data));
    const result = resultSchema.safeParse(message);
    if (result.success) {
      const call = calls.get(result.data.id);
      calls.delete(result.data.id);
      if (result.data.ok) call?.resolve(result.data.output);
      else call?.reject(new Error(result.data.error?.message ?? 'the engine refused the call'));
      return;
    }
    const event = eventSchema.safeParse(message);
    if (!event.success || event.data.name !== 'run.state') return;
    const state = stateEventSchema.safeParse(event.data.payload);
    if (!state.success || !FINAL.has(state.data.status)) return;
    // A run can end before the call that started it has answered: keep its end until asked.
    const wake = waiting.get(state.data.runId);
    if (wake) wake(state.data.record);
    else ended.set(state.data.runId, state.data.record);
  });
  const call = (method: string, input: unknown): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      calls.set(id, { resolve, reject });
      socket.send(JSON.stringify({ type: 'call', id, method, input }));
    });
  const pid = child.pid!;

  return {
    pid,
    async sync(request, timeoutMs) {
      const started = performance.now();
      const out = z.object({ runId: z.string() }).parse(
        await call('sync.start', { request: { mode: request.mode, source: { url: request.sourceUrl }, warehouse: { url: request.warehouseUrl } } }),
      );
      const record = ended.get(out.runId) ?? (await new Promise<FinishedRun>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`The app's sync ${out.runId} did not end within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
        waiting.set(out.runId, (r) => {
          clearTimeout(timer);
          resolve(r);
        });
      }));
      const wallMs = performance.now() - started;
      ended.delete(out.runId);
      waiting.delete(out.runId);
      return { record, wallMs };
    },
    async cpuSeconds() {
      // Fields 14 and 15 of /proc/PID/stat (after the parenthesised name): utime, stime in clock ticks.
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    },
    async resetPeakRss() {
      await writeFile(`/proc/${pid}/clear_refs`, '5');
    },
    peakRssMiB: () => procStatus(pid, 'VmHWM'),
    async stop() {
      socket.close();
      if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
