import type { ResolvedConnection } from './resolved.js';

/**
 * Turns driver and socket errors (mysql2, pg, node:net/tls, PGlite) into one plain
 * sentence a user can act on, plus a stable code the UI can key on.
 */

export const connectionErrorCodes = [
  'auth_failed',
  'password_required',
  'access_denied',
  'database_not_found',
  'connection_refused',
  'timeout',
  'host_not_found',
  'host_unreachable',
  'connection_reset',
  'ssl_required',
  'ssl_unsupported',
  'ssl_certificate',
  'auth_method_unsupported',
  'too_many_connections',
  'server_starting',
  'invalid_time_zone',
  'wrong_protocol',
  'driver_unavailable',
  'in_use',
  'invalid_settings',
  'server_error',
  'unknown',
] as const;
export type ConnectionErrorCode = (typeof connectionErrorCodes)[number];

export interface ConnectionProblem {
  code: ConnectionErrorCode;
  error: string;
}

interface ErrorFields {
  code?: string;
  errno?: number;
  message: string;
  sqlMessage?: string;
  hostname?: string;
}

function fieldsOf(err: unknown): ErrorFields {
  if (err instanceof AggregateError && err.errors.length > 0) {
    // Node's happy-eyeballs connect reports every tried address; the first says it all.
    const inner = fieldsOf(err.errors[0]);
    return { ...inner, code: (err as { code?: string }).code ?? inner.code };
  }
  if (err instanceof Error) {
    const e = err as Error & Partial<ErrorFields>;
    return {
      code: typeof e.code === 'string' ? e.code : undefined,
      errno: typeof e.errno === 'number' ? e.errno : undefined,
      message: e.message,
      sqlMessage: typeof e.sqlMessage === 'string' ? e.sqlMessage : undefined,
      hostname: typeof e.hostname === 'string' ? e.hostname : undefined,
    };
  }
  return { message: String(err) };
}

function endpoint(c: ResolvedConnection): string {
  if (c.kind === 'pglite') return c.path;
  return c.host.includes(':') ? `[${c.host}]:${c.port}` : `${c.host}:${c.port}`;
}

const certCodes = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
]);

