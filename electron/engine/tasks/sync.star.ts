import type { TaskKindImpl } from '../pipelines/task-kind.js';
import type { SyncStarConfig } from '../../../shared/pipeline/kinds/sync.star.js';
import { runSyncTask } from './sync/run-sync-task.js';

export const syncStarTask: TaskKindImpl<SyncStarConfig> = {
  kind: 'sync.star',
  run: (config, ctx) =>
    runSyncTask(
      ctx,
      { source: config.source, warehouse: config.warehouse },
      { mode: 'star', table: config.table, key: config.key, batchRows: config.batchRows, ...(config.query ? { query: config.query } : {}) },
      config.failOnCheck,
    ),
};
