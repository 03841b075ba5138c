import path from 'node:path';
import { TaskConfigError } from './config-error.js';

/**
 * Where a task writes: a plain name lands in the task's folder (cleared before each
 * attempt, so a retry starts clean); an absolute path is the user's explicit choice.
 */
export function outputPath(taskFolder: string, field: string, value: string, fallback: string): string {
  const name = value.trim() || fallback;
  if (!name) throw new TaskConfigError(field, 'give a file name');
  if (path.isAbsolute(name)) return path.normalize(name);
  const full = path.resolve(taskFolder, name);
  const rel = path.relative(taskFolder, full);
  if (rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new TaskConfigError(field, `"${name}" leaves the task folder; give a plain file name or an absolute path`);
  }
  return full;
}

/** The name with its table extension replaced (e.g. data.tsv -> data.csv). */
export function withExtension(file: string, ext: string): string {
  const base = path.basename(file).replace(/\.gz$/i, '');
  const stem = base.includes('.') ? base.slice(0, base.lastIndexOf('.')) : base;
  return `${stem}.${ext}`;
}
