import type { ConnectionTestResult } from '../../../shared/profiles/profile.js';
import { formatMs } from '../ui/format.js';

export function ConnectionTestOutcome({ result }: { result: ConnectionTestResult }) {
  if (result.ok) {
    return (
      <div className="test-result test-result--ok" role="status" data-testid="connection-test-result">
        <span className="test-result__icon" aria-hidden="true">✓</span>
        <span>
          Connected. Server version <strong data-testid="server-version">{result.serverVersion}</strong>, round trip{' '}
          <strong data-testid="round-trip">{formatMs(result.roundTripMs)}</strong>.
        </span>
      </div>
    );
  }
  return (
    <div className="test-result test-result--bad" role="alert" data-testid="connection-test-result">
      <span className="test-result__icon" aria-hidden="true">✕</span>
      <span>
        Could not connect: <span data-testid="connection-error">{result.error}</span>
      </span>
    </div>
  );
}
