import type { ResolvedConnection } from './resolved.js';

/**
 * IBM DB2 is optional: the 'ibm_db' package needs IBM's native CLI driver, which npm
 * cannot always fetch, so it is never a hard dependency. It is imported lazily and a
 * missing or broken install turns into a plain message instead of a crash.
 */

export type Db2Row = Record<string, unknown>;

/** The slice of ibm_db's promise API the engine uses (open without a callback returns a promise). */
export interface Db2Database {
  query(sql: string, params?: unknown[]): Promise<Db2Row[]>;
  close(): Promise<unknown>;
}

export interface Db2Module {
  open(connectionString: string): Promise<Db2Database>;
}

export type Db2Connection = Extract<ResolvedConnection, { kind: 'db2' }>;

export const DB2_DRIVER_MISSING =
  'The IBM DB2 driver (ibm_db) is not installed. Install it with `npm install ibm_db` (it needs IBM\'s CLI driver download) and restart ETL Studio.';

// A variable specifier keeps TypeScript and bundlers from resolving the optional package at build time.
const PACKAGE = 'ibm_db';

let loading: Promise<Db2Module | null> | undefined;
let loadError: string | null = null;

function isDb2Module(value: unknown): value is Db2Module {
  return typeof value === 'object' && value !== null && typeof (value as { open?: unknown }).open === 'function';
}

async function importDriver(): Promise<Db2Module | null> {
  try {
    const ns: unknown = await import(PACKAGE);
    // ibm_db is CommonJS: its exports arrive as the namespace's default.
    const candidate = typeof ns === 'object' && ns !== null && 'default' in ns ? (ns as { default: unknown }).default : ns;
    if (isDb2Module(candidate)) return candidate;
    if (isDb2Module(ns)) return ns;
    loadError = 'ibm_db loaded but does not offer open(); the installed version is not supported';
    return null;
  } catch (err) {
    // Not installed, or installed without its native bindings (the usual failed-download case).
    loadError = err instanceof Error ? err.message : String(err);
    return null;
  }
}

/** The ibm_db module when it is installed and loads; null otherwise. Tried once per process. */
export function loadDb2Driver(): Promise<Db2Module | null> {
  loading ??= importDriver();
  return loading;
}

export async function db2DriverAvailable(): Promise<boolean> {
  return (await loadDb2Driver()) !== null;
}

/** Why the driver did not load (module not found, missing native bindings), for logs; null when it loaded or was not tried. */
export function db2DriverLoadError(): string | null {
  return loadError;
}

/** An ibm_db connection string; values with ';' are wrapped in braces as the CLI driver expects. */
export function db2ConnectionString(c: Db2Connection): string {
  const value = (v: string) => (/[;{}]/.test(v) ? `{${v.replace(/}/g, '}}')}}` : v);
  const parts = [
    `DATABASE=${value(c.database)}`,
    `HOSTNAME=${value(c.host)}`,
    `PORT=${c.port}`,
    'PROTOCOL=TCPIP',
    `UID=${value(c.user)}`,
  ];
  if (c.password !== undefined) parts.push(`PWD=${value(c.password)}`);
  if (c.ssl.mode !== 'disable' && c.ssl.mode !== 'prefer') parts.push('Security=SSL');
  parts.push('CONNECTTIMEOUT=10');
  return parts.join(';') + ';';
}
