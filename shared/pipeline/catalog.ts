import { z } from 'zod';
import { builtInKinds } from './kinds/index.js';

/**
 * The task catalog: every kind the palette offers, with the schema its config must
 * satisfy. Shared by the canvas (palette, side-panel forms), validation and the runner.
 * The kinds and their config schemas live in shared/pipeline/kinds/<kind>.ts.
 */

export const taskCategories = ['extract', 'sync', 'transform', 'load', 'file', 'sql', 'check'] as const;
export type TaskCategory = (typeof taskCategories)[number];

export interface TaskKindInfo {
  kind: string;
  label: string;
  description: string;
  category: TaskCategory;
  /** Validates (and fills defaults of) a task's config after parameter substitution. */
  configSchema: z.ZodType<Record<string, unknown>, Record<string, unknown>>;
  /** What the task reads from upstream tasks, in a sentence. */
  inputs: string;
  /** What it leaves for downstream tasks (files, tables, values). */
  outputs: string;
  /** Icon name the canvas maps to a glyph. */
  icon: string;
}

export type TaskCatalog = ReadonlyMap<string, TaskKindInfo>;

export const defaultCatalog: TaskCatalog = new Map(builtInKinds.map((k) => [k.kind, k]));

/** Kind names in palette order. */
export const taskKinds: readonly string[] = builtInKinds.map((k) => k.kind);

export function catalogList(catalog: TaskCatalog = defaultCatalog): TaskKindInfo[] {
  return [...catalog.values()];
}

/** A catalog with extra or replaced kinds (tests, plug-ins), leaving the default untouched. */
export function extendCatalog(extra: readonly TaskKindInfo[], base: TaskCatalog = defaultCatalog): TaskCatalog {
  const out = new Map(base);
  for (const k of extra) out.set(k.kind, k);
  return out;
}
