import { z } from 'zod';

/**
 * A problem found in a pipeline, pinned to the task and field it concerns, so the
 * canvas can mark the node and the side panel the field, and the CLI can print one
 * line a user understands: "Task 'load_data' (load.table): config.table: Required".
 */

export const issueCodes = [
  'format', 'schema', 'unknown_kind', 'config', 'duplicate_id', 'dangling_edge', 'self_edge',
  'duplicate_edge', 'cycle', 'missing_param', 'bad_param', 'unknown_param',
] as const;
export type IssueCode = (typeof issueCodes)[number];

export const pipelineIssueSchema = z.object({
  code: z.enum(issueCodes),
  severity: z.enum(['error', 'warning']),
  /** The task concerned; null for pipeline-level problems. */
  taskId: z.string().nullable(),
  /** Dotted path inside the task (e.g. config.table) or the pipeline (e.g. parameters.0.name); '' for the whole. */
  field: z.string(),
  /** The full sentence, task and field included. */
  message: z.string(),
});
export type PipelineIssue = z.infer<typeof pipelineIssueSchema>;

export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p) => String(p)).join('.');
}

/** "Task 'load_data' (load.table): config.table: Required" */
export function taskIssueText(taskId: string, kind: string | undefined, field: string, detail: string): string {
  const head = kind ? `Task '${taskId}' (${kind})` : `Task '${taskId}'`;
  return field ? `${head}: ${field}: ${detail}` : `${head}: ${detail}`;
}

export function issue(
  code: IssueCode,
  message: string,
  opts: { taskId?: string | null; field?: string; severity?: 'error' | 'warning' } = {},
): PipelineIssue {
  return { code, severity: opts.severity ?? 'error', taskId: opts.taskId ?? null, field: opts.field ?? '', message };
}

export function hasErrors(issues: readonly PipelineIssue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}

/**
 * zod's default text for a missing field is long ("Invalid input: expected string,
 * received undefined"); users read "Required" faster. Pass as the `error` option of parse.
 */
export function friendlyZodError(iss: { code?: string; input?: unknown }): string | undefined {
  if (iss.code === 'invalid_type' && iss.input === undefined) return 'Required';
  return undefined;
}
