// @ts-check
// Running system commands for provisioning, and what this machine lets us do.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let serial = 0;

/**
 * @typedef {object} CommandResult
 * @property {number} code     exit code, or -1 when it could not run or was killed
 * @property {string} output   stdout and stderr together (tail of it, for messages)
 */

/**
 * Run a command to completion. Output goes to a log file, never to a pipe: a daemon that a
 * start script forks inherits our stdio, and a pipe it holds open would hang whoever
 * reads our output (npm test, CI) until the daemon dies.
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ input?: string, env?: NodeJS.ProcessEnv, timeoutMs?: number, cwd?: string }} [opts]
 * @returns {CommandResult}
 */
export function run(cmd, args, opts = {}) {
  const logPath = join(tmpdir(), `etl-services-${process.pid}-${serial++}.log`);
  const fd = openSync(logPath, 'w');
  try {
    const res = spawnSync(cmd, args, {
      stdio: [opts.input === undefined ? 'ignore' : 'pipe', fd, fd],
      input: opts.input,
      env: opts.env ?? process.env,
      timeout: opts.timeoutMs ?? 120_000,
      cwd: opts.cwd ?? '/',
    });
    const output = readFileSync(logPath, 'utf8');
    if (res.error) return { code: -1, output: `${output}\n${res.error.message}`.trim() };
    return { code: res.status ?? -1, output: output.trim() };
  } finally {
    closeSync(fd);
    rmSync(logPath, { force: true });
  }
}

/** @param {string} name */
export function commandExists(name) {
  return run('sh', ['-c', `command -v ${name}`]).code === 0;
}

export function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

export function isDebian() {
  return existsSync('/etc/debian_version') && commandExists('apt-get') && commandExists('dpkg');
}

/** @param {string} pkg */
export function isInstalled(pkg) {
  const res = run('dpkg-query', ['-W', '-f=${Status}', pkg]);
  return res.code === 0 && res.output.includes('install ok installed');
}

/**
 * apt-get update once, then install the given packages, non-interactively.
 * @param {string[]} pkgs
 * @param {(msg: string) => void} say
 */
export function aptInstall(pkgs, say) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  say(`apt-get update (missing: ${pkgs.join(', ')})`);
  const upd = run('apt-get', ['update'], { env, timeoutMs: 10 * 60_000 });
  if (upd.code !== 0) throw new Error(`apt-get update failed:\n${tail(upd.output)}`);
  say(`apt-get install -y ${pkgs.join(' ')} (this can take a few minutes)`);
  // setsid: where no policy-rc.d forbids it, the packages' install scripts start their
  // servers; those must outlive this process group (npm test ends a step's group after it).
  const inst = run('setsid', ['-w', 'apt-get', 'install', '-y', ...pkgs], { env, timeoutMs: 25 * 60_000 });
  if (inst.code !== 0) throw new Error(`apt-get install ${pkgs.join(' ')} failed:\n${tail(inst.output)}`);
}

/** @param {string} text @param {number} [lines] */
export function tail(text, lines = 25) {
  return text.split('\n').slice(-lines).join('\n');
}
