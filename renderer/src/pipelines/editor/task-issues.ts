import { defaultCatalog, type TaskCatalog } from '../../../../shared/pipeline/catalog.js';
import { friendlyZodError } from '../../../../shared/pipeline/issues.js';
import { referencedParams, substituteParams } from '../../../../shared/pipeline/params.js';
import type { ParamValue, PipelineParameter, PipelineTask } from '../../../../shared/pipeline/pipeline.js';

/**
 * Inline validation of one task as the user types: its config after placeholder
 * substitution with the parameter defaults, parsed by the kind's zod schema, plus
 * placeholders naming no parameter. Keyed by field path ("table", "source.table").
 */
export type TaskIssues = Readonly<Record<string, string>>;

const none: TaskIssues = Object.freeze({});

function defaultsOf(params: readonly PipelineParameter[]): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const p of params) if (p.default !== undefined) out[p.name] = p.default;
  return out;
}

export function checkTask(task: PipelineTask, params: readonly PipelineParameter[], catalog: TaskCatalog = defaultCatalog): TaskIssues {
  const info = catalog.get(task.kind);
  if (!info) return { kind: `Unknown task kind '${task.kind}'` };
  const out: Record<string, string> = {};
  const declared = new Set(params.map((p) => p.name));
  for (const name of referencedParams(task.config)) {
    if (!declared.has(name)) out[''] ??= `Uses \${params.${name}} but the pipeline declares no parameter '${name}'`;
  }
  if (task.runIf !== undefined && !declared.has(task.runIf)) out.runIf = `Names no parameter of this pipeline ('${task.runIf}')`;
  const { value } = substituteParams(task.config, defaultsOf(params));
  const parsed = info.configSchema.safeParse(value, { error: friendlyZodError });
  if (!parsed.success) {
    for (const zi of parsed.error.issues) out[zi.path.map(String).join('.')] ??= zi.message;
  }
  return Object.keys(out).length === 0 ? none : out;
}

/**
 * Issues of every task, recomputed only for tasks whose object (or the parameter list)
 * changed: typing in one task's form re-checks one task, not five hundred.
 */
export function createIssueTracker(catalog: TaskCatalog = defaultCatalog) {
  let params: readonly PipelineParameter[] | null = null;
  let cache = new WeakMap<PipelineTask, TaskIssues>();
  return function issuesOf(tasks: readonly PipelineTask[], nextParams: readonly PipelineParameter[]): Record<string, TaskIssues> {
    if (nextParams !== params) {
      params = nextParams;
      cache = new WeakMap();
    }
    const out: Record<string, TaskIssues> = {};
    for (const t of tasks) {
      let hit = cache.get(t);
      if (!hit) {
        hit = checkTask(t, nextParams, catalog);
        cache.set(t, hit);
      }
      if (hit !== none) out[t.id] = hit;
    }
    return out;
  };
}
