import { ApiError } from '../../../../shared/api/contract.js';
import { pipelineMethods } from '../../../../shared/api/pipeline-contract.js';
import type { EngineServices } from '../services.js';
import type { Handler, HandlerTable, PipelineMethodName } from './handler.js';

/**
 * Handlers for the rows of shared/api/pipeline-contract.ts. The pipelines feature
 * (electron/engine/pipelines/) replaces the body with its own table, typed
 * HandlerTable<PipelineMethodName> so a row without a handler fails to compile:
 *   return createPipelineHandlers(s);
 * Until then each method answers plainly that the feature is not in this build.
 */
export function pipelineHandlers(_s: EngineServices): HandlerTable<PipelineMethodName> {
  const table = {} as Record<PipelineMethodName, Handler<PipelineMethodName>>;
  for (const method of Object.keys(pipelineMethods) as PipelineMethodName[]) {
    table[method] = async () => {
      throw new ApiError('not_found', `${method} is not available in this build yet (the pipelines feature is not wired in).`);
    };
  }
  return table as HandlerTable<PipelineMethodName>;
}
