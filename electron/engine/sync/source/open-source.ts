import { ApiError } from '../../../../shared/api/contract.js';
import type { ResolvedConnection } from '../../connections/resolved.js';
import { openMysqlSource } from './mysql-source.js';
import { openPgliteSource, openPgSource } from './pg-source.js';
import type { Source } from './source.js';

export function openSource(c: ResolvedConnection): Promise<Source> {
  switch (c.kind) {
    case 'mysql':
      return openMysqlSource(c);
    case 'postgres':
      return openPgSource(c);
    case 'pglite':
      return openPgliteSource(c.path);
    default:
      throw new ApiError('driver_unavailable', `Syncing from ${c.kind} is not supported yet; use MySQL/MariaDB, PostgreSQL or PGlite as the source`);
  }
}
