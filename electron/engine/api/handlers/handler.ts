import type { MethodInputParsed, MethodName, MethodOutput } from '../../../../shared/api/contract.js';
import type { pipelineMethods } from '../../../../shared/api/pipeline-contract.js';

export type Handler<M extends MethodName> = (input: MethodInputParsed<M>) => Promise<MethodOutput<M>>;

/** Handlers for a set of methods; the full table over MethodName makes a missing handler a compile error. */
export type HandlerTable<K extends MethodName = MethodName> = { [M in K]: Handler<M> };

/** Rows of shared/api/pipeline-contract.ts: the pipelines feature answers them (even those named runs.*). */
export type PipelineMethodName = keyof typeof pipelineMethods;
export type CoreMethodName = Exclude<MethodName, PipelineMethodName>;

/** The core methods of one area, e.g. Area<'profiles'> = 'profiles.list' | 'profiles.save' | ... */
export type Area<P extends string> = Extract<CoreMethodName, `${P}.${string}`>;
