import { useApp, useWorkspace } from '../state/app-stores.js';
import { Badge } from '../ui/feedback.js';

export function Header() {
  const workspace = useWorkspace((s) => s.workspace);
  const info = useApp((s) => s.info);
  return (
    <header className="topbar">
      <div className="topbar__workspace">
        <span className="topbar__label">Workspace</span>
        <span className="topbar__name" data-testid="workspace-name">{workspace?.name ?? '…'}</span>
        {workspace?.isDemo ? <Badge tone="info">Demo</Badge> : null}
      </div>
      <div className="topbar__meta muted small">
        {info ? `${info.host === 'electron' ? 'Desktop' : 'Browser'} · v${info.version}` : ''}
      </div>
    </header>
  );
}
