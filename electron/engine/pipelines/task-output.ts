import { copyFile, link, mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { taskMetricsSchema } from '../../../shared/pipeline/task-state.js';
import type { TaskOutput } from './task-kind.js';

/**
 * A finished task's output, persisted as runFolder/<taskId>/output.json: what lets a
 * task be retried alone and a later run reuse the work of an earlier one.
 */

const OUTPUT_FILE = 'output.json';

export const taskOutputSchema = z.object({
  artifacts: z.array(z.object({
    name: z.string(),
    path: z.string().optional(),
    table: z.string().optional(),
    rows: z.number().optional(),
  })),
  metrics: taskMetricsSchema,
  values: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
});

const outputFileSchema = z.object({
  taskId: z.string(),
  kind: z.string(),
  attempt: z.number().int(),
  finishedAt: z.string(),
  output: taskOutputSchema,
});
export type TaskOutputFile = z.infer<typeof outputFileSchema>;

export function taskFolderOf(runFolder: string, taskId: string): string {
  return path.join(runFolder, taskId);
}

export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temp, `${JSON.stringify(value, null, 2)}\n`, 'utf8');
  await rename(temp, file);
}

export async function writeTaskOutput(runFolder: string, record: TaskOutputFile): Promise<void> {
  await writeJsonAtomic(path.join(taskFolderOf(runFolder, record.taskId), OUTPUT_FILE), record);
}

/** The output a task left in a run folder, or null when it did not finish there. */
export async function readTaskOutput(runFolder: string, taskId: string): Promise<TaskOutputFile | null> {
  let text: string;
  try {
    text = await readFile(path.join(taskFolderOf(runFolder, taskId), OUTPUT_FILE), 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = outputFileSchema.safeParse(JSON.parse(text));
    return parsed.success && parsed.data.taskId === taskId ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Hard links where the file system allows (big extracts cost nothing), copies elsewhere. */
async function linkOrCopyTree(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory()) await linkOrCopyTree(src, dst);
    else if (entry.isFile()) {
      try {
        await link(src, dst);
      } catch {
        await copyFile(src, dst);
      }
    }
  }
}

/**
 * Brings a task's finished work from an earlier run into this one: its folder, and its
 * output with artifact paths moved to the new folder, so this run stands on its own
 * even if the earlier one is deleted.
 */
export async function reuseTaskOutput(previousRunFolder: string, runFolder: string, taskId: string): Promise<TaskOutput | null> {
  const previous = await readTaskOutput(previousRunFolder, taskId);
  if (!previous) return null;
  const oldFolder = taskFolderOf(previousRunFolder, taskId);
  const newFolder = taskFolderOf(runFolder, taskId);
  await linkOrCopyTree(oldFolder, newFolder);
  const moved = (p: string | undefined) => {
    if (p === undefined) return undefined;
    const rel = path.relative(oldFolder, p);
    return rel.startsWith('..') || path.isAbsolute(rel) ? p : path.join(newFolder, rel);
  };
  const output: TaskOutput = {
    ...previous.output,
    artifacts: previous.output.artifacts.map((a) => {
      const p = moved(a.path);
      return p === undefined ? a : { ...a, path: p };
    }),
  };
  await writeTaskOutput(runFolder, { ...previous, output });
  return output;
}
