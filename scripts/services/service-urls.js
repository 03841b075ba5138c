// @ts-check
// Where the tests expect their database servers, and what a URL tells us about them.

export const DEFAULT_MYSQL_URL = 'mysql://etl:etl@127.0.0.1:3306/';
export const DEFAULT_PG_URL = 'postgres://etl:etl@127.0.0.1:5432/postgres';

/**
 * @typedef {object} ServerTarget
 * @property {string} url       the full URL the tests will use
 * @property {string} host
 * @property {number} port
 * @property {string} user
 * @property {string} password
 * @property {boolean} local    true when this machine can provide the server itself
 */

/** @param {NodeJS.ProcessEnv} env */
export function mysqlUrlFrom(env) {
  return nonEmpty(env.ETL_TEST_MYSQL_URL) ?? DEFAULT_MYSQL_URL;
}

/** @param {NodeJS.ProcessEnv} env */
export function pgUrlFrom(env) {
  return nonEmpty(env.ETL_TEST_PG_URL) ?? DEFAULT_PG_URL;
}

/**
 * @param {string} url
 * @param {number} defaultPort
 * @returns {ServerTarget}
 */
export function parseServerUrl(url, defaultPort) {
  const u = new URL(url);
  // URL keeps IPv6 hosts in brackets; the drivers and our checks want them bare.
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
  return {
    url,
    host,
    port: u.port ? Number(u.port) : defaultPort,
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    local: isLoopback(host),
  };
}

/** @param {string} host */
export function isLoopback(host) {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** @param {string | undefined} v */
function nonEmpty(v) {
  return v && v.trim() !== '' ? v.trim() : undefined;
}
