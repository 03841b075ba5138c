import { z } from 'zod';
import {
  connectionTestResultSchema,
  profileInputSchema,
  profileSchema,
} from '../profiles/profile.js';
import { syncRequestSchema, syncSettingsSchema } from '../sync/sync.js';
import {
  logLineSchema,
  progressSchema,
  runRecordSchema,
  runStateEventSchema,
} from '../runs/run.js';
import { workspaceSchema, workspaceUpdateSchema } from '../workspace/workspace.js';
import { pipelineEvents, pipelineMethods } from './pipeline-contract.js';

/**
 * The whole API between the UI and the engine: one row per method (input and output
 * schema) and one row per event stream. Transports (Electron IPC, the WebSocket host)
 * are generic over these tables, so a feature is a row plus a handler.
 */

const empty = z.object({}).strict();
const byId = z.object({ id: z.string().min(1) });
const runIdInput = z.object({ runId: z.string().min(1) });
const started = z.object({ runId: z.string() });

export const secretStorageSchema = z.object({
  /** os-keyring: Electron safeStorage on an OS keyring; key-file: a 0600 key file (headless); weak: basic_text fallback. */
  backend: z.enum(['os-keyring', 'key-file', 'weak']),
  /** Plain words for the user when the protection is weaker than an OS keyring. */
  warning: z.string().nullable(),
});
export type SecretStorageInfo = z.infer<typeof secretStorageSchema>;

export const methods = {
  'app.info': {
    input: empty,
    output: z.object({
      version: z.string(),
      host: z.enum(['electron', 'headless']),
      dataDir: z.string(),
      secretStorage: secretStorageSchema,
      db2DriverAvailable: z.boolean(),
      /** Messages about stored data that could not be read (e.g. a changed key), said once. */
      problems: z.array(z.string()),
    }),
  },

  'profiles.list': { input: empty, output: z.array(profileSchema) },
  'profiles.save': { input: profileInputSchema, output: profileSchema },
  'profiles.duplicate': { input: byId, output: profileSchema },
  'profiles.delete': { input: byId, output: z.object({ deleted: z.boolean() }) },
  /** Tests either a saved profile or unsaved form values (a missing password falls back to the saved one). */
  'profiles.test': {
    input: z.union([byId.strict(), profileInputSchema]),
    output: connectionTestResultSchema,
  },

  'workspace.get': { input: empty, output: workspaceSchema },
  'workspace.update': { input: workspaceUpdateSchema, output: workspaceSchema },
  /** Creates (or reopens) the embedded demo: PGlite source seeded by the generator, PGlite warehouse. */
  'workspace.createDemo': { input: z.object({ rows: z.number().int().min(1).max(5_000_000).optional() }), output: workspaceSchema },

  /** Loads the coursework's sales.sql into the source and sales.csv into the warehouse (a run, with logs). */
  'sample.loadSoftcart': {
    input: z.object({ sourceProfileId: z.string().min(1), warehouseProfileId: z.string().min(1) }),
    output: started,
  },

  /** Starts a sync; without a request, the open workspace's default (the one-click "Sync now"). */
  'sync.start': {
    input: z.object({ request: syncRequestSchema.optional() }),
    output: started,
  },
  'sync.defaults': { input: empty, output: syncSettingsSchema },

  'runs.cancel': { input: runIdInput, output: z.object({ cancelled: z.boolean() }) },
  'runs.history': { input: z.object({ limit: z.number().int().min(1).max(1000).default(50) }), output: z.array(runRecordSchema) },
  'runs.get': { input: runIdInput, output: runRecordSchema },
  /** Reads a slice of a run's log (live or from history). */
  'runs.logs': {
    input: runIdInput.extend({ offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(100_000).default(10_000) }),
    output: z.object({ lines: z.array(logLineSchema), total: z.number().int() }),
  },
  ...pipelineMethods,
} as const;

export const events = {
  /** Log lines arrive in small batches (flushed every ~100 ms), so a million lines never flood the UI. */
  'run.log': z.object({ runId: z.string(), lines: z.array(logLineSchema) }),
  'run.progress': progressSchema,
  'run.state': runStateEventSchema,
  ...pipelineEvents,
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type MethodInputParsed<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(methods, name);
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}

/** Error codes the engine returns; the UI maps them to plain messages. */
export const apiErrorCodes = [
  'validation', 'not_found', 'driver_unavailable', 'connection', 'auth', 'conflict', 'cancelled', 'internal',
] as const;
export type ApiErrorCode = (typeof apiErrorCodes)[number];

export const apiErrorSchema = z.object({
  code: z.enum(apiErrorCodes),
  message: z.string(),
  /** Field-level problems, e.g. from zod: path joined with dots -> message. */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ApiErrorShape = z.infer<typeof apiErrorSchema>;

export { ApiError } from './api-error.js';
