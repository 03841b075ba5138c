import { ZodError } from 'zod';
import { ApiError, type ApiErrorShape } from '../../../shared/api/contract.js';
import { KeyFileError } from '../secrets/key-file.js';
import { scrubSecrets } from '../secrets/scrub.js';
import { SecretUnreadableError } from '../secrets/secret-box.js';

type Issue = { path: string; message: string };

/** zod issues as the contract carries them: the path joined with dots, and the message. */
export function zodIssues(error: ZodError): Issue[] {
  return error.issues.flatMap((issue) => flattenIssue(issue, []));
}

type ZodIssueLike = ZodError['issues'][number];

function flattenIssue(issue: ZodIssueLike, prefix: PropertyKey[]): Issue[] {
  const here = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union' && 'errors' in issue && Array.isArray(issue.errors) && issue.errors.length > 0) {
    // Report the branch the input was most likely meant for, not "Invalid input" at the root.
    const branches = issue.errors as ZodIssueLike[][];
    const score = (b: ZodIssueLike[]) =>
      b.length + 100 * Number(b.some((i) => i.code === 'unrecognized_keys')) + 50 * Number(b.some((i) => i.code === 'invalid_union'));
    const best = branches.reduce((a, b) => (score(b) < score(a) ? b : a));
    if (best.length > 0) return best.flatMap((i) => flattenIssue(i, here));
  }
  return [{ path: here.map(String).join('.'), message: issue.message }];
}

const authCodes = new Set(['ER_ACCESS_DENIED_ERROR', 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR', 'ER_DBACCESS_DENIED_ERROR', '28P01', '28000']);

/** mysql2, pg, PGlite and socket errors carry a driver code: ER_*, a SQLSTATE, or a Node errno name. */
function driverCode(err: Error): string | null {
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string') return null;
  if (/^(ER_|PROTOCOL_|HANDSHAKE_)/.test(code)) return code;
  if (/^[0-9A-Z]{5}$/.test(code) && ('severity' in err || 'sqlState' in err)) return code;
  if (/^E[A-Z]+$/.test(code) && 'syscall' in err) return code;
  return null;
}

/**
 * Any error from a handler as the contract's error shape: ApiError kept, driver errors
 * as 'connection' (or 'auth') in the driver's plain words, the rest 'internal'; never a
 * stack, and credentials scrubbed from every message.
 */
export function toApiErrorShape(err: unknown): ApiErrorShape {
  if (err instanceof ApiError) {
    const shape = err.toJSON();
    return { ...shape, message: scrubSecrets(shape.message) };
  }
  if (err instanceof ZodError) return { code: 'validation', message: 'Some values are not valid.', issues: zodIssues(err) };
  if (err instanceof SecretUnreadableError) return { code: 'auth', message: err.message };
  if (err instanceof KeyFileError) return { code: 'internal', message: scrubSecrets(err.message) };
  if (err instanceof Error) {
    const code = driverCode(err);
    const message = scrubSecrets((err as { sqlMessage?: unknown }).sqlMessage as string | undefined ?? err.message);
    if (code) return { code: authCodes.has(code) ? 'auth' : 'connection', message };
    return { code: 'internal', message: message || err.name };
  }
  return { code: 'internal', message: scrubSecrets(String(err)) };
}
