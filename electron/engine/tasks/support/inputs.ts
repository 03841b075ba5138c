import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { TaskArtifact, TaskContext } from '../../pipelines/task-kind.js';
import { TaskConfigError } from './config-error.js';

export interface InputFile {
  path: string;
  /** Upstream task that produced it, when it came from one. */
  taskId: string | null;
  name: string;
}

function fileArtifacts(ctx: Pick<TaskContext, 'inputs'>): { taskId: string; artifact: TaskArtifact & { path: string } }[] {
  const out: { taskId: string; artifact: TaskArtifact & { path: string } }[] = [];
  for (const [taskId, output] of Object.entries(ctx.inputs)) {
    for (const a of output.artifacts) if (a.path) out.push({ taskId, artifact: a as TaskArtifact & { path: string } });
  }
  return out;
}

async function existingFile(field: string, file: string): Promise<string> {
  const s = await stat(file).catch(() => null);
  if (!s) throw new TaskConfigError(field, `file not found: ${file}`);
  if (!s.isFile()) throw new TaskConfigError(field, `not a file: ${file}`);
  return file;
}

/**
 * Resolves a reference to files: an upstream task id (its first file, or all of them),
 * `taskId/artifactName`, or a file path.
 */
export async function resolveFiles(ctx: Pick<TaskContext, 'inputs'>, field: string, ref: string, all: boolean): Promise<InputFile[]> {
  const output = ctx.inputs[ref];
  if (output) {
    const files = output.artifacts.filter((a) => a.path);
    if (files.length === 0) throw new TaskConfigError(field, `upstream task "${ref}" left no file`);
    return (all ? files : files.slice(0, 1)).map((a) => ({ path: a.path!, taskId: ref, name: a.name }));
  }
  const slash = ref.indexOf('/');
  if (slash > 0 && ctx.inputs[ref.slice(0, slash)]) {
    const taskId = ref.slice(0, slash);
    const name = ref.slice(slash + 1);
    const a = ctx.inputs[taskId]!.artifacts.find((x) => x.name === name && x.path);
    if (!a) {
      const names = ctx.inputs[taskId]!.artifacts.filter((x) => x.path).map((x) => x.name);
      throw new TaskConfigError(field, `upstream task "${taskId}" has no file named "${name}" (it has: ${names.join(', ') || 'none'})`);
    }
    return [{ path: a.path!, taskId, name: a.name }];
  }
  const file = path.resolve(ref);
  return [{ path: await existingFile(field, file), taskId: null, name: path.basename(file) }];
}

/** The one file a task reads: as configured, else the single file its upstream tasks left. */
export async function resolveInputFile(ctx: Pick<TaskContext, 'inputs'>, field: string, ref: string): Promise<InputFile> {
  if (ref.trim()) return (await resolveFiles(ctx, field, ref.trim(), false))[0]!;
  const candidates = fileArtifacts(ctx);
  // Each upstream task's first file is its main output (e.g. not its quarantine).
  const firsts = Object.keys(ctx.inputs)
    .map((taskId) => candidates.find((c) => c.taskId === taskId))
    .filter((c): c is NonNullable<typeof c> => !!c);
  if (firsts.length === 1) {
    const c = firsts[0]!;
    return { path: await existingFile(field, c.artifact.path), taskId: c.taskId, name: c.artifact.name };
  }
  if (firsts.length === 0) throw new TaskConfigError(field, 'no upstream task left a file: connect one that writes a file, or give a file path');
  throw new TaskConfigError(field, `several upstream tasks left files (${firsts.map((c) => c.taskId).join(', ')}): say which one`);
}
