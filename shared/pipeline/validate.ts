import { defaultCatalog, type TaskCatalog } from './catalog.js';
import { inactiveTasks } from './conditions.js';
import { findCycle } from './dag.js';
import { formatPath, friendlyZodError, issue, taskIssueText, type PipelineIssue } from './issues.js';
import { referencedParams, resolveParams, substituteParams } from './params.js';
import type { ParamValue, Pipeline, PipelineTask } from './pipeline.js';

export interface ValidateOptions {
  catalog?: TaskCatalog;
  /**
   * Values for a run. When given, missing required parameters and bad values are
   * issues; without them (editing), configs are checked with the parameter defaults.
   */
  params?: Readonly<Record<string, unknown>>;
}

export type TaskConfigResult =
  | { ok: true; config: Record<string, unknown> }
  | { ok: false; issues: PipelineIssue[] };

/**
 * A task's config as the kind will receive it: placeholders substituted, then parsed
 * by the kind's schema (defaults filled). Errors name the task and the field.
 */
export function checkTaskConfig(
  task: PipelineTask,
  params: Readonly<Record<string, ParamValue>>,
  catalog: TaskCatalog = defaultCatalog,
): TaskConfigResult {
  const info = catalog.get(task.kind);
  if (!info) {
    return { ok: false, issues: [issue('unknown_kind', taskIssueText(task.id, task.kind, 'kind', `Unknown task kind '${task.kind}'`), { taskId: task.id, field: 'kind' })] };
  }
  const { value } = substituteParams(task.config, params);
  const parsed = info.configSchema.safeParse(value, { error: friendlyZodError });
  if (parsed.success) return { ok: true, config: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((zi) => {
      const field = formatPath(['config', ...zi.path]);
      return issue('config', taskIssueText(task.id, task.kind, field, zi.message), { taskId: task.id, field });
    }),
  };
}

/** Everything wrong with a pipeline, each issue pinned to a task and field where it has one. */
export function validatePipeline(pipeline: Pipeline, opts: ValidateOptions = {}): PipelineIssue[] {
  const catalog = opts.catalog ?? defaultCatalog;
  const issues: PipelineIssue[] = [];

  const paramNames = new Set<string>();
  pipeline.parameters.forEach((p, i) => {
    if (paramNames.has(p.name)) issues.push(issue('schema', `Parameter '${p.name}' is declared twice`, { field: `parameters.${i}.name` }));
    paramNames.add(p.name);
  });

  let params: Record<string, ParamValue>;
  if (opts.params) {
    const resolved = resolveParams(pipeline, opts.params);
    issues.push(...resolved.issues);
    params = resolved.values;
  } else {
    params = {};
    for (const p of pipeline.parameters) if (p.default !== undefined) params[p.name] = p.default;
  }

  // With run values, a branch switched off by runIf is not checked: it will not run.
  const inactive = opts.params ? inactiveTasks(pipeline, params) : new Set<string>();

  const seen = new Set<string>();
  for (const task of pipeline.tasks) {
    if (seen.has(task.id)) {
      issues.push(issue('duplicate_id', taskIssueText(task.id, task.kind, 'id', 'Another task has the same id'), { taskId: task.id, field: 'id' }));
      continue;
    }
    seen.add(task.id);
    for (const name of referencedParams(task.config)) {
      if (!paramNames.has(name)) {
        issues.push(issue('unknown_param', taskIssueText(task.id, task.kind, 'config', `Uses \${params.${name}} but the pipeline declares no parameter '${name}'`), { taskId: task.id, field: 'config' }));
      }
    }
    if (task.runIf !== undefined && !paramNames.has(task.runIf)) {
      issues.push(issue('unknown_param', taskIssueText(task.id, task.kind, 'runIf', `Names no parameter of this pipeline ('${task.runIf}')`), { taskId: task.id, field: 'runIf' }));
    }
    if (inactive.has(task.id)) continue;
    const checked = checkTaskConfig(task, params, catalog);
    if (!checked.ok) issues.push(...checked.issues);
  }

  const edgeKeys = new Set<string>();
  pipeline.edges.forEach((e, i) => {
    const field = `edges.${i}`;
    for (const end of [e.from, e.to]) {
      if (!seen.has(end)) issues.push(issue('dangling_edge', `Edge ${e.from} -> ${e.to}: task '${end}' does not exist`, { field }));
    }
    if (e.from === e.to) issues.push(issue('self_edge', taskIssueText(e.from, undefined, '', 'A task cannot depend on itself'), { taskId: e.from, field }));
    const key = `${e.from}\u0000${e.to}`;
    if (edgeKeys.has(key)) issues.push(issue('duplicate_edge', `Edge ${e.from} -> ${e.to} appears twice`, { field, severity: 'warning' }));
    edgeKeys.add(key);
  });

  const cycle = findCycle(pipeline);
  if (cycle && cycle.length > 2) {
    issues.push(issue('cycle', `The tasks form a cycle: ${cycle.join(' -> ')}`, { taskId: cycle[0]!, field: 'edges' }));
  }
  return issues;
}
