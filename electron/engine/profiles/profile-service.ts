import { randomUUID } from 'node:crypto';
import { ApiError } from '../../../shared/api/contract.js';
import type { ConnectionRef, Profile, ProfileInputParsed } from '../../../shared/profiles/profile.js';
import type { ResolvedConnection } from '../connections/resolved.js';
import { parseConnectionUrl } from '../connections/url.js';
import { SecretUnreadableError, type SecretBox } from '../secrets/secret-box.js';
import type { SettingsStore } from '../workspace/settings-store.js';
import { storedProfileSchema, storedSecret, toConnection, toProfile, toStored, type StoredProfile } from './stored-profile.js';

const KEY = 'profiles';

export interface ProfileService {
  list(): Promise<Profile[]>;
  /** Throws ApiError 'not_found'. */
  get(id: string): Promise<Profile>;
  /** Exact name first, then a case-insensitive match. */
  findByName(name: string): Promise<Profile | null>;
  /** Creates (no id) or edits (id). Password: undefined keeps the saved one, '' clears it. */
  save(input: ProfileInputParsed): Promise<Profile>;
  /** "<name> (copy)"; the saved password is copied still encrypted. */
  duplicate(id: string): Promise<Profile>;
  delete(id: string): Promise<boolean>;
  /** A profile id, a profile name, or a URL (mysql://, postgres://, pglite:PATH, db2://). */
  resolve(ref: ConnectionRef | string): Promise<ResolvedConnection>;
  /** Unsaved form values; a missing password falls back to the one saved under input.id. */
  resolveInput(input: ProfileInputParsed): Promise<ResolvedConnection>;
  /** Plain sentences about saved profiles that cannot be used as they are. */
  problems(): Promise<string[]>;
}

type Entry = { raw: unknown; profile: StoredProfile } | { raw: unknown; profile: null; issue: string };

export function unreadablePasswordMessage(name: string): string {
  return `The saved password of profile ${name} cannot be decrypted (the encryption key changed); enter it again.`;
}

