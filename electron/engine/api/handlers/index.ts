import type { PipelineFeature } from '../../pipelines/handlers.js';
import type { EngineServices } from '../services.js';
import { appHandlers } from './app.js';
import type { HandlerTable } from './handler.js';
import { pipelineHandlers } from './pipelines.js';
import { profileHandlers } from './profiles.js';
import { runHandlers } from './runs.js';
import { sampleHandlers } from './sample.js';
import { syncHandlers } from './sync.js';
import { workspaceHandlers } from './workspace.js';

/** Every contract method's handler; typed over all of MethodName, so none can be forgotten. */
export function createHandlers(s: EngineServices, pipelines: Pick<PipelineFeature, 'handlers'>): HandlerTable {
  return {
    ...appHandlers(s),
    ...profileHandlers(s),
    ...workspaceHandlers(s),
    ...sampleHandlers(s),
    ...syncHandlers(s),
    ...runHandlers(s),
    ...pipelineHandlers(pipelines),
  };
}
