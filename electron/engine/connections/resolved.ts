import type { SslOptions } from '../../../shared/profiles/profile.js';

/**
 * A connection with its secret in hand, ready to open. Lives only inside the engine:
 * it never crosses to the renderer and is never logged (use describeConnection).
 */
export type ResolvedConnection =
  | { kind: 'mysql'; host: string; port: number; database: string; user: string; password?: string; ssl: SslOptions; timeZone: string }
  | { kind: 'postgres'; host: string; port: number; database: string; user: string; password?: string; ssl: SslOptions }
  | { kind: 'pglite'; path: string }
  | { kind: 'db2'; host: string; port: number; database: string; user: string; password?: string; ssl: SslOptions };

/** A log-safe description: kind, user, host, database; never the password. */
export function describeConnection(c: ResolvedConnection): string {
  switch (c.kind) {
    case 'pglite':
      return `pglite:${c.path}`;
    default:
      return `${c.kind}://${c.user}@${c.host}:${c.port}/${c.database}`;
  }
}
