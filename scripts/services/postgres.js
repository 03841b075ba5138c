// @ts-check
// A local PostgreSQL cluster (Debian's postgresql-common layout): started without
// systemd, reachable over TCP with a password, and a superuser role for the tests.
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { run, tail } from './system.js';
import { hbaAllowsPasswordLogin, HBA_LINES } from './pg-hba.js';

const STARTUP_TIMEOUT_MS = 60_000;

/**
 * @typedef {object} Cluster
 * @property {string} version
 * @property {string} name
 * @property {number} port
 * @property {boolean} online
 */

/** @returns {Cluster[]} */
function listClusters() {
  const res = run('pg_lsclusters', ['--no-header']);
  if (res.code !== 0) return [];
  return res.output
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length >= 4)
    .map(([version, name, port, status]) => ({ version, name, port: Number(port), online: status.startsWith('online') }));
}

/** The newest server version installed under /usr/lib/postgresql. */
function newestInstalledVersion() {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  return readdirSync(base)
    .filter((v) => /^\d+$/.test(v) && existsSync(`${base}/${v}/bin/postgres`))
    .sort((a, b) => Number(b) - Number(a))[0];
}

/**
 * Find the cluster that serves `port` (creating `main` when the package left none),
 * start it if it is down, and wait until it accepts connections.
 * @param {number} port
 * @param {(msg: string) => void} say
 * @returns {Promise<Cluster>}
 */
export async function ensurePostgresRunning(port, say) {
  let clusters = listClusters();
  if (clusters.length === 0) {
    const version = newestInstalledVersion();
    if (!version) throw new Error('PostgreSQL is installed but no server version was found under /usr/lib/postgresql');
    say(`creating PostgreSQL ${version} cluster "main" on port ${port}`);
    const res = run('pg_createcluster', [version, 'main', '--port', String(port)], { timeoutMs: 180_000 });
    if (res.code !== 0) throw new Error(`pg_createcluster failed:\n${tail(res.output)}`);
    clusters = listClusters();
  }
  const cluster = clusters.find((c) => c.port === port);
  if (!cluster) {
    const have = clusters.map((c) => `${c.version}/${c.name} on port ${c.port}`).join(', ');
    throw new Error(`no PostgreSQL cluster listens on port ${port} (found: ${have}); change ETL_TEST_PG_URL to one of those ports`);
  }
  if (!cluster.online || !isReady(cluster)) {
    say(`starting PostgreSQL ${cluster.version}/${cluster.name} on port ${cluster.port}`);
    // setsid: keep the server out of our process group (see mariadb.js).
    const res = run('setsid', ['-w', 'pg_ctlcluster', cluster.version, cluster.name, 'start'], { timeoutMs: 120_000 });
    if (!(await waitReady(cluster))) {
      throw new Error(`PostgreSQL ${cluster.version}/${cluster.name} did not start:\n${tail(res.output)}`);
    }
  }
  return cluster;
}

/** @param {Cluster} cluster */
function isReady(cluster) {
  return psql(cluster, 'SELECT 1', 10_000).code === 0;
}

/** @param {Cluster} cluster */
async function waitReady(cluster) {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (isReady(cluster)) return true;
    await new Promise((r) => setTimeout(r, 500));
  }
  return isReady(cluster);
}

/**
 * Run SQL as the postgres superuser over the local socket (peer authentication).
 * @param {Cluster} cluster
 * @param {string} sql
 * @param {number} [timeoutMs]
 */
function psql(cluster, sql, timeoutMs = 60_000) {
  return run(
    'runuser',
    ['-u', 'postgres', '--', 'psql', '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-p', String(cluster.port), '-d', 'postgres', '-f', '-'],
    { input: sql, timeoutMs },
  );
}

/**
 * A LOGIN SUPERUSER role with the URL's password, stored as SCRAM.
 * @param {Cluster} cluster
 * @param {{ user: string, password: string }} target
 */
export function ensurePostgresRole(cluster, target) {
  const role = ident(target.user);
  const sql = `
DO $etl$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ${literal(target.user)}) THEN
    CREATE ROLE ${role};
  END IF;
END $etl$;
SET password_encryption = 'scram-sha-256';
ALTER ROLE ${role} WITH LOGIN SUPERUSER CREATEDB CREATEROLE PASSWORD ${literal(target.password)};
`;
  const res = psql(cluster, sql);
  if (res.code !== 0) throw new Error(`could not create the PostgreSQL role ${target.user}:\n${tail(res.output)}`);
}

/**
 * Make sure TCP logins from 127.0.0.1 and ::1 are checked by password; adds our lines at
 * the top of pg_hba.conf (and reloads) only when the first matching rule would refuse.
 * @param {Cluster} cluster
 * @param {string} user
 * @param {(msg: string) => void} say
 */
export function ensurePostgresHba(cluster, user, say) {
  const res = psql(cluster, 'SHOW hba_file');
  if (res.code !== 0) throw new Error(`could not find pg_hba.conf:\n${tail(res.output)}`);
  const file = res.output.trim();
  const text = readFileSync(file, 'utf8');
  if (hbaAllowsPasswordLogin(text, user)) return;
  say(`allowing password logins from 127.0.0.1 and ::1 in ${file}`);
  writeFileSync(file, `${HBA_LINES}\n${text}`);
  const reload = psql(cluster, 'SELECT pg_reload_conf()');
  if (reload.code !== 0) throw new Error(`could not reload PostgreSQL after editing ${file}:\n${tail(reload.output)}`);
}

/** @param {string} s */
function ident(s) {
  return `"${s.replace(/"/g, '""')}"`;
}

/** @param {string} s */
function literal(s) {
  return `'${s.replace(/'/g, "''")}'`;
}
