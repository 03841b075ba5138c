/**
 * The graph functions of a pipeline in one import: algorithms (dag.ts) and the full
 * validation (validate.ts). The canvas and the runner import from here.
 */
export {
  CycleError, cycleRefusal, directUpstream, downstream, downstreamOfAll, findCycle, topologicalOrder, upstream, wouldCreateCycle,
  type Edge, type GraphLike,
} from './dag.js';
export { checkTaskConfig, validatePipeline, type TaskConfigResult, type ValidateOptions } from './validate.js';
