import { ApiError } from '../../../../shared/api/contract.js';
import type { EngineServices } from '../services.js';
import type { Area, HandlerTable } from './handler.js';

export function profileHandlers(s: EngineServices): HandlerTable<Area<'profiles'>> {
  return {
    'profiles.list': () => s.profiles.list(),
    'profiles.save': (input) => s.profiles.save(input),
    'profiles.duplicate': ({ id }) => s.profiles.duplicate(id),
    async 'profiles.delete'({ id }) {
      const deleted = await s.profiles.delete(id);
      if (deleted) s.workspace.forgetProfile(id);
      return { deleted };
    },
    async 'profiles.test'(input) {
      const connect = async () => {
        if ('kind' in input) return s.profiles.resolveInput(input);
        await s.profiles.get(input.id); // an id here, never a name
        return s.profiles.resolve({ profileId: input.id });
      };
      let connection;
      try {
        connection = await connect();
      } catch (err) {
        // A password that no longer decrypts is an answer for the form, not a failure of the call.
        if (err instanceof ApiError && err.code === 'auth') return { ok: false, error: err.message, code: 'password_unreadable' };
        throw err;
      }
      // Loaded here: both database drivers, which the engine's start (a sync, `--help`, the app) need not wait for.
      const { testConnection } = await import('../../connections/test-connection.js');
      return testConnection(connection);
    },
  };
}
