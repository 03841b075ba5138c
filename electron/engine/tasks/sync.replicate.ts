import type { TaskKindImpl } from '../pipelines/task-kind.js';
import type { SyncReplicateConfig } from '../../../shared/pipeline/kinds/sync.replicate.js';
import { runSyncTask } from './sync/run-sync-task.js';

export const syncReplicateTask: TaskKindImpl<SyncReplicateConfig> = {
  kind: 'sync.replicate',
  run: (config, ctx) =>
    runSyncTask(
      ctx,
      { source: config.source, warehouse: config.warehouse },
      {
        mode: 'replicate',
        table: config.table,
        key: config.key,
        batchRows: config.batchRows,
        ...(config.target ? { target: config.target } : {}),
        ...(config.measure ? { measure: config.measure } : {}),
      },
      config.failOnCheck,
    ),
};
