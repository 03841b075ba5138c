import { useConnection } from '../state/app-stores.js';

/** Says plainly when the engine cannot be reached; calls made meanwhile wait or fail with a message. */
export function ConnectionBanner({ hasToken }: { hasToken: boolean }) {
  const status = useConnection((s) => s.status);
  const everOpen = useConnection((s) => s.everOpen);
  if (status === 'open' || (status === 'connecting' && !everOpen)) return null;
  return (
    <div className="banner banner--bad" role="alert" data-testid="disconnected-banner">
      <strong>Disconnected from the engine — reconnecting…</strong>
      {!everOpen && !hasToken ? (
        <span> This page has no access token. Open the address that <code>etl-studio serve</code> printed (it ends with <code>#token=…</code>).</span>
      ) : null}
    </div>
  );
}
