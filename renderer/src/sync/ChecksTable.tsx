import type { CheckResult } from '../../../shared/sync/sync.js';
import { Badge } from '../ui/feedback.js';

export function ChecksTable({ checks }: { checks: readonly CheckResult[] }) {
  if (checks.length === 0) return <p className="muted">No checks were run.</p>;
  const failed = checks.filter((c) => !c.ok).length;
  return (
    <div className="table-wrap">
      <table className="table table--compact" aria-label="Checks" data-testid="checks-table" data-failed={failed}>
        <thead>
          <tr>
            <th scope="col">Check</th>
            <th scope="col" className="num">Source</th>
            <th scope="col" className="num">Warehouse</th>
            <th scope="col">Result</th>
          </tr>
        </thead>
        <tbody>
          {checks.map((c) => (
            <tr key={c.name} data-testid="check-row" data-ok={c.ok}>
              <td>{c.name}</td>
              <td className="num mono">{c.source}</td>
              <td className="num mono">{c.warehouse}</td>
              <td>{c.ok ? <Badge tone="ok">Pass</Badge> : <Badge tone="bad">Fail</Badge>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
