import type { ApiErrorCode, ApiErrorShape } from './contract.js';

/**
 * The error every side of the API throws. A module of its own (contract.ts re-exports
 * it) so code that only catches or throws it, like the CLI's start, does not load zod
 * and build the whole contract.
 */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly issues?: { path: string; message: string }[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
  toJSON(): ApiErrorShape {
    return { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) };
  }
}
