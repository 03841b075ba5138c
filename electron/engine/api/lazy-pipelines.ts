import { pipelineMethods } from '../../../shared/api/pipeline-contract.js';
import type { PipelineFeature, PipelineHandlerTable, PipelineMethodName } from '../pipelines/handlers.js';

export interface LazyPipelineFeature {
  /** Every pipeline row of the contract; the first call loads the feature. */
  handlers: PipelineHandlerTable;
  /** Loads the feature now (a host that fires schedules needs it from the start). */
  load(): Promise<PipelineFeature>;
  /** Stops the schedules of a feature that was loaded, waiting for one still loading. */
  close(): Promise<void>;
}

/**
 * The pipelines feature (task kinds, validation, croner, the scheduler) loaded on its
 * first use: a sync or a `--help` never asks for it, and its modules cost ~40 ms to load.
 */
export function lazyPipelineFeature(create: () => Promise<PipelineFeature>): LazyPipelineFeature {
  let feature: Promise<PipelineFeature> | null = null;
  const load = () => {
    feature ??= create();
    return feature;
  };
  const handlers = Object.fromEntries(
    (Object.keys(pipelineMethods) as PipelineMethodName[]).map((method) => [
      method,
      async (input: unknown) => {
        const table = (await load()).handlers as Record<PipelineMethodName, (input: unknown) => Promise<unknown>>;
        return table[method](input);
      },
    ]),
  ) as PipelineHandlerTable;
  return {
    handlers,
    load,
    async close() {
      if (!feature) return;
      // A feature that failed to load has no schedules to stop.
      const loaded = await feature.catch(() => null);
      loaded?.close();
    },
  };
}
