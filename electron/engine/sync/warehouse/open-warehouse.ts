import { ApiError } from '../../../../shared/api/contract.js';
import type { ResolvedConnection } from '../../connections/resolved.js';
import { openPgWarehouse } from './pg-warehouse.js';
import { openPgliteWarehouse } from './pglite-warehouse.js';
import type { Warehouse } from './warehouse.js';

export function openWarehouse(c: ResolvedConnection): Promise<Warehouse> {
  switch (c.kind) {
    case 'postgres':
      return openPgWarehouse(c);
    case 'pglite':
      return openPgliteWarehouse(c.path);
    default:
      throw new ApiError('validation', `A ${c.kind} database cannot be the warehouse; choose PostgreSQL or the embedded PGlite`);
  }
}
