// @ts-check
// A local MariaDB server: started without systemd, and a password login for the tests.
import { chownSync, existsSync, mkdirSync } from 'node:fs';
import { commandExists, run, tail } from './system.js';

const STARTUP_TIMEOUT_MS = 60_000;

/** The Debian client is `mariadb` on current releases, `mysql` on older ones. */
function client() {
  return commandExists('mariadb') ? 'mariadb' : 'mysql';
}

function admin() {
  return commandExists('mariadb-admin') ? 'mariadb-admin' : 'mysqladmin';
}

/** `ping` succeeds as soon as the server answers, even before anyone can log in. */
function isAlive() {
  return run(admin(), ['--protocol=socket', '-uroot', 'ping'], { timeoutMs: 10_000 }).code === 0;
}

/**
 * Start the server if it is not running; waits until it answers.
 * @param {(msg: string) => void} say
 * @returns {Promise<boolean>} true when this call started it
 */
export async function ensureMariadbRunning(say) {
  if (isAlive()) return false;
  say('starting MariaDB');
  // /run is a tmpfs: after a reboot the socket folder is gone and mysqld_safe cannot create it.
  ensureSocketDir();
  // setsid: the server must not share our process group, or a Ctrl-C (or a runner that
  // kills our group on timeout) would take the database down with us.
  let up = false;
  if (existsSync('/etc/init.d/mariadb')) {
    const svc = run('setsid', ['-w', 'service', 'mariadb', 'start'], { timeoutMs: 120_000 });
    up = await waitAlive(svc.code === 0 ? 15_000 : 1_000);
  }
  if (!up) {
    say('service mariadb start did not bring it up; starting mysqld_safe directly');
    ensureSocketDir();
    run('sh', ['-c', 'setsid mysqld_safe >/dev/null 2>&1 < /dev/null &'], { timeoutMs: 10_000 });
    if (!(await waitAlive(STARTUP_TIMEOUT_MS))) {
      const log = run('sh', ['-c', 'tail -n 30 /var/log/mysql/error.log 2>/dev/null || true']).output;
      throw new Error(`MariaDB did not start within ${STARTUP_TIMEOUT_MS / 1000} s.${log ? `\n${log}` : ''}`);
    }
  }
  return true;
}

function ensureSocketDir() {
  if (existsSync('/run/mysqld')) return;
  mkdirSync('/run/mysqld', { recursive: true, mode: 0o755 });
  const ids = run('id', ['-u', 'mysql']);
  const gids = run('id', ['-g', 'mysql']);
  if (ids.code === 0 && gids.code === 0) chownSync('/run/mysqld', Number(ids.output), Number(gids.output));
}

/** @param {number} timeoutMs */
async function waitAlive(timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (isAlive()) return true;
    await new Promise((r) => setTimeout(r, 500));
  }
  return isAlive();
}

/**
 * Create (or reset) the tests' user on localhost and on every host, with the password
 * from the URL and all privileges. Runs as the server's root over the socket, which
 * Debian authenticates by the unix user (unix_socket), so no root password is needed.
 * @param {{ user: string, password: string }} target
 */
export function ensureMariadbUser(target) {
  const user = sqlString(target.user);
  const pass = sqlString(target.password);
  const sql = ['localhost', '%']
    .map((h) => {
      const account = `${user}@${sqlString(h)}`;
      // mysql_native_password: every client the app may meet speaks it (mysql2, pgloader).
      return [
        `CREATE USER IF NOT EXISTS ${account} IDENTIFIED VIA mysql_native_password USING PASSWORD(${pass});`,
        `ALTER USER ${account} IDENTIFIED VIA mysql_native_password USING PASSWORD(${pass});`,
        `GRANT ALL PRIVILEGES ON *.* TO ${account} WITH GRANT OPTION;`,
      ].join('\n');
    })
    .join('\n');
  const res = run(client(), ['--protocol=socket', '-uroot'], { input: `${sql}\nFLUSH PRIVILEGES;\n` });
  if (res.code !== 0) {
    throw new Error(
      `could not create the MariaDB user ${target.user} as root over the local socket:\n${tail(res.output)}`,
    );
  }
}

/** A MariaDB string literal, safe whatever the text holds. @param {string} s */
function sqlString(s) {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
