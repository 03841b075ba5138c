import { useReactFlow } from '@xyflow/react';
import { useCallback } from 'react';
import { DEFAULT_NODE_SIZE } from '../editor/layout.js';

/** The drag-and-drop type a palette item carries: the task kind. */
export const TASK_KIND_MIME = 'application/x-etl-task-kind';
export const CANVAS_ELEMENT_ID = 'pipeline-canvas';

/** Where a new task goes so it sits centred under a screen point. */
export function useScreenToTaskPosition(): (screen: { x: number; y: number }) => { x: number; y: number } {
  const rf = useReactFlow();
  return useCallback((screen) => {
    const p = rf.screenToFlowPosition(screen);
    return { x: p.x - DEFAULT_NODE_SIZE.width / 2, y: p.y - DEFAULT_NODE_SIZE.height / 2 };
  }, [rf]);
}

/** The centre of the visible canvas, for tasks added from the keyboard. */
export function useViewCentre(): () => { x: number; y: number } {
  const toTask = useScreenToTaskPosition();
  return useCallback(() => {
    const rect = document.getElementById(CANVAS_ELEMENT_ID)?.getBoundingClientRect();
    if (!rect || rect.width === 0) return { x: 0, y: 0 };
    return toTask({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 });
  }, [toTask]);
}
