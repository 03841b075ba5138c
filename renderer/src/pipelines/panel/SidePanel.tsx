import { memo } from 'react';
import { useEditor } from '../pipeline-stores.js';
import { PipelinePanel } from './PipelinePanel.js';
import { TaskPanel } from './TaskPanel.js';

/** The selected task's settings, the pipeline's when nothing (or several tasks) is selected. */
export const SidePanel = memo(function SidePanel() {
  const selected = useEditor((s) => (s.selectedIds.length === 1 ? s.doc.tasks.find((t) => t.id === s.selectedIds[0]) : undefined));
  const count = useEditor((s) => s.selectedIds.length);
  return (
    <aside className="side-panel" aria-label={selected ? `Task ${selected.id} settings` : 'Pipeline settings'} data-testid="side-panel">
      {count > 1 ? <p className="muted small side-panel__multi">{count} tasks selected. Ctrl+C copies them, Delete removes them.</p> : null}
      {selected ? <TaskPanel key={selected.id} task={selected} /> : <PipelinePanel />}
    </aside>
  );
});
