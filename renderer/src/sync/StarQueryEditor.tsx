import { useState } from 'react';
import { TextAreaField, TextField } from '../ui/fields.js';
import { starColumns, starQueryFromMapping, type StarMapping } from './sync-draft.js';

const initialMapping: StarMapping = { orderid: 'rowid', ts: 'timestamp', category: '', country: '', amount: 'price * quantity', from: 'sales_data' };

/**
 * The star query: a mapping form that writes the SELECT for you (one source expression
 * per warehouse column), and the SQL itself, which is what gets saved and run.
 */
export function StarQueryEditor({ query, onChange, error }: { query: string; onChange(query: string): void; error?: string }) {
  const [mapping, setMapping] = useState<StarMapping>(initialMapping);
  return (
    <div className="star-editor">
      <fieldset className="fieldset">
        <legend>Mapping</legend>
        <p className="muted">Give a source expression for each column the star schema needs, then write the SQL from it, or edit the SQL directly.</p>
        <div className="mapping-grid">
          {starColumns.map((c) => (
            <TextField
              key={c.name}
              label={`${c.name}`}
              hint={c.hint}
              value={mapping[c.name]}
              onChange={(v) => setMapping((m) => ({ ...m, [c.name]: v }))}
            />
          ))}
          <TextField label="FROM" hint="table or join" value={mapping.from} onChange={(v) => setMapping((m) => ({ ...m, from: v }))} />
        </div>
        <button type="button" className="btn btn--small" onClick={() => onChange(starQueryFromMapping(mapping))}>
          Write SQL from mapping
        </button>
      </fieldset>
      <TextAreaField
        label="Star query (SQL run on the source)"
        rows={7}
        monospace
        value={query}
        onChange={onChange}
        error={error}
        testId="sync-query"
        hint="Must yield orderid, ts, category, country, amount. The sync adds WHERE orderid > watermark itself."
      />
    </div>
  );
}