const sameName = (a: string, b: string) => a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();
const looksLikeUrl = (s: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(s) || /^pglite:/i.test(s);

export function createProfileService(opts: { store: SettingsStore; secretBox: SecretBox }): ProfileService {
  const { store, secretBox } = opts;
  // Whether a ciphertext decrypts with the current key; only the verdict is kept, never the plaintext.
  const readable = new Map<string, boolean>();

  function readEntries(): Entry[] {
    const raw = store.read(KEY);
    if (raw === undefined) return [];
    if (!Array.isArray(raw)) {
      throw new ApiError('internal', `The settings file ${store.path} is damaged: "${KEY}" should be a list. Fix it or move the file away.`);
    }
    return raw.map((item, index): Entry => {
      const parsed = storedProfileSchema.safeParse(item);
      if (parsed.success) return { raw: item, profile: parsed.data };
      const label = typeof item === 'object' && item && 'name' in item ? `"${String((item as { name: unknown }).name)}"` : `#${index + 1}`;
      const first = parsed.error.issues[0];
      const where = first ? `${first.path.join('.') || 'entry'}: ${first.message}` : 'invalid';
      return { raw: item, profile: null, issue: `The saved profile ${label} in ${store.path} is invalid (${where}) and is ignored.` };
    });
  }

  const valid = (entries: Entry[]): StoredProfile[] => entries.flatMap((e) => (e.profile ? [e.profile] : []));

  // Invalid entries are written back untouched, so a hand edit gone wrong is not lost.
  function writeEntries(entries: Entry[]): void {
    store.write(KEY, entries.map((e) => (e.profile ? e.profile : e.raw)));
  }

  async function isReadable(secret: string): Promise<boolean> {
    const known = readable.get(secret);
    if (known !== undefined) return known;
    let ok = true;
    try {
      await secretBox.decrypt(secret);
    } catch (err) {
      if (!(err instanceof SecretUnreadableError)) throw err;
      ok = false;
    }
    readable.set(secret, ok);
    return ok;
  }

  async function present(p: StoredProfile): Promise<Profile> {
    const secret = storedSecret(p);
    return toProfile(p, secret !== null && !(await isReadable(secret)));
  }

  function findStored(id: string): StoredProfile {
    const found = valid(readEntries()).find((p) => p.id === id);
    if (!found) throw new ApiError('not_found', `No connection profile with id ${id}.`);
    return found;
  }

  function findStoredByName(name: string): StoredProfile | null {
    const all = valid(readEntries());
    return all.find((p) => p.name === name) ?? all.find((p) => sameName(p.name, name)) ?? null;
  }

  async function password(p: StoredProfile): Promise<string | undefined> {
    const secret = storedSecret(p);
    if (secret === null) return undefined;
    try {
      return await secretBox.decrypt(secret);
    } catch (err) {
      if (err instanceof SecretUnreadableError) {
        readable.set(secret, false);
        throw new ApiError('auth', unreadablePasswordMessage(p.name));
      }
      throw err;
    }
  }

  function nameConflict(name: string): ApiError {
    return new ApiError('conflict', `A profile named "${name}" already exists.`, [
      { path: 'name', message: 'A profile with this name already exists' },
    ]);
  }

  return {
    async list() {
      return Promise.all(valid(readEntries()).map(present));
    },

    async get(id) {
      return present(findStored(id));
    },

    async findByName(name) {
      const found = findStoredByName(name);
      return found ? present(found) : null;
    },

    async save(input) {
      // Encrypt first: the read-modify-write below must not await, so no other save interleaves.
      const newSecret =
        input.kind === 'pglite' || input.password === undefined
          ? undefined
          : input.password === '' ? null : await secretBox.encrypt(input.password);
      const entries = readEntries();
      const existing = input.id ? entries.find((e) => e.profile?.id === input.id)?.profile : undefined;
      if (input.id && !existing) throw new ApiError('not_found', `No connection profile with id ${input.id}.`);
      if (valid(entries).some((p) => p.id !== input.id && sameName(p.name, input.name))) throw nameConflict(input.name);

      const now = new Date().toISOString();
      const keptSecret = existing ? storedSecret(existing) : null;
      const stored = toStored(
        input,
        { id: existing?.id ?? randomUUID(), createdAt: existing?.createdAt ?? now, updatedAt: now },
        newSecret === undefined ? keptSecret : newSecret,
      );
      const next = existing
        ? entries.map((e) => (e.profile?.id === existing.id ? { raw: stored, profile: stored } : e))
        : [...entries, { raw: stored, profile: stored }];
      writeEntries(next);
      if (newSecret) readable.set(newSecret, true);
      return present(stored);
    },

    async duplicate(id) {
      const entries = readEntries();
      const source = valid(entries).find((p) => p.id === id);
      if (!source) throw new ApiError('not_found', `No connection profile with id ${id}.`);
      const taken = (name: string) => valid(entries).some((p) => sameName(p.name, name));
      let name = `${source.name} (copy)`;
      for (let n = 2; taken(name); n++) name = `${source.name} (copy ${n})`;
      const now = new Date().toISOString();
      const copy: StoredProfile = { ...source, id: randomUUID(), name, createdAt: now, updatedAt: now };
      writeEntries([...entries, { raw: copy, profile: copy }]);
      return present(copy);
    },

    async delete(id) {
      const entries = readEntries();
      const next = entries.filter((e) => e.profile?.id !== id);
      if (next.length === entries.length) return false;
      writeEntries(next);
      return true;
    },

    async resolve(ref) {
      if (typeof ref !== 'string' && 'url' in ref) return parseConnectionUrl(ref.url);
      const key = typeof ref === 'string' ? ref : ref.profileId;
      const all = valid(readEntries());
      const found =
        all.find((p) => p.id === key) ??
        all.find((p) => p.name === key) ??
        (typeof ref === 'string' && looksLikeUrl(key) ? null : all.find((p) => sameName(p.name, key)));
      if (found) return toConnection(found, await password(found));
      if (typeof ref === 'string' && looksLikeUrl(key)) return parseConnectionUrl(key);
      throw new ApiError('not_found', `No connection profile named or with id "${key}".`);
    },

    async resolveInput(input) {
      if (input.kind === 'pglite') return toConnection(input, undefined);
      if (input.password !== undefined) return toConnection(input, input.password === '' ? undefined : input.password);
      const saved = input.id ? findStored(input.id) : null;
      return toConnection(input, saved && saved.kind !== 'pglite' ? await password(saved) : undefined);
    },

    async problems() {
      const entries = readEntries();
      const out: string[] = [];
      for (const e of entries) {
        if (!e.profile) out.push(e.issue);
        else {
          const secret = storedSecret(e.profile);
          if (secret !== null && !(await isReadable(secret))) out.push(unreadablePasswordMessage(e.profile.name));
        }
      }
      return out;
    },
  };
}
