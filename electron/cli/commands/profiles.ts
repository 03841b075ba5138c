import type { ProfileInput } from '../../../shared/profiles/profile.js';
import type { ResolvedConnection } from '../../engine/connections/resolved.js';
import { optionalString, requiredString, type Command } from '../command.js';
import { looksLikeUrl } from '../connection-ref.js';
import { withEngine, type EngineSession } from '../engine-session.js';
import { CliFailure, EXIT_FAILURE, EXIT_OK, UsageError } from '../errors.js';
import { writeJson, writeLine } from '../io.js';

function inputFromConnection(name: string, c: ResolvedConnection): ProfileInput {
  if (c.kind === 'pglite') return { name, kind: 'pglite', path: c.path };
  const base = { name, host: c.host, port: c.port, database: c.database, user: c.user, ssl: c.ssl, password: c.password };
  if (c.kind === 'mysql') return { ...base, kind: 'mysql', timeZone: c.timeZone };
  return { ...base, kind: c.kind };
}

async function findProfile(session: EngineSession, nameOrId: string) {
  const profiles = await session.call('profiles.list', {});
  const found = profiles.find((p) => p.name === nameOrId) ?? profiles.find((p) => p.id === nameOrId);
  if (!found) throw new CliFailure(`No saved profile named "${nameOrId}".`);
  return found;
}

function describe(p: { kind: string } & Record<string, unknown>): string {
  if (p.kind === 'pglite') return `pglite:${String(p.path)}`;
  return `${p.kind}://${String(p.user)}@${String(p.host)}:${String(p.port)}/${String(p.database)}`;
}

export const profilesCommand: Command = {
  name: 'profiles',
  summary: 'list, add, test or delete saved connection profiles',
  help: `Usage:
  etl-studio profiles list
  etl-studio profiles add --name NAME --url URL
  etl-studio profiles test NAME|URL
  etl-studio profiles delete NAME

Profiles keep connection details under a name, with the password encrypted at rest
(never printed). Use the name wherever a command takes a URL.

Options:
  --name NAME   profile name (add)
  --url URL     mysql://user:pass@host:3306/db, postgres://..., pglite:FOLDER (add)`,
  positionals: true,
  options: {
    name: { type: 'string' },
    url: { type: 'string' },
  },
  async run({ io, values, positionals, json, dataDir }) {
    const [action, target, ...extra] = positionals;
    if (!action) throw new UsageError('Say what to do: list, add, test or delete.');
    if (extra.length > 0) throw new UsageError(`Unexpected argument "${extra[0]}".`);
    // The URL parser brings the profile schemas (zod): loaded here, not with the CLI.
    const { parseConnectionUrl, redactUrl } = await import('../../engine/connections/url.js');
    switch (action) {
      case 'list':
        return withEngine(dataDir, async (session) => {
          const profiles = await session.call('profiles.list', {});
          if (json) writeJson(io, profiles);
          else if (profiles.length === 0) writeLine(io.stdout, 'No profiles saved yet. Add one with: etl-studio profiles add --name NAME --url URL');
          else for (const p of profiles) writeLine(io.stdout, `${p.name}  ${describe(p)}${p.hasPassword ? '  (password saved)' : ''}`);
          return EXIT_OK;
        });
      case 'add': {
        const name = requiredString(values, 'name');
        const url = requiredString(values, 'url');
        const input = inputFromConnection(name, parseConnectionUrl(url));
        return withEngine(dataDir, async (session) => {
          const saved = await session.call('profiles.save', input);
          if (json) writeJson(io, saved);
          else writeLine(io.stdout, `Saved profile "${saved.name}" (${redactUrl(url)}).`);
          return EXIT_OK;
        });
      }
      case 'test': {
        if (!target) throw new UsageError('Name the profile (or give a URL) to test.');
        return withEngine(dataDir, async (session) => {
          const input = looksLikeUrl(target)
            ? inputFromConnection('test', parseConnectionUrl(target))
            : { id: (await findProfile(session, target)).id };
          const result = await session.call('profiles.test', input);
          if (json) writeJson(io, result);
          else if (result.ok) writeLine(io.stdout, `Connected: ${result.serverVersion} (round trip ${Math.round(result.roundTripMs)} ms).`);
          else writeLine(io.stdout, `Could not connect: ${result.error}`);
          return result.ok ? EXIT_OK : EXIT_FAILURE;
        });
      }
      case 'delete': {
        const name = target ?? optionalString(values, 'name');
        if (!name) throw new UsageError('Name the profile to delete.');
        return withEngine(dataDir, async (session) => {
          const profile = await findProfile(session, name);
          const result = await session.call('profiles.delete', { id: profile.id });
          if (json) writeJson(io, { name: profile.name, ...result });
          else writeLine(io.stdout, result.deleted ? `Deleted profile "${profile.name}".` : `Profile "${profile.name}" was not deleted.`);
          return result.deleted ? EXIT_OK : EXIT_FAILURE;
        });
      }
      default:
        throw new UsageError(`Unknown action "${action}"; use list, add, test or delete.`);
    }
  },
};
