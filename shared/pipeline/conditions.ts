import { downstreamOfAll, type GraphLike } from './dag.js';
import type { ParamValue } from './pipeline.js';

/** Whether a parameter value switches a `runIf` branch on. */
export function isOn(value: ParamValue | undefined): boolean {
  if (value === undefined || value === false || value === 0) return false;
  return typeof value !== 'string' || value.trim() !== '';
}

/**
 * Tasks a run leaves out: those whose runIf parameter is off, and everything downstream
 * of them (a task cannot run without its inputs).
 */
export function inactiveTasks(
  g: { readonly tasks: readonly { readonly id: string; readonly runIf?: string | undefined }[]; readonly edges: GraphLike['edges'] },
  params: Readonly<Record<string, ParamValue>>,
): Set<string> {
  const off = g.tasks.filter((t) => t.runIf !== undefined && !isOn(params[t.runIf])).map((t) => t.id);
  return off.length === 0 ? new Set() : downstreamOfAll(g, off);
}
