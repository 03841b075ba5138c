import { registerTaskKind } from '../pipelines/registry.js';
import type { TaskKindImpl } from '../pipelines/task-kind.js';
import { checkRowcountTask } from './check.rowcount.js';
import { checkSqlTask } from './check.sql.js';
import { fileArchiveTask } from './file.archive.js';
import { fileWriteTask } from './file.write.js';
import { loadTableTask } from './load.table.js';
import { logExtractTask } from './log.extract.js';
import { sqlExtractTask } from './sql.extract.js';
import { sqlRunTask } from './sql.run.js';
import { syncReplicateTask } from './sync.replicate.js';
import { syncStarTask } from './sync.star.js';
import { transformFieldsTask } from './transform.fields.js';
import { transformFilterTask } from './transform.filter.js';

/** Each kind typed by its own config; the runner validates configs against the catalog before run(). */
export const builtInTaskKinds: readonly TaskKindImpl<never>[] = [
  logExtractTask,
  transformFilterTask,
  transformFieldsTask,
  fileWriteTask,
  fileArchiveTask,
  loadTableTask,
  sqlRunTask,
  sqlExtractTask,
  checkRowcountTask,
  checkSqlTask,
  syncReplicateTask,
  syncStarTask,
];

let registered = false;

/** Registers every built-in task kind with the runner (idempotent). */
export function registerBuiltInTaskKinds(): void {
  if (registered) return;
  registered = true;
  for (const k of builtInTaskKinds) registerTaskKind(k as TaskKindImpl<unknown>);
}

// Importing this module is how the runner loads the built-in kinds (see pipelines/handlers.ts).
registerBuiltInTaskKinds();
