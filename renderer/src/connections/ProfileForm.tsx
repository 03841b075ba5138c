import { useRef, useState, type FormEvent } from 'react';
import { sslModes, type ConnectionTestResult, type Profile, type ProfileKind, profileKinds } from '../../../shared/profiles/profile.js';
import { useApp, useProfiles } from '../state/app-stores.js';
import { Dialog } from '../ui/Dialog.js';
import { errorMessage, fieldIssues } from '../ui/errors.js';
import { CheckboxField, SelectField, TextAreaField, TextField } from '../ui/fields.js';
import { Notice, Spinner } from '../ui/feedback.js';
import { ConnectionTestOutcome } from './ConnectionTestResult.js';
import {
  changeKind,
  checkForm,
  emptyForm,
  formFromProfile,
  kindLabels,
  sslModeLabels,
  type ProfileFormValues,
} from './profile-form-model.js';

export interface ProfileFormProps {
  /** The profile being edited; absent for a new one. */
  profile?: Profile;
  onSaved(profile: Profile): void;
  onCancel(): void;
}

export function ProfileForm({ profile, onSaved, onCancel }: ProfileFormProps) {
  const save = useProfiles((s) => s.save);
  const test = useProfiles((s) => s.test);
  const db2Available = useApp((s) => s.info?.db2DriverAvailable ?? true);
  const [values, setValues] = useState<ProfileFormValues>(() => (profile ? formFromProfile(profile) : emptyForm()));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [testing, setTesting] = useState(false);
  const [testResult, setTestResult] = useState<ConnectionTestResult | null>(null);
  const testSeq = useRef(0);
  const editing = Boolean(profile);

  function set<K extends keyof ProfileFormValues>(key: K, value: ProfileFormValues[K]): void {
    setValues((v) => ({ ...v, [key]: value }));
    setErrors((e) => {
      const next = { ...e };
      delete next[key === 'sslMode' ? 'ssl.mode' : key === 'sslCa' ? 'ssl.ca' : key];
      return next;
    });
  }

  async function onSubmit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setFormError(null);
    const checked = checkForm(values);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setSaving(true);
    try {
      onSaved(await save(checked.input));
    } catch (err) {
      // The form keeps every value; only the messages change.
      setErrors(fieldIssues(err));
      setFormError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  }

  async function onTest(): Promise<void> {
    setFormError(null);
    const checked = checkForm(values);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    const seq = ++testSeq.current;
    setTesting(true);
    setTestResult(null);
    try {
      const result = await test(checked.input);
      if (seq === testSeq.current) setTestResult(result);
    } catch (err) {
      if (seq === testSeq.current) setTestResult({ ok: false, error: errorMessage(err) });
    } finally {
      if (seq === testSeq.current) setTesting(false);
    }
  }

  const server = values.kind !== 'pglite';
  const err = (key: string): string | undefined => errors[key];

  return (
    <Dialog
      title={editing ? `Edit connection “${profile?.name}”` : 'New connection'}
      onCancel={onCancel}
      testId="profile-dialog"
      footer={
        <>
          <div className="dialog__footer-start">
            <button type="button" className="btn" onClick={() => void onTest()} disabled={testing} data-testid="test-connection">
              Test connection
            </button>
            {testing ? <Spinner label="Testing…" /> : null}
          </div>
          <button type="button" className="btn" onClick={onCancel}>Cancel</button>
          <button type="submit" form="profile-form" className="btn btn--primary" disabled={saving} data-testid="save-profile">
            {saving ? 'Saving…' : 'Save'}
          </button>
        </>
      }
    >
      <form id="profile-form" className="form-grid" onSubmit={(e) => void onSubmit(e)} noValidate>
        {formError ? <Notice tone="bad" testId="profile-form-error">{formError}</Notice> : null}
        <SelectField
          label="Database kind"
          name="kind"
          value={values.kind}
          testId="profile-kind"
          onChange={(k) => {
            setValues((v) => changeKind(v, k as ProfileKind));
            setTestResult(null);
          }}
          options={profileKinds.map((k) => ({ value: k, label: kindLabels[k] }))}
          hint={
            values.kind === 'db2' && !db2Available
              ? 'The IBM DB2 driver (ibm_db) is not installed here. The profile can be saved, but testing and syncing need the driver.'
              : values.kind === 'pglite'
                ? 'A PostgreSQL that runs inside ETL Studio and keeps its data in a folder. No server needed.'
                : undefined
          }
        />
        <TextField label="Name" name="name" value={values.name} onChange={(v) => set('name', v)} error={err('name')} testId="profile-name" autoFocus />
        {server ? (
          <>
            <div className="form-row">
              <TextField className="grow" label="Host" name="host" value={values.host} onChange={(v) => set('host', v)} error={err('host')} testId="profile-host" />
              <TextField className="narrow" label="Port" name="port" inputMode="numeric" value={values.port} onChange={(v) => set('port', v)} error={err('port')} testId="profile-port" />
            </div>
            <TextField label="Database" name="database" value={values.database} onChange={(v) => set('database', v)} error={err('database')} testId="profile-database" />
            <div className="form-row">
              <TextField className="grow" label="User" name="user" autoComplete="username" value={values.user} onChange={(v) => set('user', v)} error={err('user')} testId="profile-user" />
              <TextField
                className="grow"
                label="Password"
                name="password"
                type="password"
                autoComplete="new-password"
                value={values.password}
                onChange={(v) => set('password', v)}
                error={err('password')}
                testId="profile-password"
                disabled={values.clearPassword}
                placeholder={editing && profile?.hasPassword ? '••••••••' : ''}
                hint={editing ? (profile?.hasPassword ? 'Leave empty to keep the saved password.' : 'No password is saved for this profile.') : 'Stored encrypted; never shown again.'}
              />
            </div>
            {editing && profile?.hasPassword ? (
              <CheckboxField label="Remove the saved password" checked={values.clearPassword} onChange={(c) => set('clearPassword', c)} />
            ) : null}
            {values.kind === 'mysql' ? (
              <TextField
                label="Session time zone"
                name="timeZone"
                value={values.timeZone}
                onChange={(v) => set('timeZone', v)}
                error={err('timeZone')}
                testId="profile-timezone"
                hint="Used to read TIMESTAMP columns, e.g. +00:00 or +02:00. Recorded with every run."
              />
            ) : null}
            <fieldset className="fieldset">
              <legend>Encryption (SSL/TLS)</legend>
              <SelectField
                label="SSL mode"
                name="sslMode"
                value={values.sslMode}
                testId="profile-ssl-mode"
                onChange={(m) => set('sslMode', m as ProfileFormValues['sslMode'])}
                error={err('ssl.mode')}
                options={sslModes.map((m) => ({ value: m, label: sslModeLabels[m] }))}
              />
              {values.sslMode === 'verify-ca' || values.sslMode === 'verify-full' ? (
                <TextAreaField
                  label="CA certificate (PEM)"
                  name="sslCa"
                  rows={4}
                  monospace
                  value={values.sslCa}
                  onChange={(v) => set('sslCa', v)}
                  error={err('ssl.ca')}
                  placeholder="-----BEGIN CERTIFICATE-----"
                  hint="Needed when the server's certificate is signed by a private CA."
                />
              ) : null}
            </fieldset>
          </>
        ) : (
          <TextField
            label="Folder"
            name="path"
            value={values.path}
            onChange={(v) => set('path', v)}
            error={err('path')}
            testId="profile-path"
            hint="The embedded database lives in this folder; it is created on first use."
          />
        )}
        {testResult ? <ConnectionTestOutcome result={testResult} /> : null}
      </form>
    </Dialog>
  );
}
