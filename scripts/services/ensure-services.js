#!/usr/bin/env node
// @ts-check
// Makes the services the tests need reachable: a MariaDB and a PostgreSQL that the URLs in
// ETL_TEST_MYSQL_URL / ETL_TEST_PG_URL log in to, Chromium for the e2e tests, and pgloader
// when asked (`--with pgloader`, for the benchmark). Uses what already works; otherwise, as
// root on Debian, installs, starts and configures what is missing. Safe to run again.
//
//   node scripts/services/ensure-services.js [--with pgloader] [--no-browser]
//
// ETL_SERVICES_NO_PROVISION=1 forbids touching the system even as root: it only checks.
import { existsSync } from 'node:fs';
import { DEFAULT_MYSQL_URL, DEFAULT_PG_URL, mysqlUrlFrom, parseServerUrl, pgUrlFrom } from './service-urls.js';
import { probeMysql, probePostgres, waitFor } from './probe.js';
import { aptInstall, commandExists, isDebian, isInstalled, isRoot } from './system.js';
import { ensureMariadbRunning, ensureMariadbUser } from './mariadb.js';
import { ensurePostgresHba, ensurePostgresRole, ensurePostgresRunning } from './postgres.js';

const CHROMIUM_PATH = '/usr/bin/chromium';

/** @param {string} msg */
const say = (msg) => console.log(`[services] ${msg}`);

/** @param {string[]} argv */
function parseArgs(argv) {
  const opts = { pgloader: false, browser: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const withValue = a === '--with' ? argv[++i] : a.startsWith('--with=') ? a.slice(7) : undefined;
    if (withValue !== undefined) {
      for (const w of withValue.split(',')) {
        if (w === 'pgloader') opts.pgloader = true;
        else throw new Error(`unknown --with value "${w}" (known: pgloader)`);
      }
    } else if (a === '--no-browser') opts.browser = false;
    else throw new Error(`unknown argument "${a}" (usage: ensure-services.js [--with pgloader] [--no-browser])`);
  }
  return opts;
}

/** Passwords stay out of logs. @param {string} url */
function masked(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const mysqlTarget = parseServerUrl(mysqlUrlFrom(process.env), 3306);
  const pgTarget = parseServerUrl(pgUrlFrom(process.env), 5432);

  const [mysqlProbe, pgProbe] = await Promise.all([probeMysql(mysqlTarget.url), probePostgres(pgTarget.url)]);
  const chromiumMissing = opts.browser && !existsSync(CHROMIUM_PATH);
  const pgloaderMissing = opts.pgloader && !commandExists('pgloader');

  if (mysqlProbe.ok && pgProbe.ok && !chromiumMissing && !pgloaderMissing) {
    say(`MariaDB/MySQL ${mysqlProbe.version} at ${masked(mysqlTarget.url)}: ready`);
    say(`PostgreSQL ${pgProbe.version} at ${masked(pgTarget.url)}: ready`);
    if (opts.browser) say(`Chromium at ${CHROMIUM_PATH}: ready`);
    if (opts.pgloader) say('pgloader: ready');
    return 0;
  }

  /** @type {string[]} */
  const problems = [];
  if (!mysqlProbe.ok) {
    problems.push(
      `MariaDB/MySQL at ${masked(mysqlTarget.url)} does not accept the login: ${mysqlProbe.error}\n` +
        `    Provide a MariaDB or MySQL server and a user that may create and drop databases, and set\n` +
        `    ETL_TEST_MYSQL_URL=mysql://USER:PASSWORD@HOST:PORT/   (default ${DEFAULT_MYSQL_URL})`,
    );
  }
  if (!pgProbe.ok) {
    problems.push(
      `PostgreSQL at ${masked(pgTarget.url)} does not accept the login: ${pgProbe.error}\n` +
        `    Provide a PostgreSQL server and a superuser role, and set\n` +
        `    ETL_TEST_PG_URL=postgres://USER:PASSWORD@HOST:PORT/postgres   (default ${DEFAULT_PG_URL})`,
    );
  }
  if (chromiumMissing) {
    problems.push(
      `Chromium is not installed at ${CHROMIUM_PATH} (the e2e tests drive it).\n` +
        `    Install it (Debian: apt-get install chromium), or set ETL_TEST_SKIP_E2E=1 to run without the browser tests.`,
    );
  }
  if (pgloaderMissing) problems.push('pgloader is not installed (the benchmark compares against it). Debian: apt-get install pgloader');

  const why = process.env.ETL_SERVICES_NO_PROVISION === '1'
    ? 'ETL_SERVICES_NO_PROVISION=1 is set'
    : !isRoot()
      ? 'this script is not running as root'
      : !isDebian()
        ? 'this is not a Debian system with apt-get'
        : undefined;
  const remote = [!mysqlProbe.ok && !mysqlTarget.local && 'ETL_TEST_MYSQL_URL', !pgProbe.ok && !pgTarget.local && 'ETL_TEST_PG_URL'].filter(Boolean);
  if (why || remote.length > 0) {
    console.error(`[services] The tests cannot run yet, and this script will not fix it because ${why ?? `${remote.join(' and ')} point at another machine`}:`);
    for (const p of problems) console.error(`  - ${p}`);
    return 1;
  }

  for (const p of problems) say(`needs fixing: ${p.split('\n')[0]}`);
  const packages = [
    !mysqlProbe.ok && 'mariadb-server',
    !pgProbe.ok && 'postgresql',
    chromiumMissing && 'chromium',
    pgloaderMissing && 'pgloader',
  ].filter(/** @returns {p is string} */ (p) => typeof p === 'string' && !isInstalled(p));
  if (packages.length > 0) aptInstall(packages, say);
  if (chromiumMissing && !existsSync(CHROMIUM_PATH)) throw new Error(`chromium is installed but ${CHROMIUM_PATH} is missing`);
  if (pgloaderMissing && !commandExists('pgloader')) throw new Error('pgloader is installed but not on PATH');

  if (!mysqlProbe.ok) {
    const started = await ensureMariadbRunning(say);
    let res = started ? await waitFor(() => probeMysql(mysqlTarget.url), 5_000) : mysqlProbe;
    if (!res.ok) {
      say(`creating MariaDB user ${mysqlTarget.user}@localhost and ${mysqlTarget.user}@% with all privileges`);
      ensureMariadbUser(mysqlTarget);
      res = await waitFor(() => probeMysql(mysqlTarget.url), 10_000);
    }
    if (!res.ok) throw new Error(`MariaDB is running but ${masked(mysqlTarget.url)} still does not log in: ${res.error}`);
    say(`MariaDB ${res.version} at ${masked(mysqlTarget.url)}: ready`);
  }

  if (!pgProbe.ok) {
    const cluster = await ensurePostgresRunning(pgTarget.port, say);
    let res = await waitFor(() => probePostgres(pgTarget.url), 2_000);
    if (!res.ok) {
      ensurePostgresHba(cluster, pgTarget.user, say);
      say(`creating PostgreSQL role ${pgTarget.user} (LOGIN SUPERUSER, scram-sha-256 password)`);
      ensurePostgresRole(cluster, pgTarget);
      res = await waitFor(() => probePostgres(pgTarget.url), 10_000);
    }
    if (!res.ok) throw new Error(`PostgreSQL is running but ${masked(pgTarget.url)} still does not log in: ${res.error}`);
    say(`PostgreSQL ${res.version} at ${masked(pgTarget.url)}: ready`);
  }
  if (opts.browser) say(`Chromium at ${CHROMIUM_PATH}: ready`);
  if (opts.pgloader) say('pgloader: ready');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`[services] failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
