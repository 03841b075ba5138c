import { useState } from 'react';
import type { Profile } from '../../../shared/profiles/profile.js';
import { useApp, useProfiles, useWorkspace } from '../state/app-stores.js';
import { ConfirmDialog } from '../ui/Dialog.js';
import { errorMessage } from '../ui/errors.js';
import { Badge, EmptyState, Notice } from '../ui/feedback.js';
import { ProfileForm } from './ProfileForm.js';
import { kindLabels } from './profile-form-model.js';

type Editor = { mode: 'new' } | { mode: 'edit'; profile: Profile } | null;

export function ConnectionsScreen() {
  const profiles = useProfiles((s) => s.profiles);
  const loaded = useProfiles((s) => s.loaded);
  const loadError = useProfiles((s) => s.error);
  const duplicate = useProfiles((s) => s.duplicate);
  const remove = useProfiles((s) => s.remove);
  const warning = useApp((s) => s.info?.secretStorage.warning ?? null);
  const problems = useApp((s) => s.info?.problems ?? []);
  const workspace = useWorkspace((s) => s.workspace);
  const reloadWorkspace = useWorkspace((s) => s.load);
  const [editor, setEditor] = useState<Editor>(null);
  const [confirmDelete, setConfirmDelete] = useState<Profile | null>(null);
  const [message, setMessage] = useState<{ tone: 'ok' | 'bad'; text: string } | null>(null);

  async function onDuplicate(p: Profile): Promise<void> {
    try {
      const copy = await duplicate(p.id);
      setMessage({ tone: 'ok', text: `Created “${copy.name}”.` });
    } catch (e) {
      setMessage({ tone: 'bad', text: errorMessage(e) });
    }
  }

  async function onDelete(p: Profile): Promise<void> {
    setConfirmDelete(null);
    try {
      await remove(p.id);
      setMessage({ tone: 'ok', text: `Deleted “${p.name}”.` });
      // The engine drops a deleted profile from the workspace; show that at once.
      if (workspace?.sourceProfileId === p.id || workspace?.warehouseProfileId === p.id) await reloadWorkspace();
    } catch (e) {
      setMessage({ tone: 'bad', text: errorMessage(e) });
    }
  }

  return (
    <section className="screen" aria-labelledby="connections-title">
      <header className="screen__header">
        <div>
          <h1 id="connections-title">Connections</h1>
          <p className="screen__subtitle">Databases ETL Studio reads from and loads into. Passwords are stored encrypted and never shown again.</p>
        </div>
        <button type="button" className="btn btn--primary" onClick={() => setEditor({ mode: 'new' })} data-testid="new-connection">
          New connection
        </button>
      </header>

      {warning ? <Notice tone="warn" title="Password storage" testId="secret-storage-warning">{warning}</Notice> : null}
      {problems.map((p) => (
        <Notice key={p} tone="warn">{p}</Notice>
      ))}
      {loadError ? <Notice tone="bad">{loadError}</Notice> : null}
      {message ? <Notice tone={message.tone} testId="connections-message">{message.text}</Notice> : null}

      {loaded && profiles.length === 0 ? (
        <EmptyState title="No connections yet">
          Add your MySQL or MariaDB source and your PostgreSQL warehouse, or an embedded database that needs no server.
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table" aria-label="Connection profiles">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col">Where</th>
                <th scope="col">Password</th>
                <th scope="col"><span className="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {profiles.map((p) => (
                <tr key={p.id} data-testid="profile-row" data-profile-name={p.name}>
                  <td>
                    <div className="cell-title">{p.name}</div>
                    <div className="cell-badges">
                      {workspace?.sourceProfileId === p.id ? <Badge tone="info">Source</Badge> : null}
                      {workspace?.warehouseProfileId === p.id ? <Badge tone="info">Warehouse</Badge> : null}
                    </div>
                  </td>
                  <td>{kindLabels[p.kind].replace(' (needs the optional driver)', '')}</td>
                  <td className="mono">{where(p)}</td>
                  <td>
                    {p.kind === 'pglite' ? (
                      <Badge tone="neutral">Not needed</Badge>
                    ) : p.hasPassword ? (
                      <Badge tone="ok">Saved</Badge>
                    ) : (
                      <Badge tone="neutral">None</Badge>
                    )}
                  </td>
                  <td className="row-actions">
                    <button type="button" className="btn btn--small" onClick={() => setEditor({ mode: 'edit', profile: p })} aria-label={`Edit ${p.name}`}>
                      Edit
                    </button>
                    <button type="button" className="btn btn--small" onClick={() => void onDuplicate(p)} aria-label={`Duplicate ${p.name}`}>
                      Duplicate
                    </button>
                    <button type="button" className="btn btn--small btn--danger-ghost" onClick={() => setConfirmDelete(p)} aria-label={`Delete ${p.name}`}>
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {editor ? (
        <ProfileForm
          key={editor.mode === 'edit' ? editor.profile.id : 'new'}
          profile={editor.mode === 'edit' ? editor.profile : undefined}
          onCancel={() => setEditor(null)}
          onSaved={(saved) => {
            setEditor(null);
            setMessage({ tone: 'ok', text: `Saved “${saved.name}”.` });
          }}
        />
      ) : null}
      {confirmDelete ? (
        <ConfirmDialog
          title="Delete connection?"
          message={<p>“{confirmDelete.name}” and its saved password will be removed. Databases are not touched.</p>}
          confirmLabel="Delete"
          danger
          onCancel={() => setConfirmDelete(null)}
          onConfirm={() => void onDelete(confirmDelete)}
        />
      ) : null}
    </section>
  );
}

function where(p: Profile): string {
  if (p.kind === 'pglite') return p.path;
  return `${p.host}:${p.port} / ${p.database}`;
}
