import { useId } from 'react';
import { paramNamePattern, parameterKinds, type ParamValue, type PipelineParameter } from '../../../../shared/pipeline/pipeline.js';
import { useEditor, usePipelineStores } from '../pipeline-stores.js';

/** Parameters a run asks for; tasks use them as `${params.NAME}`. */
export function ParametersEditor() {
  const { editor } = usePipelineStores();
  const parameters = useEditor((s) => s.doc.meta.parameters);
  const set = (next: PipelineParameter[], key?: string) => editor.getState().updateMeta({ parameters: next }, key);
  const patch = (i: number, change: Partial<PipelineParameter>, key: string) => set(parameters.map((p, j) => (j === i ? { ...p, ...change } : p)), `param:${i}:${key}`);

  function add(): void {
    const taken = new Set(parameters.map((p) => p.name));
    let n = parameters.length + 1;
    while (taken.has(`param${n}`)) n++;
    set([...parameters, { name: `param${n}`, kind: 'string', required: false }]);
  }

  return (
    <div className="params" data-testid="parameters">
      {parameters.length === 0 ? <p className="muted small">No parameters. Add one to use <code>{'${params.NAME}'}</code> in task settings.</p> : null}
      {parameters.map((p, i) => (
        <ParameterRow
          key={i}
          p={p}
          duplicate={parameters.some((q, j) => j !== i && q.name === p.name)}
          onPatch={(change, key) => patch(i, change, key)}
          onRemove={() => set(parameters.filter((_, j) => j !== i))}
        />
      ))}
      <button type="button" className="btn btn--small" onClick={add} data-testid="add-parameter">Add parameter</button>
    </div>
  );
}

function toDefault(kind: PipelineParameter['kind'], text: string): ParamValue | undefined {
  if (text === '') return undefined;
  if (kind === 'number') return /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : text;
  if (kind === 'boolean') return text === 'true';
  return text;
}

function ParameterRow({ p, duplicate, onPatch, onRemove }: { p: PipelineParameter; duplicate: boolean; onPatch(change: Partial<PipelineParameter>, key: string): void; onRemove(): void }) {
  const id = useId();
  const nameError = !paramNamePattern.test(p.name) ? 'Letters, digits and _ (not starting with a digit)' : duplicate ? 'Another parameter has this name' : null;
  return (
    <div className="params__row" data-testid="parameter-row">
      <div className="form-row">
        <div className={`field grow${nameError ? ' field--invalid' : ''}`}>
          <label htmlFor={`${id}-name`}>Name</label>
          <input id={`${id}-name`} type="text" className="mono" value={p.name} spellCheck={false} aria-invalid={nameError ? true : undefined} onChange={(e) => onPatch({ name: e.target.value }, 'name')} />
          {nameError ? <div className="field__error" role="alert">{nameError}</div> : null}
        </div>
        <div className="field narrow">
          <label htmlFor={`${id}-kind`}>Kind</label>
          <select id={`${id}-kind`} value={p.kind} onChange={(e) => onPatch({ kind: e.target.value as PipelineParameter['kind'] }, 'kind')}>
            {parameterKinds.map((k) => <option key={k} value={k}>{k}</option>)}
          </select>
        </div>
      </div>
      <div className="form-row">
        <div className="field grow">
          <label htmlFor={`${id}-default`}>Default</label>
          {p.kind === 'boolean' ? (
            <select id={`${id}-default`} value={p.default === undefined ? '' : String(p.default)} onChange={(e) => onPatch({ default: toDefault('boolean', e.target.value) }, 'default')}>
              <option value="">None</option>
              <option value="true">true</option>
              <option value="false">false</option>
            </select>
          ) : (
            <input id={`${id}-default`} type="text" value={p.default === undefined ? '' : String(p.default)} spellCheck={false} onChange={(e) => onPatch({ default: toDefault(p.kind, e.target.value) }, 'default')} />
          )}
        </div>
      </div>
      <div className="form-row params__row-end">
        <label className="params__required"><input type="checkbox" checked={p.required} onChange={(e) => onPatch({ required: e.target.checked }, 'required')} /> Required</label>
        <button type="button" className="btn btn--small btn--danger-ghost" onClick={onRemove} aria-label={`Remove parameter ${p.name}`}>Remove</button>
      </div>
    </div>
  );
}
