import type { ConnectionRef } from '../../shared/profiles/profile.js';
import type { EngineSession } from './engine-session.js';
import { UsageError } from './errors.js';

export function looksLikeUrl(text: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(text) || /^pglite:/i.test(text);
}

/** A --source/--warehouse value: a connection URL, or the name (or id) of a saved profile. */
export async function toConnectionRef(session: EngineSession, text: string, flag: string): Promise<ConnectionRef> {
  const value = text.trim();
  if (looksLikeUrl(value)) return { url: value };
  const profiles = await session.call('profiles.list', {});
  const match =
    profiles.find((p) => p.name === value) ??
    profiles.find((p) => p.id === value) ??
    profiles.find((p) => p.name.toLowerCase() === value.toLowerCase());
  if (!match) {
    throw new UsageError(
      `--${flag} "${value}" is neither a connection URL (mysql://, postgres://, pglite:PATH) nor the name of a saved profile` +
        (profiles.length ? ` (saved: ${profiles.map((p) => p.name).join(', ')}).` : ' (no profiles are saved yet).'),
    );
  }
  return { profileId: match.id };
}
