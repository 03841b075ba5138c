import {
  profileInputSchema,
  type Profile,
  type ProfileInput,
  type ProfileKind,
} from '../../../shared/profiles/profile.js';

export const kindLabels: Record<ProfileKind, string> = {
  mysql: 'MySQL / MariaDB',
  postgres: 'PostgreSQL',
  pglite: 'Embedded PostgreSQL (PGlite)',
  db2: 'IBM DB2 (needs the optional driver)',
};

export const defaultPorts: Record<Exclude<ProfileKind, 'pglite'>, string> = { mysql: '3306', postgres: '5432', db2: '50000' };

export const sslModeLabels = {
  disable: 'Off',
  prefer: 'Prefer (use it when the server offers it)',
  require: 'Require (encrypted, certificate not checked)',
  'verify-ca': 'Verify CA (encrypted, certificate checked)',
  'verify-full': 'Verify full (certificate and host name checked)',
} as const;
export type SslModeValue = keyof typeof sslModeLabels;

/** The form as typed: every field is text until it validates, so nothing typed is lost. */
export interface ProfileFormValues {
  id?: string;
  name: string;
  kind: ProfileKind;
  host: string;
  port: string;
  database: string;
  user: string;
  password: string;
  /** Editing only: remove the saved password instead of keeping it. */
  clearPassword: boolean;
  sslMode: SslModeValue;
  sslCa: string;
  timeZone: string;
  path: string;
}

export function emptyForm(kind: ProfileKind = 'mysql'): ProfileFormValues {
  return {
    name: '',
    kind,
    host: kind === 'pglite' ? '' : '127.0.0.1',
    port: kind === 'pglite' ? '' : defaultPorts[kind],
    database: '',
    user: '',
    password: '',
    clearPassword: false,
    sslMode: 'disable',
    sslCa: '',
    timeZone: '+00:00',
    path: '',
  };
}

export function formFromProfile(p: Profile): ProfileFormValues {
  const base = emptyForm(p.kind);
  if (p.kind === 'pglite') return { ...base, id: p.id, name: p.name, path: p.path };
  return {
    ...base,
    id: p.id,
    name: p.name,
    host: p.host,
    port: String(p.port),
    database: p.database,
    user: p.user,
    sslMode: p.ssl.mode,
    sslCa: p.ssl.ca ?? '',
    timeZone: p.kind === 'mysql' ? p.timeZone : base.timeZone,
  };
}

/** Switching kind keeps what was typed, but moves a default port along with the kind. */
export function changeKind(v: ProfileFormValues, kind: ProfileKind): ProfileFormValues {
  const portWasDefault = v.port === '' || Object.values(defaultPorts).includes(v.port);
  const port = kind === 'pglite' ? v.port : portWasDefault ? defaultPorts[kind] : v.port;
  const host = kind !== 'pglite' && v.host === '' ? '127.0.0.1' : v.host;
  return { ...v, kind, port, host };
}

export function formToInput(v: ProfileFormValues): ProfileInput {
  const common = { ...(v.id ? { id: v.id } : {}), name: v.name };
  if (v.kind === 'pglite') return { ...common, kind: 'pglite', path: v.path };
  // An empty password on an edit keeps the saved one; only the explicit box clears it.
  const password = v.clearPassword ? '' : v.password === '' ? undefined : v.password;
  const server = {
    ...common,
    host: v.host,
    port: v.port,
    database: v.database,
    user: v.user,
    ssl: { mode: v.sslMode, ...(v.sslCa.trim() ? { ca: v.sslCa } : {}) },
    ...(password === undefined ? {} : { password }),
  };
  if (v.kind === 'mysql') return { ...server, kind: 'mysql', timeZone: v.timeZone };
  return { ...server, kind: v.kind };
}

export type FormCheck = { ok: true; input: ProfileInput } | { ok: false; errors: Record<string, string> };

/** Checks the form with the contract's schema; errors are keyed by the field's dotted path. */
export function checkForm(v: ProfileFormValues): FormCheck {
  const input = formToInput(v);
  const errors: Record<string, string> = {};
  if (v.kind !== 'pglite' && v.port.trim() !== '' && !/^\d+$/.test(v.port.trim())) errors.port = 'Port must be a whole number';
  const parsed = profileInputSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path.join('.') || 'form';
      errors[key] ??= friendlyIssue(key, issue.message);
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, input: parsed.success ? (parsed.data as ProfileInput) : input };
}

function friendlyIssue(key: string, message: string): string {
  if (key === 'port') return 'Port must be a number from 1 to 65535';
  return message;
}
