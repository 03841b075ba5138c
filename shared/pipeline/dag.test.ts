import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CycleError, cycleRefusal, directUpstream, downstream, findCycle, topologicalOrder, upstream, wouldCreateCycle,
  type GraphLike,
} from './dag.js';

const g = (ids: string[], edges: [string, string][]): GraphLike => ({
  tasks: ids.map((id) => ({ id })),
  edges: edges.map(([from, to]) => ({ from, to })),
});

// The web-log pipeline: extract -> transform -> load, plus a branch off extract.
const weblog = g(['extract', 'transform', 'load', 'parse', 'warehouse'], [
  ['extract', 'transform'], ['transform', 'load'], ['extract', 'parse'], ['parse', 'warehouse'],
]);

/** A random DAG: edges only go from a lower to a higher index, shuffled in the task list. */
const dagArb = fc.integer({ min: 1, max: 25 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    edges: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: n * 3 }),
    perm: fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
  }).map(({ n: count, edges, perm }) => {
    const ids = [...Array(count).keys()].map((i) => `t${i}`);
    const dagEdges = edges.filter(([a, b]) => a !== b).map(([a, b]) => (a < b ? [a, b] : [b, a]) as [number, number]);
    return g(perm.map((i) => ids[i]!), dagEdges.map(([a, b]) => [ids[a]!, ids[b]!]));
  }),
);

describe('graph algorithms', () => {
  it('orders the web-log pipeline by dependencies, file order breaking ties', () => {
    expect(topologicalOrder(weblog)).toEqual(['extract', 'transform', 'load', 'parse', 'warehouse']);
    const reordered = g(['parse', 'warehouse', 'extract', 'transform', 'load'], weblog.edges.map((e) => [e.from, e.to]));
    expect(topologicalOrder(reordered)).toEqual(['extract', 'parse', 'warehouse', 'transform', 'load']);
  });

  it('gives upstream and downstream sets', () => {
    expect([...upstream(weblog, 'load')].sort()).toEqual(['extract', 'transform']);
    expect([...downstream(weblog, 'extract')].sort()).toEqual(['load', 'parse', 'transform', 'warehouse']);
    expect(downstream(weblog, 'load').size).toBe(0);
    expect(directUpstream(weblog, 'warehouse')).toEqual(['parse']);
  });

  it('refuses an edge that would close a loop, with a message naming both tasks', () => {
    expect(wouldCreateCycle(weblog, { from: 'load', to: 'extract' })).toBe(true);
    expect(wouldCreateCycle(weblog, { from: 'load', to: 'load' })).toBe(true);
    expect(wouldCreateCycle(weblog, { from: 'load', to: 'parse' })).toBe(false);
    expect(cycleRefusal(weblog, { from: 'load', to: 'extract' })).toMatch(/'load' -> 'extract' would create a cycle/);
    expect(cycleRefusal(weblog, { from: 'load', to: 'parse' })).toBeNull();
  });

  it('finds a cycle and topologicalOrder refuses it', () => {
    const cyclic = g(['a', 'b', 'c', 'd'], [['a', 'b'], ['b', 'c'], ['c', 'a'], ['c', 'd']]);
    const cycle = findCycle(cyclic)!;
    expect(cycle[0]).toBe(cycle[cycle.length - 1]);
    expect(new Set(cycle)).toEqual(new Set(['a', 'b', 'c']));
    expect(() => topologicalOrder(cyclic)).toThrow(CycleError);
    expect(findCycle(weblog)).toBeNull();
  });

  it('handles a 10 000-task chain without overflowing the stack', () => {
    const ids = [...Array(10_000).keys()].map((i) => `t${i}`);
    const chain = g(ids, ids.slice(1).map((id, i) => [ids[i]!, id]));
    expect(topologicalOrder(chain)).toEqual(ids);
    expect(wouldCreateCycle(chain, { from: 't9999', to: 't0' })).toBe(true);
  });
});

describe('graph properties', () => {
  it('topological order lists every task once and puts each edge forward', () => {
    fc.assert(fc.property(dagArb, (dag) => {
      const order = topologicalOrder(dag);
      expect([...order].sort()).toEqual(dag.tasks.map((t) => t.id).sort());
      const pos = new Map(order.map((id, i) => [id, i]));
      for (const e of dag.edges) expect(pos.get(e.from)!).toBeLessThan(pos.get(e.to)!);
    }), { numRuns: 300 });
  });

  it('topological order is stable: with no edges it is the file order', () => {
    fc.assert(fc.property(dagArb, (dag) => {
      const free = { tasks: dag.tasks, edges: [] };
      expect(topologicalOrder(free)).toEqual(dag.tasks.map((t) => t.id));
      expect(topologicalOrder(dag)).toEqual(topologicalOrder({ tasks: [...dag.tasks], edges: [...dag.edges] }));
    }), { numRuns: 200 });
  });

  it('an edge is refused exactly when adding it makes findCycle report a cycle', () => {
    fc.assert(fc.property(dagArb, fc.nat(), fc.nat(), (dag, i, j) => {
      const from = dag.tasks[i % dag.tasks.length]!.id;
      const to = dag.tasks[j % dag.tasks.length]!.id;
      const added = { tasks: dag.tasks, edges: [...dag.edges, { from, to }] };
      expect(wouldCreateCycle(dag, { from, to })).toBe(findCycle(added) !== null);
    }), { numRuns: 300 });
  });

  it('downstream and upstream are mirror images', () => {
    fc.assert(fc.property(dagArb, (dag) => {
      for (const a of dag.tasks) for (const b of downstream(dag, a.id)) expect(upstream(dag, b).has(a.id)).toBe(true);
    }), { numRuns: 100 });
  });
});
