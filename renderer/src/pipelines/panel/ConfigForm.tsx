import { useEffect, useId, useState, type ReactNode } from 'react';
import type { PipelineParameter } from '../../../../shared/pipeline/pipeline.js';
import type { Profile } from '../../../../shared/profiles/profile.js';
import { defaultsOf, type FieldEntry, type FieldSpec, type ObjectSpec } from '../editor/schema-shape.js';
import type { TaskIssues } from '../editor/task-issues.js';
import { ConnectionPicker } from './ConnectionPicker.js';
import { splitDescription } from './field-label.js';

type Path = readonly (string | number)[];

export interface ConfigFormContext {
  profiles: readonly Profile[];
  parameters: readonly PipelineParameter[];
  issues: TaskIssues;
  /** Sets one value by path; undefined removes the key (the schema default applies). */
  set(path: Path, value: unknown): void;
}

const pathKey = (path: Path) => path.map(String).join('.');

/** A form for a config object, drawn from the kind's zod schema (see schema-shape.ts). */
export function ConfigForm({ spec, value, ctx, path = [] }: { spec: ObjectSpec; value: Readonly<Record<string, unknown>>; ctx: ConfigFormContext; path?: Path }) {
  return (
    <div className="config-form">
      {spec.fields.map((f) => (
        <FieldRow key={f.key} entry={f} value={value[f.key]} path={[...path, f.key]} ctx={ctx} />
      ))}
    </div>
  );
}

function FieldRow({ entry, value, path, ctx }: { entry: FieldEntry; value: unknown; path: Path; ctx: ConfigFormContext }) {
  const id = useId();
  const { label, hint } = splitDescription(entry.label);
  const error = ctx.issues[pathKey(path)];
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined;
  const shown = value === undefined ? entry.default : value;
  const s = entry.spec;

  if (s.type === 'object') {
    return (
      <fieldset className="fieldset config-form__group">
        <legend>{label}</legend>
        <ConfigForm spec={s.object} value={(shown ?? {}) as Record<string, unknown>} ctx={ctx} path={path} />
        {error ? <div className="field__error" role="alert">{error}</div> : null}
      </fieldset>
    );
  }

  if (s.type === 'boolean') {
    return (
      <div className="field field--checkbox" data-field={pathKey(path)}>
        <input id={id} type="checkbox" checked={Boolean(shown)} onChange={(e) => ctx.set(path, e.target.checked)} aria-describedby={describedBy} />
        <label htmlFor={id}>{label}</label>
        {hint ? <div className="field__hint" id={`${id}-hint`}>{hint}</div> : null}
        {error ? <div className="field__error" id={`${id}-error`} role="alert">{error}</div> : null}
      </div>
    );
  }

  const control = renderControl(s, id, shown, path, ctx, Boolean(error), describedBy, label);
  const grouped = s.type === 'enum-list' || s.type === 'object-list' || s.type === 'record';
  return (
    <div className={`field${error ? ' field--invalid' : ''}`} data-field={pathKey(path)} role={grouped ? 'group' : undefined} aria-labelledby={grouped ? `${id}-label` : undefined}>
      {grouped ? <span className="field__label" id={`${id}-label`}>{label}{entry.required ? <Req /> : null}</span> : <label htmlFor={id}>{label}{entry.required ? <Req /> : null}</label>}
      {control}
      {hint ? <div className="field__hint" id={`${id}-hint`}>{hint}</div> : null}
      {error ? <div className="field__error" id={`${id}-error`} role="alert">{error}</div> : null}
    </div>
  );
}

const Req = () => <span className="field__required" aria-label="required"> *</span>;

function renderControl(s: FieldSpec, id: string, value: unknown, path: Path, ctx: ConfigFormContext, invalid: boolean, describedBy: string | undefined, label: string): ReactNode {
  const common = { id, 'aria-invalid': invalid || undefined, 'aria-describedby': describedBy };
  switch (s.type) {
    case 'string':
      if (s.connection) {
        return <ConnectionPicker id={id} value={typeof value === 'string' ? value : ''} onChange={(v) => ctx.set(path, v)} profiles={ctx.profiles} parameters={ctx.parameters} invalid={invalid} describedBy={describedBy} />;
      }
      if (s.multiline) {
        return <textarea {...common} className="mono" rows={5} spellCheck={false} value={typeof value === 'string' ? value : ''} onChange={(e) => ctx.set(path, e.target.value)} />;
      }
      return <input {...common} type="text" spellCheck={false} value={typeof value === 'string' ? value : String(value ?? '')} onChange={(e) => ctx.set(path, e.target.value)} />;
    case 'number':
      return <NumberInput {...common} value={value} onChange={(v) => ctx.set(path, v)} />;
    case 'enum':
      return (
        <select {...common} value={typeof value === 'string' ? value : ''} onChange={(e) => ctx.set(path, e.target.value)}>
          {typeof value !== 'string' || !s.options.includes(value) ? <option value={typeof value === 'string' ? value : ''}>{typeof value === 'string' && value ? value : 'Choose…'}</option> : null}
          {s.options.map((o) => <option key={o} value={o}>{o}</option>)}
        </select>
      );
    case 'string-list':
      return <ListInput {...common} value={Array.isArray(value) ? value.map(String) : []} onChange={(v) => ctx.set(path, v)} />;
    case 'enum-list':
      return <EnumList options={s.options} value={Array.isArray(value) ? value.map(String) : []} onChange={(v) => ctx.set(path, v)} label={label} />;
    case 'object-list': {
      const items = Array.isArray(value) ? (value as Record<string, unknown>[]) : [];
      return (
        <div className="object-list">
          {items.map((item, i) => (
            <div className="object-list__item" key={i}>
              <ConfigForm spec={s.item} value={item ?? {}} ctx={ctx} path={[...path, i]} />
              <button type="button" className="btn btn--small btn--danger-ghost" onClick={() => ctx.set(path, items.filter((_, j) => j !== i))} aria-label={`Remove ${label} ${i + 1}`}>Remove</button>
            </div>
          ))}
          <button type="button" className="btn btn--small" onClick={() => ctx.set(path, [...items, defaultsOf(s.item)])}>Add {label.toLowerCase()}</button>
        </div>
      );
    }
    case 'record': {
      const rec = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
      return <RecordInput rec={rec} spec={s.value} label={label} onChange={(v) => ctx.set(path, v)} />;
    }
    default:
      return <JsonInput {...common} value={value} onChange={(v) => ctx.set(path, v)} />;
  }
}

