import type { PipelineEdge, PipelineTask } from '../../../../shared/pipeline/pipeline.js';
import { uniqueTaskId } from './doc.js';

/** What Ctrl+C holds: the selected tasks and the edges among them. */
export interface Clip {
  tasks: PipelineTask[];
  edges: PipelineEdge[];
}

export function copyTasks(tasks: readonly PipelineTask[], edges: readonly PipelineEdge[], ids: ReadonlySet<string>): Clip | null {
  const picked = tasks.filter((t) => ids.has(t.id));
  if (picked.length === 0) return null;
  return { tasks: structuredClone(picked), edges: edges.filter((e) => ids.has(e.from) && ids.has(e.to)).map((e) => ({ ...e })) };
}

/**
 * The clip as new tasks: fresh ids (so a paste never collides with what is there),
 * edges renamed with them, shifted so the copies do not hide the originals.
 */
export function pasteClip(clip: Clip, taken: ReadonlySet<string>, offset: { x: number; y: number }): Clip {
  const used = new Set(taken);
  const rename = new Map<string, string>();
  const tasks = clip.tasks.map((t) => {
    const id = uniqueTaskId(t.id.replace(/_\d+$/, ''), used);
    used.add(id);
    rename.set(t.id, id);
    return { ...structuredClone(t), id, position: { x: t.position.x + offset.x, y: t.position.y + offset.y } };
  });
  const edges = clip.edges.map((e) => ({ from: rename.get(e.from)!, to: rename.get(e.to)! }));
  return { tasks, edges };
}
