import type { PipelineFeature } from '../../pipelines/handlers.js';
import type { HandlerTable, PipelineMethodName } from './handler.js';

/**
 * The rows of shared/api/pipeline-contract.ts are answered by the pipelines feature
 * (electron/engine/pipelines/handlers.ts); its table is typed over every pipeline row,
 * so a row without a handler fails to compile there.
 */
export function pipelineHandlers(feature: Pick<PipelineFeature, 'handlers'>): HandlerTable<PipelineMethodName> {
  return feature.handlers;
}
