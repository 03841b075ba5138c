import { useId, type ReactNode } from 'react';

interface BaseProps {
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
  className?: string;
}

function describedBy(id: string, error?: string, hint?: ReactNode): string | undefined {
  const ids = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

function FieldFrame({ id, label, error, hint, className, children }: BaseProps & { id: string; children: ReactNode }) {
  return (
    <div className={`field${error ? ' field--invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint ? <div className="field__hint" id={`${id}-hint`}>{hint}</div> : null}
      {error ? <div className="field__error" id={`${id}-error`} role="alert">{error}</div> : null}
    </div>
  );
}

export interface TextFieldProps extends BaseProps {
  value: string;
  onChange(value: string): void;
  type?: 'text' | 'password' | 'number';
  placeholder?: string;
  autoComplete?: string;
  inputMode?: 'numeric' | 'text';
  name?: string;
  testId?: string;
  autoFocus?: boolean;
  disabled?: boolean;
}

export function TextField(props: TextFieldProps) {
  const id = useId();
  return (
    <FieldFrame id={id} {...props}>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value}
        placeholder={props.placeholder}
        autoComplete={props.autoComplete ?? 'off'}
        inputMode={props.inputMode}
        spellCheck={false}
        autoFocus={props.autoFocus}
        disabled={props.disabled}
        data-testid={props.testId}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(id, props.error, props.hint)}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </FieldFrame>
  );
}

export interface SelectFieldProps extends BaseProps {
  value: string;
  onChange(value: string): void;
  options: readonly { value: string; label: string; disabled?: boolean }[];
  name?: string;
  testId?: string;
  disabled?: boolean;
}

export function SelectField(props: SelectFieldProps) {
  const id = useId();
  return (
    <FieldFrame id={id} {...props}>
      <select
        id={id}
        name={props.name}
        value={props.value}
        disabled={props.disabled}
        data-testid={props.testId}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(id, props.error, props.hint)}
        onChange={(e) => props.onChange(e.target.value)}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value} disabled={o.disabled}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

export interface TextAreaFieldProps extends BaseProps {
  value: string;
  onChange(value: string): void;
  rows?: number;
  placeholder?: string;
  name?: string;
  testId?: string;
  monospace?: boolean;
}

export function TextAreaField(props: TextAreaFieldProps) {
  const id = useId();
  return (
    <FieldFrame id={id} {...props}>
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 4}
        value={props.value}
        placeholder={props.placeholder}
        spellCheck={false}
        className={props.monospace ? 'mono' : undefined}
        data-testid={props.testId}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(id, props.error, props.hint)}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </FieldFrame>
  );
}

export function CheckboxField(props: { label: string; checked: boolean; onChange(checked: boolean): void; hint?: ReactNode; testId?: string }) {
  const id = useId();
  return (
    <div className="field field--checkbox">
      <input
        id={id}
        type="checkbox"
        checked={props.checked}
        data-testid={props.testId}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
        onChange={(e) => props.onChange(e.target.checked)}
      />
      <label htmlFor={id}>{props.label}</label>
      {props.hint ? <div className="field__hint" id={`${id}-hint`}>{props.hint}</div> : null}
    </div>
  );
}
