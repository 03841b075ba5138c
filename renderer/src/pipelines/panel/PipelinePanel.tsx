import { useId } from 'react';
import type { PipelineDefaults } from '../../../../shared/pipeline/pipeline.js';
import { useEditor, usePipelineStores } from '../pipeline-stores.js';
import { ParametersEditor } from './ParametersEditor.js';
import { ScheduleEditor } from './ScheduleEditor.js';

/** Shown when no task is selected: the pipeline's name, defaults, parameters and schedule. */
export function PipelinePanel() {
  const { editor } = usePipelineStores();
  const meta = useEditor((s) => s.doc.meta);
  const taskCount = useEditor((s) => s.doc.tasks.length);
  const id = useId();
  const nameError = meta.name.trim() === '' ? 'Pipeline name is required' : null;
  const setDefault = (k: keyof PipelineDefaults, text: string) => {
    const n = Number(text);
    if (text.trim() === '' || !Number.isInteger(n) || n < 0) return;
    editor.getState().updateMeta({ defaults: { ...meta.defaults, [k]: n } }, `defaults:${k}`);
  };

  return (
    <div className="pipeline-panel" data-testid="pipeline-panel">
      <h2 className="task-panel__title">Pipeline</h2>
      <p className="muted small">{taskCount === 1 ? '1 task' : `${taskCount} tasks`}. Select a task to configure it.</p>
      <div className="form-grid">
        <div className={`field${nameError ? ' field--invalid' : ''}`}>
          <label htmlFor={`${id}-name`}>Name</label>
          <input id={`${id}-name`} type="text" value={meta.name} onChange={(e) => editor.getState().updateMeta({ name: e.target.value }, 'name')} aria-invalid={nameError ? true : undefined} data-testid="pipeline-name" />
          {nameError ? <div className="field__error" role="alert">{nameError}</div> : null}
        </div>
        <div className="field">
          <label htmlFor={`${id}-desc`}>Description</label>
          <textarea id={`${id}-desc`} rows={3} value={meta.description ?? ''} onChange={(e) => editor.getState().updateMeta({ description: e.target.value || undefined }, 'description')} />
        </div>
        <h3 className="section-title">Task defaults</h3>
        <div className="form-row">
          <Num label="Retries" value={meta.defaults.retries} onChange={(t) => setDefault('retries', t)} />
          <Num label="Retry delay (ms)" value={meta.defaults.retryDelayMs} onChange={(t) => setDefault('retryDelayMs', t)} />
          <Num label="Timeout (ms)" value={meta.defaults.timeoutMs} onChange={(t) => setDefault('timeoutMs', t)} />
        </div>
        <h3 className="section-title">Parameters</h3>
        <ParametersEditor />
        <h3 className="section-title">Schedule</h3>
        <ScheduleEditor />
      </div>
    </div>
  );
}

function Num({ label, value, onChange }: { label: string; value: number; onChange(text: string): void }) {
  const id = useId();
  return (
    <div className="field narrow">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="text" inputMode="numeric" defaultValue={String(value)} key={value} onBlur={(e) => onChange(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && onChange((e.target as HTMLInputElement).value)} />
    </div>
  );
}
