import { ApiError } from '../../../shared/api/contract.js';
import { sslModes, type SslOptions } from '../../../shared/profiles/profile.js';
import type { ResolvedConnection } from './resolved.js';

/**
 * Connection URLs as users paste them from docs and coursework:
 *   mysql://user:pass@host:3306/db   (also mariadb://)
 *   postgres://user:pass@host:5432/db (also postgresql://)
 *   pglite:./folder, pglite:/abs/folder, pglite:///abs/folder
 *   db2://user:pass@host:50000/db
 * Query parameters: ssl / sslmode, and timezone (mysql only).
 */

type ServerKind = 'mysql' | 'postgres' | 'db2';

const schemes: Record<string, ServerKind> = {
  'mysql:': 'mysql',
  'mariadb:': 'mysql',
  'postgres:': 'postgres',
  'postgresql:': 'postgres',
  'db2:': 'db2',
};

const defaultPorts: Record<ServerKind, number> = { mysql: 3306, postgres: 5432, db2: 50000 };

/** libpq's and MySQL's habits: a missing user means the server's usual admin account. */
const defaultUsers: Record<ServerKind, string | null> = { mysql: 'root', postgres: 'postgres', db2: null };

const SUPPORTED = "use mysql://, postgres://, pglite:PATH or db2://";

function invalid(message: string): ApiError {
  return new ApiError('validation', message);
}

function decode(part: string, what: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw invalid(`The ${what} in the connection URL has a broken percent-escape ('${part.length > 40 ? part.slice(0, 40) + '…' : part}')`);
  }
}

/** WHATWG URLSearchParams turns '+' into a space, which would corrupt '+02:00'; so split by hand. */
function parseQuery(query: string): Map<string, string> {
  const params = new Map<string, string>();
  if (!query) return params;
  for (const pair of query.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = decode(eq < 0 ? pair : pair.slice(0, eq), 'parameter name').toLowerCase();
    const value = eq < 0 ? '' : decode(pair.slice(eq + 1), `value of '${key}'`);
    if (params.has(key)) throw invalid(`The connection URL sets '${key}' twice`);
    params.set(key, value);
  }
  return params;
}

function parseSslMode(params: Map<string, string>): SslOptions['mode'] {
  const sslmode = params.get('sslmode');
  const ssl = params.get('ssl');
  if (sslmode !== undefined && ssl !== undefined) throw invalid("Use either 'ssl' or 'sslmode' in the connection URL, not both");
  if (sslmode !== undefined) {
    const mode = sslmode.toLowerCase();
    if (!(sslModes as readonly string[]).includes(mode)) {
      throw invalid(`Unknown sslmode '${sslmode}'; use one of ${sslModes.join(', ')}`);
    }
    return mode as SslOptions['mode'];
  }
  if (ssl !== undefined) {
    const value = ssl.toLowerCase();
    if (['true', '1', 'on', 'yes', ''].includes(value)) return 'require';
    if (['false', '0', 'off', 'no'].includes(value)) return 'disable';
    if ((sslModes as readonly string[]).includes(value)) return value as SslOptions['mode'];
    throw invalid(`Unknown ssl value '${ssl}'; use true, false or one of ${sslModes.join(', ')}`);
  }
  return 'disable';
}

function parseTimeZone(value: string): string {
  const v = value.trim();
  if (/^(utc|z|gmt)$/i.test(v)) return '+00:00';
  const m = /^([+-])(\d{1,2}):?(\d{2})$/.exec(v);
  if (!m) throw invalid(`Time zone '${value}' must look like +00:00 (an offset from UTC)`);
  const hours = Number(m[2]);
  const minutes = Number(m[3]);
  if (hours > 14 || minutes > 59) throw invalid(`Time zone '${value}' is out of range (-12:00 to +14:00)`);
  const sign = m[1] === '-' ? '-' : '+';
  return `${sign}${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

function parsePglite(url: string): ResolvedConnection {
  let rest = url.slice('pglite:'.length);
  if (rest.startsWith('//')) {
    // pglite:///abs/path (empty authority) or pglite://./rel; a host name makes no sense here.
    rest = rest.slice(2);
    if (rest && !rest.startsWith('/') && !rest.startsWith('.')) {
      throw invalid(`pglite URLs name a folder, not a host: write pglite:///absolute/folder or pglite:relative/folder (got '${url}')`);
    }
    rest = decode(rest, 'folder');
  }
  if (!rest.trim()) throw invalid('The pglite URL needs a folder, e.g. pglite:./data/warehouse');
  if (rest.includes('\0')) throw invalid('The pglite folder contains a NUL character');
  return { kind: 'pglite', path: rest };
}

