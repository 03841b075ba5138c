import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { logLevels, type LogLevel } from '../../../shared/runs/run.js';
import { formatCount } from '../ui/format.js';
import { formatLogTime, LogView, type LogBuffer, type LogFilter } from './log-buffer.js';

export const LOG_ROW_HEIGHT = 20;

export interface LogPanelProps {
  buffer: LogBuffer | null;
  /** Changes whenever lines were appended to the buffer (it is mutated in place). */
  version: number;
  title?: string;
  /** Lines the engine holds, when more are still being fetched. */
  total?: number;
  loading?: boolean;
  height?: number;
  emptyText?: string;
  testId?: string;
}

const levelOptions: { value: LogLevel; label: string }[] = [
  { value: 'debug', label: 'All levels' },
  { value: 'info', label: 'Info and above' },
  { value: 'warn', label: 'Warnings and errors' },
  { value: 'error', label: 'Errors only' },
];

/**
 * A run's log, virtualized: only the rows in view exist in the DOM, so a million lines
 * scroll as smoothly as ten. It follows new lines until the user scrolls up.
 */
export function LogPanel({ buffer, version, title = 'Log', total, loading, height = 320, emptyText = 'No log lines yet.', testId = 'log-panel' }: LogPanelProps) {
  const [minLevel, setMinLevel] = useState<LogLevel>('debug');
  const [text, setText] = useState('');
  const [appliedText, setAppliedText] = useState('');
  const [follow, setFollow] = useState(true);
  const [copyState, setCopyState] = useState<string | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);

  // Filtering a million lines on every keystroke would stutter; wait for a pause in typing.
  useEffect(() => {
    const t = setTimeout(() => setAppliedText(text), 150);
    return () => clearTimeout(t);
  }, [text]);

  const filter = useMemo<LogFilter>(() => ({ minLevel, text: appliedText }), [minLevel, appliedText]);
  const view = useMemo(() => (buffer ? new LogView(buffer, filter) : null), [buffer, filter]);
  // `version` is the signal that the buffer grew in place.
  const count = useMemo(() => (view ? view.update() : 0), [view, version]);

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => LOG_ROW_HEIGHT,
    overscan: 12,
  });

  const totalSize = virtualizer.getTotalSize();

  // Sticking to the tail writes scrollTop directly (the browser clamps it) and announces
  // the move at once, so the virtualizer renders the last rows in the same frame.
  useEffect(() => {
    const el = scrollRef.current;
    if (!follow || !el || count === 0) return;
    el.scrollTop = totalSize;
    el.dispatchEvent(new Event('scroll'));
  }, [follow, count, totalSize]);

  function onScroll(): void {
    const el = scrollRef.current;
    if (!el) return;
    const atBottom = totalSize - el.scrollTop - el.clientHeight <= LOG_ROW_HEIGHT * 2;
    if (atBottom !== follow) setFollow(atBottom);
  }

  async function onCopy(): Promise<void> {
    if (!view) return;
    try {
      await navigator.clipboard.writeText(view.toText());
      setCopyState(`Copied ${formatCount(view.length)} lines`);
    } catch {
      setCopyState('Copy failed: the clipboard is not available here');
    }
    setTimeout(() => setCopyState(null), 2500);
  }

  const held = buffer?.length ?? 0;
  const filtered = count !== held;

  return (
    <section className="log-panel" aria-label={title} data-testid={testId}>
      <div className="log-panel__toolbar">
        <h3 className="log-panel__title">{title}</h3>
        <span className="log-panel__count" data-testid="log-count">
          {filtered ? `${formatCount(count)} of ${formatCount(held)} lines` : `${formatCount(held)} lines`}
          {loading && total !== undefined && total > held ? ` (loading ${formatCount(total)})` : ''}
        </span>
        <div className="log-panel__tools">
          <label className="visually-hidden" htmlFor={`${testId}-level`}>Log level</label>
          <select id={`${testId}-level`} value={minLevel} onChange={(e) => setMinLevel(e.target.value as LogLevel)} className="input--small">
            {levelOptions.filter((o) => logLevels.includes(o.value)).map((o) => (
              <option key={o.value} value={o.value}>{o.label}</option>
            ))}
          </select>
          <label className="visually-hidden" htmlFor={`${testId}-filter`}>Filter log text</label>
          <input
            id={`${testId}-filter`}
            type="search"
            className="input--small"
            placeholder="Filter…"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <button type="button" className="btn btn--small" onClick={() => void onCopy()} disabled={!view || count === 0}>
            Copy
          </button>
          {!follow ? (
            <button type="button" className="btn btn--small btn--primary" onClick={() => setFollow(true)}>
              Follow latest
            </button>
          ) : null}
        </div>
      </div>
      {copyState ? <div className="log-panel__status" role="status">{copyState}</div> : null}
      <div
        className="log-panel__scroll"
        ref={scrollRef}
        onScroll={onScroll}
        style={{ height }}
        tabIndex={0}
        role="region"
        aria-label={`${title} lines`}
        data-testid={`${testId}-scroll`}
      >
        {count === 0 ? (
          <div className="log-panel__empty">{held > 0 ? 'No lines match the filter.' : emptyText}</div>
        ) : (
          <div className="log-panel__inner" style={{ height: totalSize }}>
            {virtualizer.getVirtualItems().map((item) => (
              <LogRowView key={item.key} view={view!} index={item.index} top={item.start} />
            ))}
          </div>
        )}
      </div>
    </section>
  );
}

// A view's rows never change once appended, so a row re-renders only when it moves.
const LogRowView = memo(function LogRowView({ view, index, top }: { view: LogView; index: number; top: number }) {
  const row = view.row(index);
  return (
    <div className={`log-row log-row--${row.level}`} style={{ transform: `translateY(${top}px)`, height: LOG_ROW_HEIGHT }} data-testid="log-line" data-index={row.index}>
      <span className="log-row__time">{formatLogTime(row.time)}</span>
      <span className="log-row__level">{row.level.toUpperCase()}</span>
      {row.taskId ? <span className="log-row__task">{row.taskId}</span> : null}
      <span className="log-row__message">{row.message}</span>
    </div>
  );
});
