import { z } from 'zod';
import { formatPath, friendlyZodError, issue, taskIssueText, type PipelineIssue } from './issues.js';
import { PIPELINE_FORMAT, PIPELINE_VERSION, pipelineSchema, type Pipeline } from './pipeline.js';

/**
 * Opening a pipeline file of any known version. Old versions are upgraded in memory
 * one step at a time (1 -> 2 -> ...); saving writes the current version.
 */

/**
 * Version 1, as the first releases wrote it: each task listed its dependencies
 * (`dependsOn`), said `type` for its kind and `label` for its name; retry settings sat
 * at the top level, the schedule was a bare cron string and parameters had a `type`.
 */
export const pipelineV1Schema = z.object({
  format: z.literal(PIPELINE_FORMAT),
  version: z.literal(1),
  name: z.string(),
  description: z.string().optional(),
  params: z.array(z.object({
    name: z.string(),
    type: z.enum(['string', 'path', 'connection', 'number', 'boolean']).default('string'),
    default: z.union([z.string(), z.number(), z.boolean()]).optional(),
    description: z.string().optional(),
    required: z.boolean().optional(),
  })).default([]),
  retries: z.number().int().min(0).optional(),
  retryDelayMs: z.number().int().min(0).optional(),
  timeoutMs: z.number().int().min(0).optional(),
  schedule: z.string().optional(),
  tasks: z.array(z.object({
    id: z.string(),
    type: z.string(),
    label: z.string().optional(),
    config: z.record(z.string(), z.unknown()).default({}),
    dependsOn: z.array(z.string()).default([]),
    x: z.number().optional(),
    y: z.number().optional(),
    retries: z.number().int().min(0).optional(),
  })).default([]),
});
export type PipelineV1 = z.output<typeof pipelineV1Schema>;

export function migrateV1toV2(v1: PipelineV1): z.input<typeof pipelineSchema> {
  return {
    format: PIPELINE_FORMAT,
    version: 2,
    name: v1.name,
    ...(v1.description !== undefined ? { description: v1.description } : {}),
    parameters: v1.params.map((p) => ({
      name: p.name,
      kind: p.type,
      ...(p.default !== undefined ? { default: p.default } : {}),
      ...(p.description !== undefined ? { description: p.description } : {}),
      required: p.required ?? false,
    })),
    defaults: {
      retries: v1.retries ?? 0,
      retryDelayMs: v1.retryDelayMs ?? 1_000,
      timeoutMs: v1.timeoutMs ?? 0,
    },
    ...(v1.schedule ? { schedule: { cron: v1.schedule, enabled: true } } : {}),
    tasks: v1.tasks.map((t, i) => ({
      id: t.id,
      kind: t.type,
      name: t.label ?? t.id,
      config: t.config,
      // v1 had no layout for tasks placed by hand; lay them out in a row.
      position: { x: t.x ?? i * 220, y: t.y ?? 0 },
      ...(t.retries !== undefined ? { retries: t.retries } : {}),
    })),
    edges: v1.tasks.flatMap((t) => t.dependsOn.map((from) => ({ from, to: t.id }))),
  };
}

export class PipelineFormatError extends Error {
  constructor(message: string, readonly issues: PipelineIssue[]) {
    super(message);
    this.name = 'PipelineFormatError';
  }
}

export interface OpenedPipeline {
  pipeline: Pipeline;
  /** The version the file was written in, when it was older than the current one. */
  migratedFrom: number | null;
}

/** zod issues on the raw file, said with the task's id and kind when they are inside a task. */
function describeZodIssues(raw: unknown, zodIssues: readonly z.core.$ZodIssue[]): PipelineIssue[] {
  const tasks = raw !== null && typeof raw === 'object' && Array.isArray((raw as { tasks?: unknown }).tasks)
    ? ((raw as { tasks: unknown[] }).tasks)
    : [];
  return zodIssues.map((zi) => {
    if (zi.path[0] === 'tasks' && typeof zi.path[1] === 'number') {
      const t = tasks[zi.path[1]] as { id?: unknown; kind?: unknown; type?: unknown } | undefined;
      const id = typeof t?.id === 'string' && t.id ? t.id : `#${zi.path[1] + 1}`;
      const kindRaw = t?.kind ?? t?.type;
      const kind = typeof kindRaw === 'string' ? kindRaw : undefined;
      const field = formatPath(zi.path.slice(2));
      return issue('schema', taskIssueText(id, kind, field, zi.message), { taskId: typeof t?.id === 'string' ? t.id : null, field });
    }
    const field = formatPath(zi.path);
    return issue('schema', field ? `${field}: ${zi.message}` : zi.message, { field });
  });
}

/** Parses a pipeline document of any known version into the current shape, or throws PipelineFormatError. */
export function openPipelineDocument(raw: unknown): OpenedPipeline {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new PipelineFormatError('Not an ETL Studio pipeline file: expected a JSON object', [issue('format', 'Expected a JSON object')]);
  }
  const doc = raw as { format?: unknown; version?: unknown };
  if (doc.format !== PIPELINE_FORMAT) {
    throw new PipelineFormatError(`Not an ETL Studio pipeline file: "format" must be "${PIPELINE_FORMAT}"`, [issue('format', `"format" must be "${PIPELINE_FORMAT}"`, { field: 'format' })]);
  }
  if (typeof doc.version !== 'number' || !Number.isInteger(doc.version) || doc.version < 1) {
    throw new PipelineFormatError('The pipeline file has no valid "version"', [issue('format', '"version" must be a whole number', { field: 'version' })]);
  }
  if (doc.version > PIPELINE_VERSION) {
    throw new PipelineFormatError(
      `This pipeline was saved by a newer ETL Studio (format version ${doc.version}; this one reads up to ${PIPELINE_VERSION}). Update the app to open it.`,
      [issue('format', `Format version ${doc.version} is newer than ${PIPELINE_VERSION}`, { field: 'version' })],
    );
  }

  let current: unknown = raw;
  let migratedFrom: number | null = null;
  if (doc.version === 1) {
    const v1 = pipelineV1Schema.safeParse(raw, { error: friendlyZodError });
    if (!v1.success) {
      const issues = describeZodIssues(raw, v1.error.issues);
      throw new PipelineFormatError(`The pipeline file (version 1) is invalid: ${issues[0]!.message}`, issues);
    }
    current = migrateV1toV2(v1.data);
    migratedFrom = 1;
  }

  const parsed = pipelineSchema.safeParse(current, { error: friendlyZodError });
  if (!parsed.success) {
    const issues = describeZodIssues(current, parsed.error.issues);
    throw new PipelineFormatError(`The pipeline file is invalid: ${issues[0]!.message}`, issues);
  }
  return { pipeline: parsed.data, migratedFrom };
}

/** The same from file text, with a clear message for broken JSON. */
export function openPipelineText(text: string): OpenedPipeline {
  let raw: unknown;
  try {
    // A file saved by some Windows editors starts with a BOM, which JSON.parse rejects.
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new PipelineFormatError(`The pipeline file is not valid JSON: ${msg}`, [issue('format', `Not valid JSON: ${msg}`)]);
  }
  return openPipelineDocument(raw);
}

/** Stable, readable file text (2-space JSON, trailing newline) so files diff well in git. */
export function serializePipeline(pipeline: Pipeline): string {
  return `${JSON.stringify(pipelineSchema.parse(pipeline), null, 2)}\n`;
}
