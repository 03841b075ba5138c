/**
 * Graph algorithms over a pipeline's tasks and edges. Pure and shape-minimal, so the
 * canvas can run them on its own state on every drag without building a Pipeline.
 */

export interface GraphLike {
  readonly tasks: readonly { readonly id: string }[];
  readonly edges: readonly { readonly from: string; readonly to: string }[];
}

export interface Edge {
  from: string;
  to: string;
}

function adjacency(g: GraphLike, direction: 'down' | 'up'): Map<string, string[]> {
  const adj = new Map<string, string[]>();
  for (const t of g.tasks) adj.set(t.id, []);
  for (const e of g.edges) {
    const [a, b] = direction === 'down' ? [e.from, e.to] : [e.to, e.from];
    // Dangling edges are reported by validation; the algorithms just ignore them.
    if (!adj.has(a) || !adj.has(b)) continue;
    adj.get(a)!.push(b);
  }
  return adj;
}

function reachable(adj: Map<string, string[]>, starts: Iterable<string>): Set<string> {
  const seen = new Set<string>();
  const stack = [...starts];
  while (stack.length > 0) {
    const id = stack.pop()!;
    for (const next of adj.get(id) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return seen;
}

/** All tasks that must finish before `taskId` (transitively), not including itself unless on a cycle. */
export function upstream(g: GraphLike, taskId: string): Set<string> {
  return reachable(adjacency(g, 'up'), [taskId]);
}

/** All tasks that depend on `taskId` (transitively). */
export function downstream(g: GraphLike, taskId: string): Set<string> {
  return reachable(adjacency(g, 'down'), [taskId]);
}

/** Downstream closure of several tasks, the tasks themselves included. */
export function downstreamOfAll(g: GraphLike, taskIds: Iterable<string>): Set<string> {
  const ids = [...taskIds];
  const out = reachable(adjacency(g, 'down'), ids);
  for (const id of ids) out.add(id);
  return out;
}

/** Direct predecessors of a task, in edge order, without repeats. */
export function directUpstream(g: GraphLike, taskId: string): string[] {
  const ids = new Set(g.tasks.map((t) => t.id));
  const out: string[] = [];
  for (const e of g.edges) if (e.to === taskId && ids.has(e.from) && !out.includes(e.from)) out.push(e.from);
  return out;
}

/** Whether adding `edge` would close a loop (a self-edge counts). */
export function wouldCreateCycle(g: GraphLike, edge: Edge): boolean {
  if (edge.from === edge.to) return true;
  return downstream(g, edge.to).has(edge.from);
}

/** The message the canvas shows when it refuses an edge. */
export function cycleRefusal(g: GraphLike, edge: Edge): string | null {
  if (edge.from === edge.to) return `A task cannot depend on itself ('${edge.from}').`;
  if (!wouldCreateCycle(g, edge)) return null;
  return `Connecting '${edge.from}' -> '${edge.to}' would create a cycle: '${edge.to}' already runs before '${edge.from}'.`;
}

/**
 * One cycle as a list of task ids [a, b, ..., a] (first repeated at the end), or null.
 * Iterative DFS so a long chain cannot overflow the stack.
 */
export function findCycle(g: GraphLike): string[] | null {
  const adj = adjacency(g, 'down');
  const color = new Map<string, 0 | 1 | 2>();
  const parent = new Map<string, string>();
  for (const t of g.tasks) {
    if (color.get(t.id)) continue;
    const stack: { id: string; i: number }[] = [{ id: t.id, i: 0 }];
    color.set(t.id, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const nexts = adj.get(top.id)!;
      if (top.i >= nexts.length) {
        color.set(top.id, 2);
        stack.pop();
        continue;
      }
      const next = nexts[top.i++]!;
      const c = color.get(next) ?? 0;
      if (c === 1) {
        const cycle = [next];
        for (let cur = top.id; cur !== next; cur = parent.get(cur)!) cycle.push(cur);
        cycle.push(next);
        return cycle.reverse();
      }
      if (c === 0) {
        color.set(next, 1);
        parent.set(next, top.id);
        stack.push({ id: next, i: 0 });
      }
    }
  }
  return null;
}

export class CycleError extends Error {
  constructor(readonly cycle: string[]) {
    super(`The pipeline has a cycle: ${cycle.join(' -> ')}`);
    this.name = 'CycleError';
  }
}

/**
 * Dependency order, stable: among tasks that are ready at the same time, the one listed
 * first in the file comes first, so runs and logs read the same way every time.
 * Throws CycleError on a cycle.
 */
export function topologicalOrder(g: GraphLike): string[] {
  const index = new Map<string, number>();
  g.tasks.forEach((t, i) => { if (!index.has(t.id)) index.set(t.id, i); });
  const adj = adjacency(g, 'down');
  const indegree = new Map<string, number>();
  for (const id of index.keys()) indegree.set(id, 0);
  for (const [, nexts] of adj) for (const n of nexts) indegree.set(n, indegree.get(n)! + 1);

  // Ready set kept sorted by file position; a binary-search insert keeps it O(n log n)-ish.
  const ready: string[] = [...index.keys()].filter((id) => indegree.get(id) === 0);
  const order: string[] = [];
  const insert = (id: string) => {
    const pos = index.get(id)!;
    let lo = 0;
    let hi = ready.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (index.get(ready[mid]!)! < pos) lo = mid + 1;
      else hi = mid;
    }
    ready.splice(lo, 0, id);
  };
  while (ready.length > 0) {
    const id = ready.shift()!;
    order.push(id);
    for (const n of adj.get(id)!) {
      const d = indegree.get(n)! - 1;
      indegree.set(n, d);
      if (d === 0) insert(n);
    }
  }
  if (order.length < index.size) throw new CycleError(findCycle(g) ?? []);
  return order;
}
