import type { SslOptions } from '../../../shared/profiles/profile.js';

/** Node TLS options for a profile's SSL mode; undefined means a plain connection. */
export function tlsOptions(ssl: SslOptions): { rejectUnauthorized: boolean; ca?: string; checkServerIdentity?: () => undefined } | undefined {
  switch (ssl.mode) {
    case 'disable':
    case 'prefer':
      return undefined;
    case 'require':
      return { rejectUnauthorized: false };
    case 'verify-ca':
      // The chain is verified, the host name is not (libpq's verify-ca).
      return { rejectUnauthorized: true, ca: ssl.ca, checkServerIdentity: () => undefined };
    case 'verify-full':
      return { rejectUnauthorized: true, ca: ssl.ca };
  }
}