/** Numbers, or a `${params.X}` placeholder; empty falls back to the default. */
function NumberInput({ value, onChange, ...rest }: { id: string; value: unknown; onChange(v: unknown): void; 'aria-invalid'?: boolean | undefined; 'aria-describedby'?: string | undefined }) {
  return (
    <input
      {...rest}
      type="text"
      inputMode="decimal"
      value={value === undefined || value === null ? '' : String(value)}
      onChange={(e) => {
        const t = e.target.value.trim();
        if (t === '') onChange(undefined);
        else if (/^-?\d+(\.\d+)?$/.test(t)) onChange(Number(t));
        else onChange(e.target.value);
      }}
    />
  );
}

/** One value per line; the text is kept while typing so an empty new line does not vanish. */
function ListInput({ value, onChange, ...rest }: { id: string; value: string[]; onChange(v: string[]): void; 'aria-invalid'?: boolean | undefined; 'aria-describedby'?: string | undefined }) {
  const [text, setText] = useState(value.join('\n'));
  useEffect(() => {
    const parsed = text.split('\n').map((l) => l.trim()).filter(Boolean);
    if (parsed.join('\n') !== value.join('\n')) setText(value.join('\n'));
    // Only outside changes (undo, another field) reset the text.
  }, [value]);
  return (
    <textarea
      {...rest}
      className="mono"
      rows={Math.min(6, Math.max(2, value.length + 1))}
      placeholder="One per line"
      spellCheck={false}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        onChange(e.target.value.split('\n').map((l) => l.trim()).filter(Boolean));
      }}
    />
  );
}

/** Choices kept in the order they were ticked, which is the order the task writes them. */
function EnumList({ options, value, onChange, label }: { options: string[]; value: string[]; onChange(v: string[]): void; label: string }) {
  return (
    <div className="enum-list">
      {options.map((o) => {
        const at = value.indexOf(o);
        return (
          <label key={o} className={`enum-list__option${at >= 0 ? ' enum-list__option--on' : ''}`}>
            <input type="checkbox" checked={at >= 0} onChange={(e) => onChange(e.target.checked ? [...value, o] : value.filter((x) => x !== o))} />
            <span>{o}</span>
            {at >= 0 && value.length > 1 ? <span className="enum-list__order" aria-hidden="true" title={`${label}: position ${at + 1}`}>{at + 1}</span> : null}
          </label>
        );
      })}
    </div>
  );
}

function RecordInput({ rec, spec, label, onChange }: { rec: Record<string, unknown>; spec: FieldSpec; label: string; onChange(v: Record<string, unknown>): void }) {
  const entries = Object.entries(rec);
  const [newKey, setNewKey] = useState('');
  const rename = (from: string, to: string) => onChange(Object.fromEntries(entries.map(([k, v]) => [k === from ? to : k, v])));
  return (
    <div className="record-input">
      {entries.map(([k, v]) => (
        <div className="record-input__row" key={k}>
          <input type="text" aria-label={`${label}: name`} defaultValue={k} onBlur={(e) => e.target.value && e.target.value !== k && rename(k, e.target.value)} />
          {spec.type === 'enum' ? (
            <select aria-label={`${label}: ${k}`} value={String(v)} onChange={(e) => onChange({ ...rec, [k]: e.target.value })}>
              {spec.options.map((o) => <option key={o} value={o}>{o}</option>)}
            </select>
          ) : (
            <input type="text" aria-label={`${label}: ${k}`} value={String(v ?? '')} onChange={(e) => onChange({ ...rec, [k]: e.target.value })} />
          )}
          <button type="button" className="btn btn--small btn--danger-ghost" aria-label={`Remove ${k}`} onClick={() => onChange(Object.fromEntries(entries.filter(([x]) => x !== k)))}>×</button>
        </div>
      ))}
      <div className="record-input__row">
        <input type="text" aria-label={`${label}: new name`} placeholder="Column name" value={newKey} onChange={(e) => setNewKey(e.target.value)} />
        <button
          type="button"
          className="btn btn--small"
          disabled={!newKey.trim() || newKey.trim() in rec}
          onClick={() => {
            onChange({ ...rec, [newKey.trim()]: spec.type === 'enum' ? spec.options[0] : '' });
            setNewKey('');
          }}
        >
          Add
        </button>
      </div>
    </div>
  );
}

function JsonInput({ value, onChange, ...rest }: { id: string; value: unknown; onChange(v: unknown): void; 'aria-invalid'?: boolean | undefined; 'aria-describedby'?: string | undefined }) {
  const [text, setText] = useState(JSON.stringify(value ?? null));
  const [bad, setBad] = useState(false);
  return (
    <>
      <textarea {...rest} className="mono" rows={3} value={text} onChange={(e) => {
        setText(e.target.value);
        try {
          onChange(JSON.parse(e.target.value));
          setBad(false);
        } catch {
          setBad(true);
        }
      }} />
      {bad ? <div className="field__error">Not valid JSON yet.</div> : null}
    </>
  );
}
