import type { Edge, Node } from '@xyflow/react';
import type { PipelineEdge, PipelineTask } from '../../../../shared/pipeline/pipeline.js';
import { edgeKey } from './doc.js';

export interface TaskNodeData extends Record<string, unknown> {
  task: PipelineTask;
}
export type TaskFlowNode = Node<TaskNodeData, 'task'>;
export type TaskFlowEdge = Edge;

/**
 * React Flow nodes for the doc's tasks. A node whose task object and position did not
 * change is returned as the same object, so React Flow (and the memoized node) skip it:
 * an edit or a drag re-renders only the nodes it touched.
 */
export function syncNodes(prev: readonly TaskFlowNode[], tasks: readonly PipelineTask[], select?: ReadonlySet<string>): TaskFlowNode[] {
  const byId = new Map(prev.map((n) => [n.id, n]));
  return tasks.map((task) => {
    const old = byId.get(task.id);
    const selected = select ? select.has(task.id) : (old?.selected ?? false);
    if (old && old.data.task === task && old.position.x === task.position.x && old.position.y === task.position.y && (old.selected ?? false) === selected) return old;
    if (old) return { ...old, position: task.position, data: { task }, selected };
    return { id: task.id, type: 'task', position: task.position, data: { task }, selected };
  });
}

export function syncEdges(prev: readonly TaskFlowEdge[], edges: readonly PipelineEdge[], select?: ReadonlySet<string>): TaskFlowEdge[] {
  const byId = new Map(prev.map((e) => [e.id, e]));
  return edges.map((e) => {
    const id = edgeKey(e);
    const old = byId.get(id);
    const selected = select ? select.has(id) : (old?.selected ?? false);
    if (old && (old.selected ?? false) === selected) return old;
    return { id, source: e.from, target: e.to, type: 'smoothstep', selected };
  });
}
