// @ts-check
// Runs one step of `npm test` as a child process with its output streamed straight
// through, and can stop it with everything it started.
import { spawn } from 'node:child_process';

/**
 * @typedef {object} StepRun
 * @property {number} code        exit code; 1 when it was killed or could not start
 * @property {boolean} timedOut
 * @property {number} ms          wall time
 * @property {string} [error]     why it could not start, or what killed it
 */

/** Child process groups still running, so a Ctrl-C or a kill of `npm test` ends them too. */
const running = new Set();
let handlersInstalled = false;

function installSignalHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const sig of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
    process.on(sig, () => {
      for (const pid of running) killGroup(pid, 'SIGTERM');
      process.exit(sig === 'SIGINT' ? 130 : 143);
    });
  }
}

/** @param {number} pid @param {NodeJS.Signals} sig */
function killGroup(pid, sig) {
  try {
    process.kill(-pid, sig);
  } catch {
    // already gone
  }
}

/**
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ env: NodeJS.ProcessEnv, cwd: string, timeoutMs: number }} opts
 * @returns {Promise<StepRun>}
 */
export function runStep(cmd, args, opts) {
  installSignalHandlers();
  const started = Date.now();
  return new Promise((resolve) => {
    // Own process group (detached) so a timeout can end the whole tree: vitest workers,
    // the preview server Playwright starts, tsc under npm. stdin is closed: CI has none,
    // and a step that waits for input must fail, not hang.
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'inherit', 'inherit'], detached: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid) {
        killGroup(child.pid, 'SIGTERM');
        setTimeout(() => child.pid && killGroup(child.pid, 'SIGKILL'), 5_000).unref();
      }
    }, opts.timeoutMs);
    if (child.pid) running.add(child.pid);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ code: 1, timedOut: false, ms: Date.now() - started, error: `could not start ${cmd}: ${err.message}` });
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (child.pid) {
        running.delete(child.pid);
        // Leftovers of a finished step (a server it forgot to stop) would hold our stdout
        // open and keep CI waiting; the step is over, so they go.
        killGroup(child.pid, 'SIGTERM');
      }
      resolve({
        code: code ?? 1,
        timedOut,
        ms: Date.now() - started,
        error: timedOut ? `timed out after ${Math.round(opts.timeoutMs / 1000)} s` : signal ? `killed by ${signal}` : undefined,
      });
    });
  });
}
