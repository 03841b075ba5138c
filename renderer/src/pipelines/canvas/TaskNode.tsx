import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { defaultCatalog } from '../../../../shared/pipeline/catalog.js';
import type { TaskState } from '../../../../shared/pipeline/task-state.js';
import { formatCount, formatDuration, formatRate } from '../../ui/format.js';
import type { TaskFlowNode } from '../editor/flow-sync.js';
import { useEditor, useRunView } from '../pipeline-stores.js';
import type { TaskLive } from '../run/run-view-store.js';
import { KindIcon } from './KindIcon.js';

/** Tests set this to count renders per node; a plain call when unset costs nothing. */
export const nodeRenderProbe: { current: ((id: string) => void) | null } = { current: null };

export const stateLabels: Record<TaskState, string> = {
  queued: 'Queued', running: 'Running', success: 'Succeeded', failed: 'Failed', retrying: 'Retrying', skipped: 'Skipped', cancelled: 'Cancelled',
};

function issueCountOf(issues: Readonly<Record<string, unknown>> | undefined): number {
  return issues ? Object.keys(issues).length : 0;
}

function TaskNodeView({ id, data, selected }: NodeProps<TaskFlowNode>) {
  nodeRenderProbe.current?.(id);
  const task = data.task;
  const live = useRunView((s) => s.tasks[id]);
  const problems = useEditor((s) => issueCountOf(s.issues[id]));
  const info = defaultCatalog.get(task.kind);
  const state = live?.state;
  const classes = [
    'task-node',
    `task-node--${info?.category ?? 'unknown'}`,
    state ? `task-node--${state}` : '',
    problems > 0 ? 'task-node--invalid' : '',
    selected ? 'task-node--selected' : '',
  ].filter(Boolean).join(' ');

  return (
    <div
      className={classes}
      data-testid="task-node"
      data-task-id={id}
      data-state={state ?? 'idle'}
      data-problems={problems}
      title={`${task.name || id} (${info?.label ?? task.kind})${state ? ` — ${stateLabels[state]}` : ''}`}
    >
      <Handle type="target" position={Position.Left} className="task-node__handle" data-testid="handle-in" aria-label={`Input of ${id}`} />
      <div className="task-node__head">
        <span className="task-node__icon"><KindIcon icon={info?.icon ?? ''} /></span>
        <div className="task-node__titles">
          <div className="task-node__name">{task.name || id}</div>
          <div className="task-node__kind">
            {task.name && task.name !== info?.label ? `${info?.label ?? `Unknown kind ${task.kind}`} · ` : info ? '' : `Unknown kind ${task.kind} · `}
            <span className="mono">{id}</span>
          </div>
        </div>
      </div>
      {live ? (
        <div className="task-node__status">
          <StateMark live={live} />
          {live.metrics.rowsRead > 0 || live.metrics.rowsWritten > 0 || live.metrics.durationMs > 0 ? <Metrics live={live} /> : null}
        </div>
      ) : null}
      {problems > 0 ? (
        <div className="task-node__problems" data-testid="node-problems">
          {problems === 1 ? '1 problem' : `${problems} problems`}
        </div>
      ) : null}
      {live?.error && (state === 'failed' || state === 'retrying') ? (
        <div className="task-node__error" data-testid="node-error" title={live.error}>{live.error}</div>
      ) : null}
      <Handle type="source" position={Position.Right} className="task-node__handle" data-testid="handle-out" aria-label={`Output of ${id}`} />
    </div>
  );
}

function StateMark({ live }: { live: TaskLive }) {
  const label = live.state === 'retrying' ? `Retrying (attempt ${live.attempt + 1})` : live.state === 'skipped' && live.reason === 'reused' ? 'Reused' : stateLabels[live.state];
  return (
    <span className={`task-state task-state--${live.state}`} data-testid="node-state">
      {live.state === 'running' || live.state === 'retrying' ? <span className="task-state__spinner" aria-hidden="true" /> : null}
      {label}
    </span>
  );
}

function Metrics({ live }: { live: TaskLive }) {
  const m = live.metrics;
  return (
    <div className="task-node__metrics" data-testid="node-metrics">
      <span title="Rows read">{formatCount(m.rowsRead)} in</span>
      <span title="Rows written">{formatCount(m.rowsWritten)} out</span>
      {m.rowsRejected > 0 ? <span className="task-node__rejected" title="Rows rejected">{formatCount(m.rowsRejected)} rejected</span> : null}
      {m.rowsPerSecond > 0 ? <span title="Rows per second">{formatRate(m.rowsPerSecond)}</span> : null}
      <span title="Duration">{formatDuration(m.durationMs)}</span>
    </div>
  );
}

export const TaskNode = memo(TaskNodeView);

/** Outside any component, so React Flow never sees a new object and never remounts nodes. */
export const nodeTypes = { task: TaskNode };
