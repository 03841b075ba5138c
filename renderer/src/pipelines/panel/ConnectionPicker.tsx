import { useId, useState } from 'react';
import type { PipelineParameter } from '../../../../shared/pipeline/pipeline.js';
import type { Profile } from '../../../../shared/profiles/profile.js';

const OTHER = '\u0000other';

/**
 * A connection: a saved profile (by name), a parameter of the pipeline, or a URL typed in
 * (mysql://, postgres://, pglite:PATH). Passwords never pass through here.
 */
export function ConnectionPicker(props: {
  id?: string;
  value: string;
  onChange(value: string): void;
  profiles: readonly Profile[];
  parameters: readonly PipelineParameter[];
  invalid?: boolean;
  describedBy?: string | undefined;
  testId?: string;
}) {
  const own = useId();
  const id = props.id ?? own;
  const byProfile = props.profiles.map((p) => ({ value: p.name, label: `${p.name} (${p.kind})` }));
  const byParam = props.parameters.map((p) => ({ value: `\${params.${p.name}}`, label: `\${params.${p.name}}${p.kind === 'connection' ? '' : ` (${p.kind})`}` }));
  const known = props.value === '' || [...byProfile, ...byParam].some((o) => o.value === props.value);
  const [typing, setTyping] = useState(!known);
  const showText = typing || !known;

  return (
    <div className="connection-picker">
      <select
        id={id}
        value={showText ? OTHER : props.value}
        aria-invalid={props.invalid || undefined}
        aria-describedby={props.describedBy}
        data-testid={props.testId}
        onChange={(e) => {
          if (e.target.value === OTHER) {
            setTyping(true);
            return;
          }
          setTyping(false);
          props.onChange(e.target.value);
        }}
      >
        <option value="">Choose a connection…</option>
        {byProfile.length > 0 ? (
          <optgroup label="Saved connections">
            {byProfile.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
          </optgroup>
        ) : null}
        {byParam.length > 0 ? (
          <optgroup label="Pipeline parameters">
            {byParam.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
          </optgroup>
        ) : null}
        <option value={OTHER}>A URL or another name…</option>
      </select>
      {showText ? (
        <input
          type="text"
          aria-label="Connection URL or profile name"
          placeholder="postgres://user@host/db, mysql://…, pglite:/path"
          value={props.value}
          spellCheck={false}
          onChange={(e) => props.onChange(e.target.value)}
        />
      ) : null}
    </div>
  );
}
