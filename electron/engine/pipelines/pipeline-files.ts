import { readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ApiError } from '../../../shared/api/contract.js';
import type { RecentPipeline, TemplateSummary } from '../../../shared/api/pipeline-contract.js';
import { openPipelineText, PipelineFormatError, serializePipeline, type OpenedPipeline } from '../../../shared/pipeline/migrate.js';
import type { Pipeline } from '../../../shared/pipeline/pipeline.js';
import type { PipelineIssue } from '../../../shared/pipeline/issues.js';

/** Pipeline files on disk: open (with migration), atomic save, templates, the recent list. */

export function issuesToApi(issues: readonly PipelineIssue[]): { path: string; message: string }[] {
  return issues.map((i) => ({ path: i.taskId ? `tasks.${i.taskId}${i.field ? `.${i.field}` : ''}` : i.field, message: i.message }));
}

export async function readPipelineFile(file: string): Promise<OpenedPipeline> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ApiError('not_found', `No pipeline file at ${file}`);
    if (code === 'EISDIR') throw new ApiError('validation', `${file} is a folder, not a pipeline file`);
    throw new ApiError('internal', `Cannot read ${file}: ${(e as Error).message}`);
  }
  try {
    return openPipelineText(text);
  } catch (e) {
    if (e instanceof PipelineFormatError) throw new ApiError('validation', `${path.basename(file)}: ${e.message}`, issuesToApi(e.issues));
    throw e;
  }
}

/** Temp file in the same folder, then rename: the old file stays whole until the new one is. */
export async function savePipelineFile(file: string, pipeline: Pipeline): Promise<void> {
  const dir = path.dirname(file);
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory()) throw new ApiError('not_found', `The folder ${dir} does not exist`);
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await writeFile(temp, serializePipeline(pipeline), 'utf8');
    await rename(temp, file);
  } catch (e) {
    await rm(temp, { force: true });
    throw new ApiError('internal', `Cannot save ${file}: ${(e as Error).message}`);
  }
}

/**
 * Relative `path` parameter defaults are relative to the pipeline file's folder (so a
 * template can point at the bundled sample data); made absolute before a run.
 */
export function absolutizePathDefaults(pipeline: Pipeline, baseDir: string): Pipeline {
  return {
    ...pipeline,
    parameters: pipeline.parameters.map((p) =>
      p.kind === 'path' && typeof p.default === 'string' && p.default !== '' && !path.isAbsolute(p.default)
        ? { ...p, default: path.resolve(baseDir, p.default) }
        : p),
  };
}

export async function listTemplates(dir: string | null): Promise<TemplateSummary[]> {
  if (!dir) return [];
  const names = (await readdir(path.join(dir, 'templates')).catch(() => [] as string[])).filter((n) => n.endsWith('.json')).sort();
  const out: TemplateSummary[] = [];
  for (const name of names) {
    try {
      const { pipeline } = await readPipelineFile(path.join(dir, 'templates', name));
      out.push({ id: name.replace(/\.json$/, ''), name: pipeline.name, description: pipeline.description ?? '', taskCount: pipeline.tasks.length });
    } catch {
      // A broken template is left out of the list rather than breaking it.
    }
  }
  return out;
}

export async function loadTemplate(dir: string | null, id: string): Promise<Pipeline> {
  if (!dir || !/^[A-Za-z0-9_-]+$/.test(id)) throw new ApiError('not_found', `No template '${id}'`);
  const folder = path.join(dir, 'templates');
  const { pipeline } = await readPipelineFile(path.join(folder, `${id}.json`)).catch((e: unknown) => {
    if (e instanceof ApiError && e.code === 'not_found') throw new ApiError('not_found', `No template '${id}'`);
    throw e;
  });
  return absolutizePathDefaults(pipeline, folder);
}

const RECENT_KEY = 'pipelines.recent';
const RECENT_MAX = 12;
const recentSchema = z.array(z.object({ path: z.string(), name: z.string(), openedAt: z.string() }));

export interface KeyValueStore {
  read(key: string): unknown;
  write(key: string, value: unknown): void;
}

export function readRecent(store: KeyValueStore): RecentPipeline[] {
  const parsed = recentSchema.safeParse(store.read(RECENT_KEY) ?? []);
  return parsed.success ? parsed.data : [];
}

export function rememberRecent(store: KeyValueStore, file: string, name: string): void {
  const rest = readRecent(store).filter((r) => r.path !== file);
  store.write(RECENT_KEY, [{ path: file, name, openedAt: new Date().toISOString() }, ...rest].slice(0, RECENT_MAX));
}
