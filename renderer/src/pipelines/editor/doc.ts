import { defaultCatalog, type TaskCatalog } from '../../../../shared/pipeline/catalog.js';
import {
  emptyPipeline, pipelineSchema, taskIdPattern,
  type Pipeline, type PipelineEdge, type PipelineTask,
} from '../../../../shared/pipeline/pipeline.js';
import { configDefaults } from './config-defaults.js';

/**
 * What the editor edits and its history stores: the pipeline with its tasks in file
 * order. Every change makes a new Doc sharing untouched parts, so a snapshot costs a
 * few references and "did it change" is a reference compare.
 */
export type PipelineMeta = Omit<Pipeline, 'tasks' | 'edges'>;

export interface Doc {
  readonly meta: PipelineMeta;
  readonly tasks: readonly PipelineTask[];
  readonly edges: readonly PipelineEdge[];
}

export function docFromPipeline(p: Pipeline): Doc {
  const { tasks, edges, ...meta } = p;
  return { meta, tasks, edges };
}

export function docToPipeline(doc: Doc): Pipeline {
  return { ...doc.meta, tasks: [...doc.tasks], edges: [...doc.edges] };
}

export function emptyDoc(name = 'Untitled pipeline'): Doc {
  return docFromPipeline(emptyPipeline(name));
}

/** Parses untrusted JSON (a file, the clipboard) into a Doc, or says why not. */
export function parseDoc(value: unknown): { ok: true; doc: Doc } | { ok: false; error: string } {
  const parsed = pipelineSchema.safeParse(value);
  if (!parsed.success) return { ok: false, error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  return { ok: true, doc: docFromPipeline(parsed.data) };
}

/** An id derived from the kind ("log.extract" -> "log_extract_2"), unique among `taken`. */
export function uniqueTaskId(base: string, taken: ReadonlySet<string>): string {
  let stem = base.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^[^A-Za-z0-9]+/, '').slice(0, 56) || 'task';
  if (!taskIdPattern.test(stem)) stem = 'task';
  if (!taken.has(stem)) return stem;
  for (let i = 2; ; i++) {
    const id = `${stem}_${i}`;
    if (!taken.has(id)) return id;
  }
}

/** A new task of a kind, its config filled with the kind's defaults so the file says what runs. */
export function newTask(kind: string, position: { x: number; y: number }, taken: ReadonlySet<string>, catalog: TaskCatalog = defaultCatalog): PipelineTask {
  const info = catalog.get(kind);
  return {
    id: uniqueTaskId(kind, taken),
    kind,
    name: info?.label ?? kind,
    config: info ? configDefaults(info.configSchema) : {},
    position: { x: Math.round(position.x), y: Math.round(position.y) },
  };
}

export function edgeKey(e: { from: string; to: string }): string {
  return `${e.from}->${e.to}`;
}