/** Parses a connection URL into a ready-to-open connection; ApiError('validation') on anything wrong. */
export function parseConnectionUrl(url: string): ResolvedConnection {
  const text = url.trim();
  if (!text) throw invalid('The connection URL is empty');
  const schemeMatch = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(text);
  if (!schemeMatch) throw invalid(`'${redactUrl(text)}' is not a connection URL; ${SUPPORTED}`);
  const scheme = schemeMatch[0].toLowerCase();
  if (scheme === 'pglite:') return parsePglite(text);
  const kind = schemes[scheme];
  if (!kind) throw invalid(`Unsupported scheme '${scheme}'; ${SUPPORTED}`);
  if (!text.slice(scheme.length).startsWith('//')) {
    throw invalid(`A ${kind} URL looks like ${scheme}//user:password@host:port/database`);
  }

  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw invalid(`'${redactUrl(text)}' is not a valid URL (characters such as @ : / # ? in a password must be percent-encoded, e.g. @ as %40)`);
  }
  if (parsed.hash) throw invalid("The connection URL contains '#'; percent-encode it as %23 if it belongs to the password");

  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) throw invalid(`The ${kind} URL has no host name`);

  let port = defaultPorts[kind];
  if (parsed.port) {
    port = Number(parsed.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw invalid(`Port ${parsed.port} is out of range (1-65535)`);
  }

  const user = parsed.username ? decode(parsed.username, 'user name') : defaultUsers[kind];
  if (!user) throw invalid(`The ${kind} URL needs a user name: ${scheme}//user:password@${host}:${port}/database`);
  const password = parsed.password ? decode(parsed.password, 'password') : undefined;

  const rawPath = parsed.pathname.replace(/^\//, '');
  if (rawPath.includes('/')) throw invalid(`The database name '${decode(rawPath, 'database')}' contains '/'; a URL holds one database name after the host`);
  const database = decode(rawPath, 'database name');
  if (database.length > 128) throw invalid('The database name is longer than 128 characters');

  const params = parseQuery(parsed.search.replace(/^\?/, ''));
  const ssl: SslOptions = { mode: parseSslMode(params) };
  params.delete('ssl');
  params.delete('sslmode');
  let timeZone = '+00:00';
  if (params.has('timezone')) {
    if (kind !== 'mysql') throw invalid(`'timezone' applies to mysql:// URLs only (${kind} sessions run in UTC)`);
    timeZone = parseTimeZone(params.get('timezone') ?? '');
    params.delete('timezone');
  }
  if (params.size > 0) {
    const allowed = kind === 'mysql' ? 'ssl, sslmode, timezone' : 'ssl, sslmode';
    throw invalid(`Unknown connection URL parameter '${[...params.keys()][0]}'; allowed: ${allowed}`);
  }

  switch (kind) {
    case 'mysql':
      // An empty database is allowed: "Test connection" against a server without choosing one.
      return { kind, host, port, database, user, password, ssl, timeZone };
    case 'postgres':
      return { kind, host, port, database: database || user, user, password, ssl };
    case 'db2':
      if (!database) throw invalid(`The db2 URL needs a database name: db2://user:password@${host}:${port}/DATABASE`);
      return { kind, host, port, database, user, password, ssl };
  }
}

/**
 * The URL with its password replaced by ***, for logs and error messages. Works on
 * malformed URLs too: everything between the user name and the last '@' counts as
 * password, so an unencoded '@' or '/' in a password is never shown.
 */
export function redactUrl(url: string): string {
  const start = url.indexOf('://');
  if (start < 0) return url;
  const authorityStart = start + 3;
  const at = url.lastIndexOf('@');
  if (at < authorityStart) return url;
  const userinfo = url.slice(authorityStart, at);
  const colon = userinfo.indexOf(':');
  if (colon < 0) return url;
  return `${url.slice(0, authorityStart)}${userinfo.slice(0, colon)}:***${url.slice(at)}`;
}
