import {
  Background, BackgroundVariant, Controls, MarkerType, MiniMap, ReactFlow, useReactFlow, useStore as useFlowStore,
  type Connection, type DefaultEdgeOptions,
} from '@xyflow/react';
import { memo, useCallback, useEffect, useState, type DragEvent } from 'react';
import type { TaskFlowNode } from '../editor/flow-sync.js';
import { useEditor, usePipelineStores, useRunView } from '../pipeline-stores.js';
import { CANVAS_ELEMENT_ID, TASK_KIND_MIME, useScreenToTaskPosition } from './drop.js';
import { nodeTypes } from './TaskNode.js';

const defaultEdgeOptions: DefaultEdgeOptions = {
  type: 'smoothstep',
  markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18, color: '#8a97a8' },
  style: { strokeWidth: 1.6 },
};
const proOptions = { hideAttribution: true };
const fitViewOptions = { padding: 0.12, maxZoom: 1.1 };
const snapGrid: [number, number] = [10, 10];
const ariaLabels = { 'node.a11yDescription.default': 'Task. Press Enter or Space to select it; arrow keys move a selected task; Delete removes it.' };

const isFar = (s: { transform: [number, number, number] }) => s.transform[2] < 0.45;

/** Above this many tasks only the visible ones are rendered; below, rendering all is cheaper than culling. */
export const VISIBLE_ONLY_THRESHOLD = 150;

export interface CanvasProps {
  /** Tests in a DOM without layout turn culling off so every node renders. */
  cullOffscreen?: boolean;
}

export function Canvas({ cullOffscreen = true }: CanvasProps) {
  const { editor } = usePipelineStores();
  const nodes = useEditor((s) => s.nodes);
  const edges = useEditor((s) => s.edges);
  const onNodesChange = useEditor((s) => s.onNodesChange);
  const onEdgesChange = useEditor((s) => s.onEdgesChange);
  const fitRequest = useEditor((s) => s.fitRequest);
  const focusRequest = useEditor((s) => s.focusRequest);
  const rf = useReactFlow<TaskFlowNode>();
  const toTaskPosition = useScreenToTaskPosition();
  // Fit on mount only when there is something to fit; on an empty canvas the first drop
  // would otherwise pull the view onto that task.
  const [fitOnMount] = useState(() => nodes.length > 0);
  // Zoomed far out, task text is unreadable anyway: the canvas drops the details that cost
  // paint time (shadows, metrics) with one class here, without re-rendering any node.
  const far = useFlowStore(isFar);

  const onConnect = useCallback((c: Connection) => {
    if (c.source && c.target) editor.getState().connect(c.source, c.target);
  }, [editor]);

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(TASK_KIND_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback((e: DragEvent) => {
    const kind = e.dataTransfer.getData(TASK_KIND_MIME);
    if (!kind) return;
    e.preventDefault();
    editor.getState().addTask(kind, toTaskPosition({ x: e.clientX, y: e.clientY }));
  }, [editor, toTaskPosition]);

  useEffect(() => {
    if (fitRequest === 0) return;
    // After the new nodes are measured, or fitView sees zero-sized boxes.
    const t = setTimeout(() => void rf.fitView({ padding: 0.12, maxZoom: 1.1, duration: 250 }), 30);
    return () => clearTimeout(t);
  }, [fitRequest, rf]);

  useEffect(() => {
    if (!focusRequest) return;
    const n = rf.getNode(focusRequest.id);
    if (!n) return;
    const w = n.measured?.width ?? 220;
    const h = n.measured?.height ?? 80;
    void rf.setCenter(n.position.x + w / 2, n.position.y + h / 2, { zoom: Math.max(rf.getZoom(), 0.9), duration: 300 });
  }, [focusRequest, rf]);

  return (
    <section className={`pipeline-canvas${far ? ' pipeline-canvas--far' : ''}`} id={CANVAS_ELEMENT_ID} aria-label="Pipeline canvas" data-testid="pipeline-canvas">
      <ReactFlow<TaskFlowNode>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onDragOver={onDragOver}
        onDrop={onDrop}
        deleteKeyCode={null}
        defaultEdgeOptions={defaultEdgeOptions}
        snapGrid={snapGrid}
        minZoom={0.05}
        maxZoom={2.5}
        fitView={fitOnMount}
        fitViewOptions={fitViewOptions}
        onlyRenderVisibleElements={cullOffscreen && nodes.length > VISIBLE_ONLY_THRESHOLD}
        proOptions={proOptions}
        ariaLabelConfig={ariaLabels}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} color="#c9d2de" />
        <StatusMiniMap />
        <Controls showInteractive={false} position="bottom-left" />
      </ReactFlow>
      <CanvasNotice />
      {nodes.length === 0 ? (
        <div className="pipeline-canvas__empty" data-testid="canvas-empty">
          <strong>Drag tasks here from the palette</strong>
          <span>or pick one and press Enter. Connect a task's right handle to another's left handle to make it run first.</span>
        </div>
      ) : null}
    </section>
  );
}

const stateColours: Record<string, string> = {
  queued: '#b8c2cf', running: '#3b82f6', success: '#22a35a', failed: '#dc3b2f', retrying: '#e59a1a', skipped: '#d3d9e1', cancelled: '#9aa5b4',
};

const miniMapSize = { width: 168, height: 112 };

const StatusMiniMap = memo(function StatusMiniMap() {
  const tasks = useRunView((s) => s.tasks);
  const colour = useCallback((n: TaskFlowNode) => stateColours[tasks[n.id]?.state ?? ''] ?? '#9fb3cc', [tasks]);
  return <MiniMap<TaskFlowNode> style={miniMapSize} pannable zoomable nodeColor={colour} nodeStrokeWidth={2} maskColor="rgba(240, 244, 248, 0.7)" ariaLabel="Overview of the pipeline" />;
});

/** The last refusal or hint (e.g. an edge that would close a cycle), read out by screen readers. */
function CanvasNotice() {
  const notice = useEditor((s) => s.notice);
  const dismiss = useEditor((s) => s.dismissNotice);
  useEffect(() => {
    if (!notice) return;
    const t = setTimeout(dismiss, 7_000);
    return () => clearTimeout(t);
  }, [notice, dismiss]);
  if (!notice) return null;
  return (
    <div className={`canvas-toast canvas-toast--${notice.tone}`} role="alert" data-testid="canvas-notice">
      <span>{notice.text}</span>
      <button type="button" className="canvas-toast__close" onClick={dismiss} aria-label="Dismiss message">×</button>
    </div>
  );
}
