/**
 * Contract rows for pipelines (model, templates, runs of DAGs, schedules). Kept in a file
 * of its own so the pipeline feature grows without touching the core rows.
 */
export const pipelineMethods = {} as const;
export const pipelineEvents = {} as const;
