import { z } from 'zod';
import type { TaskCategory } from '../catalog.js';

/**
 * Field pieces the kind schemas share, so the same thing reads the same in every form.
 * Each kind file exports `<camelKind>ConfigSchema` and `kindInfo`.
 */

export interface KindInfo {
  kind: string;
  label: string;
  description: string;
  category: TaskCategory;
  inputs: string;
  outputs: string;
  icon: string;
}

/** A profile name or id, a URL (mysql://, postgres://, pglite:PATH), or `${params.X}`. */
export const connectionField = (label: string) =>
  z.string().trim().min(1, `${label} is required`).max(4096).describe(label);

/**
 * What file a task reads: empty takes the one file an upstream task left; else an
 * upstream task id, `taskId/artifactName`, or a file path.
 */
export const inputField = () =>
  z.string().trim().max(4096).default('').describe('Input (empty: the file of the upstream task; or a task id, task/artifact, or a file path)');

/** A file name written in the task's folder, or an absolute path. */
export const outputField = (fallback: string, label = 'Output file (name in the task folder, or an absolute path)') =>
  z.string().trim().max(4096).default(fallback).describe(label);

export const tableFormats = ['txt', 'tsv', 'csv'] as const;
export type TableFormatName = (typeof tableFormats)[number];

export const formatField = (label: string) =>
  z.enum(['auto', ...tableFormats]).default('auto').describe(label);

export const headerField = () =>
  z.boolean().default(true).describe('TSV/CSV: first line names the columns');

/** SQL identifiers as users type them; quoting happens in the engine, never here. */
export const identifierField = (label: string) => z.string().trim().min(1, `${label} is required`).max(128).describe(label);

export const optionalIdentifier = (label: string) => z.string().trim().max(128).default('').describe(label);
