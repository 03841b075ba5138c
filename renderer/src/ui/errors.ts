import { ApiError } from '../../../shared/api/contract.js';

/** One sentence a user can act on, whatever was thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'validation' && error.issues && error.issues.length > 0 && !error.message) {
      return error.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    }
    return error.message;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Field-level problems the engine returned, keyed by the dotted path of the field. */
export function fieldIssues(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (error instanceof ApiError && error.issues) {
    for (const issue of error.issues) out[issue.path] ??= issue.message;
  }
  return out;
}
