import { z } from 'zod';

/** Database kinds a connection profile can point at. */
export const profileKinds = ['mysql', 'postgres', 'pglite', 'db2'] as const;
export type ProfileKind = (typeof profileKinds)[number];

export const sslModes = ['disable', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;

export const sslSchema = z.object({
  mode: z.enum(sslModes).default('disable'),
  /** PEM text of a CA certificate; needed for verify-ca / verify-full with a private CA. */
  ca: z.string().max(100_000).optional(),
});
export type SslOptions = z.infer<typeof sslSchema>;

const name = z.string().trim().min(1, 'Name is required').max(100);
const host = z.string().trim().min(1, 'Host is required').max(255);
const port = z.coerce.number().int().min(1).max(65535);
const database = z.string().trim().min(1, 'Database is required').max(128);
const user = z.string().trim().min(1, 'User is required').max(128);

const serverFields = {
  host,
  database,
  user,
  ssl: sslSchema.default({ mode: 'disable' }),
};

/** What the UI and the CLI send to create or edit a profile; the password travels only inwards. */
export const profileInputSchema = z.discriminatedUnion('kind', [
  z.object({ id: z.string().optional(), name, kind: z.literal('mysql'), port: port.default(3306), ...serverFields,
    /** Session time zone used to read TIMESTAMP columns; recorded with every run. */
    timeZone: z.string().regex(/^[+-]\d\d:\d\d$/, 'Time zone must look like +00:00').default('+00:00'),
    password: z.string().max(1024).optional() }),
  z.object({ id: z.string().optional(), name, kind: z.literal('postgres'), port: port.default(5432), ...serverFields,
    password: z.string().max(1024).optional() }),
  z.object({ id: z.string().optional(), name, kind: z.literal('pglite'),
    /** Folder that holds the embedded database; created on first use. */
    path: z.string().trim().min(1, 'Folder is required').max(4096) }),
  z.object({ id: z.string().optional(), name, kind: z.literal('db2'), port: port.default(50000), ...serverFields,
    password: z.string().max(1024).optional() }),
]);
export type ProfileInput = z.input<typeof profileInputSchema>;
export type ProfileInputParsed = z.output<typeof profileInputSchema>;

/**
 * Set when a password is saved but cannot be decrypted any more (the encryption key
 * changed, the data folder moved): the profile still lists, and the user re-enters it.
 */
const passwordUnreadable = z.boolean().optional();

/** A saved profile as the renderer sees it: never the password, only whether one is stored. */
export const profileSchema = z.discriminatedUnion('kind', [
  z.object({ id: z.string(), name: z.string(), kind: z.literal('mysql'), host: z.string(), port: z.number(), database: z.string(), user: z.string(), ssl: sslSchema, timeZone: z.string(), hasPassword: z.boolean(), passwordUnreadable, updatedAt: z.string() }),
  z.object({ id: z.string(), name: z.string(), kind: z.literal('postgres'), host: z.string(), port: z.number(), database: z.string(), user: z.string(), ssl: sslSchema, hasPassword: z.boolean(), passwordUnreadable, updatedAt: z.string() }),
  z.object({ id: z.string(), name: z.string(), kind: z.literal('pglite'), path: z.string(), hasPassword: z.literal(false), updatedAt: z.string() }),
  z.object({ id: z.string(), name: z.string(), kind: z.literal('db2'), host: z.string(), port: z.number(), database: z.string(), user: z.string(), ssl: sslSchema, hasPassword: z.boolean(), passwordUnreadable, updatedAt: z.string() }),
]);
export type Profile = z.infer<typeof profileSchema>;

export const connectionTestResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), serverVersion: z.string(), roundTripMs: z.number() }),
  z.object({ ok: z.literal(false), error: z.string(), code: z.string().optional() }),
]);
export type ConnectionTestResult = z.infer<typeof connectionTestResultSchema>;

/**
 * Where a sync or a task connects: a saved profile (by id or by name) or a URL
 * (mysql://, postgres://, pglite:PATH, db2://).
 */
export const connectionRefSchema = z.union([
  z.object({ profileId: z.string().min(1) }),
  z.object({ url: z.string().min(1) }),
]);
export type ConnectionRef = z.infer<typeof connectionRefSchema>;
