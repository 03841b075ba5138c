import { useState } from 'react';
import { useStores } from '../state/app-stores.js';
import { Dialog } from '../ui/Dialog.js';
import { errorMessage } from '../ui/errors.js';
import { Notice, Spinner } from '../ui/feedback.js';

/** First start: offer a working demo at once, on embedded databases that need no server. */
export function WelcomePanel() {
  const stores = useStores();
  const [busy, setBusy] = useState<null | 'demo' | 'dismiss'>(null);
  const [error, setError] = useState<string | null>(null);

  async function openDemo(): Promise<void> {
    setBusy('demo');
    setError(null);
    try {
      const ws = await stores.workspace.getState().createDemo();
      stores.sync.getState().adoptWorkspace(ws, true);
      await stores.profiles.getState().load();
      stores.navigation.getState().go('sync');
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  }

  async function notNow(): Promise<void> {
    if (busy) return;
    setBusy('dismiss');
    setError(null);
    try {
      await stores.workspace.getState().dismissDemo();
      stores.navigation.getState().go('connections');
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  }

  return (
    <Dialog
      title="Welcome to ETL Studio"
      onCancel={() => void notNow()}
      testId="welcome-panel"
      footer={
        <>
          {busy === 'demo' ? <Spinner label="Creating the embedded databases and sample rows…" /> : null}
          <button type="button" className="btn" onClick={() => void notNow()} disabled={busy !== null} data-testid="welcome-not-now">
            Not now
          </button>
          <button type="button" className="btn btn--primary" onClick={() => void openDemo()} disabled={busy !== null} data-autofocus data-testid="welcome-open-demo">
            Open the demo workspace (embedded databases, no server needed)
          </button>
        </>
      }
    >
      <p>
        ETL Studio copies new rows from an operational database into a star-schema warehouse, one click at a time, and checks that both sides agree.
      </p>
      <p>
        The demo workspace runs on two embedded PostgreSQL databases kept in your data folder, with generated SoftCart sales already in the source. You can
        press <strong>Sync now</strong> right away, and add your own MySQL and PostgreSQL connections later.
      </p>
      {error ? <Notice tone="bad">{error}</Notice> : null}
    </Dialog>
  );
}
