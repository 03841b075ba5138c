import { useEffect, useId, useMemo, useState } from 'react';
import { defaultCatalog } from '../../../../shared/pipeline/catalog.js';
import type { PipelineTask } from '../../../../shared/pipeline/pipeline.js';
import { useProfiles } from '../../state/app-stores.js';
import { formatDuration } from '../../ui/format.js';
import { categoryLabels, KindIcon } from '../canvas/KindIcon.js';
import { stateLabels } from '../canvas/TaskNode.js';
import { describeConfigSchema } from '../editor/schema-shape.js';
import { useEditor, usePipelineStores, useRunView } from '../pipeline-stores.js';
import { ConfigForm, type ConfigFormContext } from './ConfigForm.js';
import { setIn } from './field-label.js';

/** The selected task: name, id, retry policy, and its config form with inline validation. */
export function TaskPanel({ task }: { task: PipelineTask }) {
  const { editor, runView } = usePipelineStores();
  const profiles = useProfiles((s) => s.profiles);
  const parameters = useEditor((s) => s.doc.meta.parameters);
  const defaults = useEditor((s) => s.doc.meta.defaults);
  const issues = useEditor((s) => s.issues[task.id]) ?? {};
  const live = useRunView((s) => s.tasks[task.id]);
  const info = defaultCatalog.get(task.kind);
  const spec = useMemo(() => (info ? describeConfigSchema(info.configSchema) : { fields: [] }), [info]);
  const problems = Object.entries(issues);

  const ctx: ConfigFormContext = {
    profiles,
    parameters,
    issues,
    set: (path, value) => editor.getState().updateTask(task.id, { config: setIn(task.config, path, value) }, `config:${task.id}:${path.join('.')}`),
  };

  return (
    <div className="task-panel" data-testid="task-panel" data-task-id={task.id}>
      <div className="task-panel__head">
        <span className={`task-panel__icon task-panel__icon--${info?.category ?? 'unknown'}`}><KindIcon icon={info?.icon ?? ''} size={18} /></span>
        <div>
          <h2 className="task-panel__title">{task.name || task.id}</h2>
          <div className="muted small">{info ? `${categoryLabels[info.category]} · ${info.label}` : `Unknown kind ${task.kind}`} · <span className="mono">{task.kind}</span></div>
        </div>
      </div>
      {info ? <p className="task-panel__description small">{info.description}</p> : null}

      {live ? (
        <div className={`task-panel__run task-panel__run--${live.state}`} data-testid="task-run-state">
          <strong>{stateLabels[live.state]}</strong>
          {live.attempt > 1 ? <span> · attempt {live.attempt}</span> : null}
          {live.metrics.durationMs > 0 ? <span> · {formatDuration(live.metrics.durationMs)}</span> : null}
          {live.error ? <div className="task-panel__run-error mono">{live.error}</div> : null}
          <button type="button" className="btn btn--small" onClick={() => runView.getState().setLogTask(task.id)}>Show its log</button>
        </div>
      ) : null}

      {problems.length > 0 ? (
        <div className="task-panel__problems" role="status" data-testid="task-problems">
          {problems.length === 1 ? '1 problem' : `${problems.length} problems`} in this task: {problems.map(([field, msg]) => `${field ? `${field}: ` : ''}${msg}`).join(' · ')}
        </div>
      ) : null}

      <div className="form-grid">
        <TextInput label="Name" value={task.name} onChange={(v) => editor.getState().updateTask(task.id, { name: v }, `name:${task.id}`)} testId="task-name" />
        <TaskIdInput id={task.id} />
        <div className="form-row">
          <PolicyInput label="Retries" value={task.retries} fallback={defaults.retries} onChange={(v) => editor.getState().updateTask(task.id, { retries: v }, `retries:${task.id}`)} max={20} testId="task-retries" />
          <PolicyInput label="Retry delay (ms)" value={task.retryDelayMs} fallback={defaults.retryDelayMs} onChange={(v) => editor.getState().updateTask(task.id, { retryDelayMs: v }, `delay:${task.id}`)} max={3_600_000} testId="task-retry-delay" />
          <PolicyInput label="Timeout (ms)" value={task.timeoutMs} fallback={defaults.timeoutMs} onChange={(v) => editor.getState().updateTask(task.id, { timeoutMs: v }, `timeout:${task.id}`)} max={7 * 24 * 3_600_000} testId="task-timeout" />
        </div>
        <div className="field__hint task-panel__policy-hint">Empty fields use the pipeline's defaults. A timeout of 0 means none.</div>
        {parameters.length > 0 || task.runIf ? (
          <RunIfInput value={task.runIf} names={parameters.map((p) => p.name)} onChange={(v) => editor.getState().updateTask(task.id, { runIf: v })} error={issues.runIf} />
        ) : null}
        <h3 className="section-title">Settings</h3>
        {info ? <ConfigForm spec={spec} value={task.config} ctx={ctx} /> : <p className="muted">This kind is not known to this version of ETL Studio; its settings are kept as they are.</p>}
      </div>
    </div>
  );
}

