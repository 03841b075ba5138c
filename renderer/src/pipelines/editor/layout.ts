import type { PipelineEdge, PipelineTask } from '../../../../shared/pipeline/pipeline.js';

export type Positions = Record<string, { x: number; y: number }>;
export type LayoutFn = (
  tasks: readonly Pick<PipelineTask, 'id'>[],
  edges: readonly PipelineEdge[],
  sizes: Readonly<Record<string, { width: number; height: number }>>,
) => Promise<Positions>;

export const DEFAULT_NODE_SIZE = { width: 240, height: 84 };

interface ElkNode { id: string; x?: number; y?: number; width?: number; height?: number; children?: ElkNode[]; edges?: { id: string; sources: string[]; targets: string[] }[]; layoutOptions?: Record<string, string> }
interface Elk { layout(graph: ElkNode): Promise<ElkNode> }

let elk: Promise<Elk> | null = null;

/** elk is loaded on the first layout, so opening the canvas does not pay for it. */
function loadElk(): Promise<Elk> {
  elk ??= import('elkjs/lib/elk.bundled.js').then((m) => {
    const Ctor = (m as unknown as { default: new () => Elk }).default;
    return new Ctor();
  });
  return elk;
}

/** Layered layout, left to right in dependency order (elk's "layered" algorithm). */
export const elkLayout: LayoutFn = async (tasks, edges, sizes) => {
  const ids = new Set(tasks.map((t) => t.id));
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.spacing.nodeNode': '40',
      'elk.layered.spacing.nodeNodeBetweenLayers': '80',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.separateConnectedComponents': 'true',
      'elk.spacing.componentComponent': '60',
    },
    children: tasks.map((t) => ({ id: t.id, ...(sizes[t.id] ?? DEFAULT_NODE_SIZE) })),
    edges: edges.filter((e) => ids.has(e.from) && ids.has(e.to)).map((e, i) => ({ id: `e${i}`, sources: [e.from], targets: [e.to] })),
  };
  const out = await (await loadElk()).layout(graph);
  const positions: Positions = {};
  for (const c of out.children ?? []) positions[c.id] = { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) };
  return positions;
};
