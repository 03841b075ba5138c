import type { ReactNode } from 'react';

export function Spinner({ label }: { label?: string }) {
  return (
    <span className="spinner" role="status" aria-live="polite">
      <span className="spinner__wheel" aria-hidden="true" />
      {label ? <span className="spinner__label">{label}</span> : <span className="visually-hidden">Working…</span>}
    </span>
  );
}

export type Tone = 'neutral' | 'ok' | 'bad' | 'warn' | 'info' | 'running';

export function Badge({ tone, children, testId }: { tone: Tone; children: ReactNode; testId?: string }) {
  return (
    <span className={`badge badge--${tone}`} data-testid={testId}>
      {children}
    </span>
  );
}

export function Notice({ tone, title, children, testId }: { tone: 'info' | 'warn' | 'bad' | 'ok'; title?: string; children: ReactNode; testId?: string }) {
  return (
    <div className={`notice notice--${tone}`} role={tone === 'bad' ? 'alert' : 'status'} data-testid={testId}>
      {title ? <strong className="notice__title">{title}</strong> : null}
      <div className="notice__body">{children}</div>
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <div className="empty__title">{title}</div>
      {children ? <div className="empty__body">{children}</div> : null}
    </div>
  );
}