function TextInput({ label, value, onChange, testId }: { label: string; value: string; onChange(v: string): void; testId?: string }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="text" value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId} spellCheck={false} />
    </div>
  );
}

/** Ids name folders and edges, so a rename is applied on Enter or leaving the field, and refused when taken. */
function TaskIdInput({ id: taskId }: { id: string }) {
  const { editor } = usePipelineStores();
  const inputId = useId();
  const [text, setText] = useState(taskId);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setText(taskId);
    setError(null);
  }, [taskId]);
  const apply = () => setError(editor.getState().renameTask(taskId, text.trim()));
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor={inputId}>Task id</label>
      <input
        id={inputId}
        type="text"
        className="mono"
        value={text}
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${inputId}-hint`}
        onChange={(e) => setText(e.target.value)}
        onBlur={apply}
        onKeyDown={(e) => e.key === 'Enter' && apply()}
        data-testid="task-id"
      />
      <div className="field__hint" id={`${inputId}-hint`}>Names the task's folder in a run and its task_id in Airflow.</div>
      {error ? <div className="field__error" role="alert">{error}</div> : null}
    </div>
  );
}

function PolicyInput({ label, value, fallback, onChange, max, testId }: { label: string; value: number | undefined; fallback: number; onChange(v: number | undefined): void; max: number; testId?: string }) {
  const id = useId();
  const [text, setText] = useState(value === undefined ? '' : String(value));
  useEffect(() => setText(value === undefined ? '' : String(value)), [value]);
  const n = Number(text);
  const error = text.trim() !== '' && (!Number.isInteger(n) || n < 0 || n > max) ? `A whole number from 0 to ${max}` : null;
  return (
    <div className={`field narrow${error ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        placeholder={String(fallback)}
        title={`Empty: the pipeline default (${fallback})`}
        value={text}
        aria-invalid={error ? true : undefined}
        data-testid={testId}
        onChange={(e) => {
          const t = e.target.value;
          setText(t);
          const v = Number(t);
          if (t.trim() === '') onChange(undefined);
          else if (Number.isInteger(v) && v >= 0 && v <= max) onChange(v);
        }}
      />
      {error ? <div className="field__error" role="alert">{error}</div> : null}
    </div>
  );
}

function RunIfInput({ value, names, onChange, error }: { value: string | undefined; names: string[]; onChange(v: string | undefined): void; error: string | undefined }) {
  const id = useId();
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>Run only when a parameter is set</label>
      <select id={id} value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)}>
        <option value="">Always run</option>
        {value && !names.includes(value) ? <option value={value}>{value} (not declared)</option> : null}
        {names.map((n) => <option key={n} value={n}>{n}</option>)}
      </select>
      {error ? <div className="field__error" role="alert">{error}</div> : null}
    </div>
  );
}
