import { z } from 'zod';
import { sslSchema, type Profile, type ProfileInputParsed } from '../../../shared/profiles/profile.js';
import type { ResolvedConnection } from '../connections/resolved.js';

/**
 * A profile as it sits in the settings file: the form fields plus the password as
 * ciphertext from the SecretBox (`secret`, null when none is saved). Read back through
 * this schema, so a hand-edited or damaged entry is reported instead of trusted.
 */
const common = {
  id: z.string().min(1),
  name: z.string().min(1),
  createdAt: z.string(),
  updatedAt: z.string(),
};
const server = {
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535),
  database: z.string().min(1),
  user: z.string().min(1),
  ssl: sslSchema,
  secret: z.string().nullable().default(null),
};

export const storedProfileSchema = z.discriminatedUnion('kind', [
  z.object({ ...common, kind: z.literal('mysql'), ...server, timeZone: z.string().default('+00:00') }),
  z.object({ ...common, kind: z.literal('postgres'), ...server }),
  z.object({ ...common, kind: z.literal('pglite'), path: z.string().min(1) }),
  z.object({ ...common, kind: z.literal('db2'), ...server }),
]);
export type StoredProfile = z.output<typeof storedProfileSchema>;

export function storedSecret(p: StoredProfile): string | null {
  return p.kind === 'pglite' ? null : p.secret;
}

/** What leaves the engine: never the secret, only whether one is saved and whether it still decrypts. */
export function toProfile(p: StoredProfile, secretUnreadable: boolean): Profile {
  const meta = { id: p.id, name: p.name, updatedAt: p.updatedAt };
  switch (p.kind) {
    case 'pglite':
      return { ...meta, kind: 'pglite', path: p.path, hasPassword: false };
    case 'mysql':
      return { ...meta, kind: 'mysql', host: p.host, port: p.port, database: p.database, user: p.user, ssl: p.ssl, timeZone: p.timeZone,
        hasPassword: p.secret !== null, ...(secretUnreadable ? { passwordUnreadable: true } : {}) };
    case 'postgres':
    case 'db2':
      return { ...meta, kind: p.kind, host: p.host, port: p.port, database: p.database, user: p.user, ssl: p.ssl,
        hasPassword: p.secret !== null, ...(secretUnreadable ? { passwordUnreadable: true } : {}) };
  }
}

/** Builds the stored entry from form values; `secret` is already ciphertext (or null). */
export function toStored(
  input: ProfileInputParsed,
  meta: { id: string; createdAt: string; updatedAt: string },
  secret: string | null,
): StoredProfile {
  const common_ = { id: meta.id, name: input.name, createdAt: meta.createdAt, updatedAt: meta.updatedAt };
  switch (input.kind) {
    case 'pglite':
      return { ...common_, kind: 'pglite', path: input.path };
    case 'mysql':
      return { ...common_, kind: 'mysql', host: input.host, port: input.port, database: input.database, user: input.user,
        ssl: input.ssl, timeZone: input.timeZone, secret };
    case 'postgres':
    case 'db2':
      return { ...common_, kind: input.kind, host: input.host, port: input.port, database: input.database, user: input.user,
        ssl: input.ssl, secret };
  }
}

/** Form values (tested before saving) or a saved profile, with the plaintext password in hand. */
export function toConnection(p: StoredProfile | ProfileInputParsed, password: string | undefined): ResolvedConnection {
  switch (p.kind) {
    case 'pglite':
      return { kind: 'pglite', path: p.path };
    case 'mysql':
      return { kind: 'mysql', host: p.host, port: p.port, database: p.database, user: p.user, password, ssl: p.ssl, timeZone: p.timeZone };
    case 'postgres':
    case 'db2':
      return { kind: p.kind, host: p.host, port: p.port, database: p.database, user: p.user, password, ssl: p.ssl };
  }
}