export function describeConnectionError(err: unknown, c: ResolvedConnection): ConnectionProblem {
  const f = fieldsOf(err);
  const where = endpoint(c);
  const user = c.kind === 'pglite' ? '' : c.user;
  const database = c.kind === 'pglite' ? '' : c.database;
  const message = f.sqlMessage ?? f.message;

  if (f.code && certCodes.has(f.code)) {
    return { code: 'ssl_certificate', error: `The SSL certificate of ${where} was not accepted (${f.message}). Add the server's CA certificate or use SSL mode "require".` };
  }

  switch (f.code) {
    // MySQL / MariaDB
    case 'ER_ACCESS_DENIED_ERROR':
    case 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR':
      return { code: 'auth_failed', error: `Access denied for user '${user}': wrong user name or password` };
    case 'ER_DBACCESS_DENIED_ERROR':
      return { code: 'access_denied', error: `User '${user}' has no access to database '${database}'` };
    case 'ER_BAD_DB_ERROR':
      return { code: 'database_not_found', error: `Database '${database}' does not exist on the server` };
    case 'ER_HOST_NOT_PRIVILEGED':
      return { code: 'access_denied', error: `The server at ${where} does not accept connections from this computer (${message})` };
    case 'ER_CON_COUNT_ERROR':
    case 'ER_TOO_MANY_USER_CONNECTIONS':
      return { code: 'too_many_connections', error: `The server at ${where} has too many connections; try again later` };
    case 'ER_SECURE_TRANSPORT_REQUIRED':
      return { code: 'ssl_required', error: `The server at ${where} requires SSL; set SSL mode to "require"` };
    case 'HANDSHAKE_NO_SSL_SUPPORT':
      return { code: 'ssl_unsupported', error: `The server at ${where} does not support SSL; set SSL mode to "disable" or "prefer"` };
    case 'ER_NOT_SUPPORTED_AUTH_MODE':
    case 'AUTH_SWITCH_PLUGIN_ERROR':
      return { code: 'auth_method_unsupported', error: `The server asks for an authentication method this driver cannot use (${message})` };
    case 'ER_UNKNOWN_TIME_ZONE':
      return { code: 'invalid_time_zone', error: `The server does not know the session time zone (${message})` };

    // PostgreSQL SQLSTATEs
    case '28P01':
      return { code: 'auth_failed', error: `Access denied for user '${user}': wrong user name or password` };
    case '28000':
      if (/no pg_hba\.conf entry/i.test(message) && /no encryption|ssl off/i.test(message)) {
        return { code: 'ssl_required', error: `The server at ${where} refuses unencrypted connections from this computer; set SSL mode to "require"` };
      }
      if (/role .* does not exist/i.test(message)) {
        return { code: 'auth_failed', error: `Access denied for user '${user}': wrong user name or password` };
      }
      return { code: 'access_denied', error: `The server at ${where} does not let user '${user}' connect from this computer (${message})` };
    case '3D000':
      return { code: 'database_not_found', error: `Database '${database}' does not exist on the server` };
    case '42501':
      return { code: 'access_denied', error: `User '${user}' may not connect to database '${database}' (${message})` };
    case '53300':
      return { code: 'too_many_connections', error: `The server at ${where} has too many connections; try again later` };
    case '57P03':
      return { code: 'server_starting', error: `The server at ${where} is starting up or shutting down; try again in a moment` };

    // Sockets and DNS
    case 'ECONNREFUSED':
      return { code: 'connection_refused', error: `Cannot reach ${where}: connection refused (is the server running and listening on port ${c.kind === 'pglite' ? '?' : c.port}?)` };
    case 'ETIMEDOUT':
    case 'ESOCKETTIMEDOUT':
      return { code: 'timeout', error: `Cannot reach ${where}: no answer in time (a firewall, a wrong host, a server that is down, or another kind of server on that port)` };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
    case 'EAI_FAIL':
      return { code: 'host_not_found', error: `Cannot find host '${c.kind === 'pglite' ? '' : c.host}': the name does not resolve (check the spelling or your DNS)` };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
    case 'ENETDOWN':
      return { code: 'host_unreachable', error: `Cannot reach ${where}: no route to the host (network down or wrong address)` };
    case 'ECONNRESET':
    case 'EPIPE':
    case 'PROTOCOL_CONNECTION_LOST':
      return { code: 'connection_reset', error: `The connection to ${where} was closed by the other side during sign-in (a wrong port, an SSL mismatch, or a server that is not ${c.kind === 'mysql' ? 'MySQL/MariaDB' : c.kind === 'postgres' ? 'PostgreSQL' : c.kind})` };
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return { code: 'access_denied', error: `Cannot use the folder ${where}: permission denied` };
    case 'driver_unavailable':
      return { code: 'driver_unavailable', error: f.message };
    case 'conflict':
      return { code: 'in_use', error: f.message };
    case 'validation':
      return { code: 'invalid_settings', error: f.message };
  }

  // Errors that carry no code: match the drivers' own words.
  if (/does not support SSL/i.test(message)) {
    return { code: 'ssl_unsupported', error: `The server at ${where} does not support SSL; set SSL mode to "disable" or "prefer"` };
  }
  if (/connection timeout|timeout expired|timed out/i.test(message)) {
    return { code: 'timeout', error: `Cannot reach ${where}: no answer in time (a firewall, a wrong host, a server that is down, or another kind of server on that port)` };
  }
  if (/client password must be a string|password must be a string/i.test(message)) {
    return { code: 'password_required', error: `The server requires a password for user '${user}'` };
  }
  if (/unexpected .*message from (the )?backend|Malformed packet|Unexpected packet/i.test(message)) {
    return { code: 'wrong_protocol', error: `The server at ${where} does not speak the ${c.kind === 'postgres' ? 'PostgreSQL' : c.kind === 'mysql' ? 'MySQL' : c.kind} protocol; check the port (MySQL usually listens on 3306, PostgreSQL on 5432)` };
  }
  if (/Connection terminated unexpectedly/i.test(message)) {
    return { code: 'connection_reset', error: `The connection to ${where} was closed by the other side during sign-in (a wrong port, an SSL mismatch, or a server that is not PostgreSQL)` };
  }
  if (f.code && /^[0-9A-Z]{5}$/.test(f.code)) {
    return { code: 'server_error', error: `The server at ${where} refused the connection: ${message}` };
  }
  if (f.errno !== undefined && f.code?.startsWith('ER_')) {
    return { code: 'server_error', error: `The server at ${where} refused the connection: ${message}` };
  }
  return { code: 'unknown', error: `Could not connect to ${where}: ${message}` };
}
