import type { FormEvent } from 'react';
import type { Profile } from '../../../shared/profiles/profile.js';
import { kindLabels } from '../connections/profile-form-model.js';
import { useProfiles, useSync } from '../state/app-stores.js';
import { CheckboxField, SelectField, TextField } from '../ui/fields.js';
import { StarQueryEditor } from './StarQueryEditor.js';

function profileOptions(profiles: readonly Profile[], selected: string) {
  const options = [{ value: '', label: '— Choose a connection —' }];
  for (const p of profiles) options.push({ value: p.id, label: `${p.name} (${kindLabels[p.kind].replace(' (needs the optional driver)', '')})` });
  if (selected && !profiles.some((p) => p.id === selected)) options.push({ value: selected, label: 'A deleted connection' });
  return options;
}

export function SyncSettingsForm({ disabled }: { disabled: boolean }) {
  const draft = useSync((s) => s.draft);
  const errors = useSync((s) => s.fieldErrors);
  const dirty = useSync((s) => s.dirty);
  const busy = useSync((s) => s.busy);
  const edit = useSync((s) => s.edit);
  const save = useSync((s) => s.saveSettings);
  const profiles = useProfiles((s) => s.profiles);

  if (!draft) return null;

  function onSubmit(e: FormEvent): void {
    e.preventDefault();
    void save();
  }

  return (
    <form className="card" aria-labelledby="sync-settings-title" onSubmit={onSubmit} noValidate>
      <div className="card__header">
        <h2 id="sync-settings-title" className="card__title">Settings</h2>
        {dirty ? <span className="muted small">Unsaved changes</span> : null}
      </div>
      <fieldset className="fieldset-plain" disabled={disabled}>
        <div className="form-row">
          <SelectField
            className="grow"
            label="Source"
            value={draft.sourceProfileId}
            onChange={(v) => edit({ sourceProfileId: v })}
            options={profileOptions(profiles, draft.sourceProfileId)}
            error={errors.sourceProfileId}
            testId="sync-source"
          />
          <span className="flow-arrow" aria-hidden="true">→</span>
          <SelectField
            className="grow"
            label="Warehouse"
            value={draft.warehouseProfileId}
            onChange={(v) => edit({ warehouseProfileId: v })}
            options={profileOptions(profiles, draft.warehouseProfileId)}
            error={errors.warehouseProfileId}
            testId="sync-warehouse"
          />
        </div>
        <div className="segmented" role="radiogroup" aria-label="Mode">
          {(['replicate', 'star'] as const).map((mode) => (
            <label key={mode} className={`segmented__option${draft.mode === mode ? ' segmented__option--on' : ''}`}>
              <input type="radio" name="sync-mode" value={mode} checked={draft.mode === mode} onChange={() => edit({ mode })} data-testid={`sync-mode-${mode}`} />
              <span>
                <strong>{mode === 'replicate' ? 'Replicate a table' : 'Star schema'}</strong>
                <small>{mode === 'replicate' ? 'Copy new rows of one table into the same table in the warehouse' : 'Load DimDate, DimCategory, DimCountry and FactSales'}</small>
              </span>
            </label>
          ))}
        </div>
        <div className="form-row">
          <TextField className="grow" label={draft.mode === 'star' ? 'Base table' : 'Source table'} value={draft.table} onChange={(v) => edit({ table: v })} error={errors.table} testId="sync-table" />
          {draft.mode === 'replicate' ? (
            <TextField className="grow" label="Warehouse table" placeholder={draft.table || 'same as source'} value={draft.target} onChange={(v) => edit({ target: v })} error={errors.target} testId="sync-target" hint="Empty: same name as the source table." />
          ) : null}
          <TextField className="narrow" label="Key column" value={draft.key} onChange={(v) => edit({ key: v })} error={errors.key} testId="sync-key" hint="Integer; carries the watermark." />
          <TextField className="narrow" label="Batch rows" inputMode="numeric" value={draft.batchRows} onChange={(v) => edit({ batchRows: v })} error={errors.batchRows} testId="sync-batch" hint="Rows per load transaction." />
        </div>
        {draft.mode === 'replicate' ? (
          <TextField label="Measure to reconcile (optional)" value={draft.measure} onChange={(v) => edit({ measure: v })} error={errors.measure} testId="sync-measure" hint="A numeric column summed on both sides by a check, e.g. quantity." />
        ) : (
          <>
            <CheckboxField
              label="Use my own star query"
              checked={draft.useQuery}
              onChange={(c) => edit({ useQuery: c })}
              hint="Off: the built-in mapping of the sample schema (sales_data) is used."
              testId="sync-use-query"
            />
            {draft.useQuery ? <StarQueryEditor query={draft.query} onChange={(q) => edit({ query: q })} error={errors.query} /> : null}
          </>
        )}
        <CheckboxField
          label="Recount whole tables after every sync"
          checked={draft.fullCheck}
          onChange={(c) => edit({ fullCheck: c })}
          hint="Off: each sync checks its new rows on both sides and keeps running totals (cost follows the new rows); the first sync always recounts everything."
          testId="sync-full-check"
        />
      </fieldset>
      <div className="card__footer">
        <button type="submit" className="btn" disabled={disabled || !dirty || busy !== null} data-testid="save-sync-settings">
          {busy === 'saving' ? 'Saving…' : 'Save settings'}
        </button>
      </div>
    </form>
  );
}
