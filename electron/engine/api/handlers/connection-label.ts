import type { ConnectionRef } from '../../../../shared/profiles/profile.js';
import { describeConnection, type ResolvedConnection } from '../../connections/resolved.js';
import type { EngineServices } from '../services.js';

/** How a run title names a connection: the profile's name, else the log-safe description. */
export async function connectionLabel(s: EngineServices, ref: ConnectionRef, resolved: ResolvedConnection): Promise<string> {
  if ('profileId' in ref) {
    const profile = (await s.profiles.list()).find((p) => p.id === ref.profileId) ?? (await s.profiles.findByName(ref.profileId));
    if (profile) return profile.name;
  }
  return describeConnection(resolved);
}

/** The passwords a run holds, so the run manager can blank them from its log and error. */
export function secretsOf(...connections: ResolvedConnection[]): string[] {
  return connections.flatMap((c) => (c.kind !== 'pglite' && c.password ? [c.password] : []));
}
