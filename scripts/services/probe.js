// @ts-check
// Can the tests log in? Answered with the same drivers the app uses.
import mysql from 'mysql2/promise';
import pg from 'pg';

const CONNECT_TIMEOUT_MS = 5_000;

/**
 * @typedef {{ ok: true, version: string } | { ok: false, error: string }} ProbeResult
 */

/**
 * @param {string} url
 * @returns {Promise<ProbeResult>}
 */
export async function probeMysql(url) {
  let conn;
  try {
    conn = await mysql.createConnection({ uri: url, connectTimeout: CONNECT_TIMEOUT_MS });
    const [rows] = await conn.query('SELECT VERSION() AS v');
    const version = Array.isArray(rows) && rows[0] && 'v' in rows[0] ? String(rows[0].v) : 'unknown';
    return { ok: true, version };
  } catch (err) {
    return { ok: false, error: describe(err) };
  } finally {
    await conn?.end().catch(() => {});
  }
}

/**
 * @param {string} url
 * @returns {Promise<ProbeResult>}
 */
export async function probePostgres(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  // Without a listener, a server that drops the connection later would crash this process.
  client.on('error', () => {});
  try {
    await client.connect();
    const res = await client.query('SHOW server_version');
    return { ok: true, version: String(res.rows[0]?.server_version ?? 'unknown') };
  } catch (err) {
    return { ok: false, error: describe(err) };
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Poll until the probe succeeds or the time is up; returns the last result.
 * @param {() => Promise<ProbeResult>} probe
 * @param {number} timeoutMs
 * @returns {Promise<ProbeResult>}
 */
export async function waitFor(probe, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await probe();
    if (res.ok || Date.now() >= deadline) return res;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** @param {unknown} err */
function describe(err) {
  if (err instanceof Error) {
    const code = /** @type {{ code?: unknown }} */ (err).code;
    // An AggregateError (e.g. ::1 and 127.0.0.1 both refused) has an empty message.
    const msg = err.message || (err instanceof AggregateError ? err.errors.map((e) => String(e?.message ?? e)).join('; ') : '');
    return code && !msg.includes(String(code)) ? `${code}: ${msg}` : msg || String(code ?? err);
  }
  return String(err);
}
