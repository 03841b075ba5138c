import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useMemo, useRef, useState } from 'react';
import { defaultCatalog } from '../../../../shared/pipeline/catalog.js';
import { KindIcon } from '../canvas/KindIcon.js';
import { useEditor, usePipelineStores, useRunView } from '../pipeline-stores.js';

const ROW = 30;

/** Every task in a list that filters by name, id or kind; choosing one selects it and centres the view on it. */
export const Outline = memo(function Outline() {
  const tasks = useEditor((s) => s.doc.tasks);
  const selected = useEditor((s) => s.selectedIds);
  const states = useRunView((s) => s.tasks);
  const { editor } = usePipelineStores();
  const [query, setQuery] = useState('');
  const scrollRef = useRef<HTMLDivElement>(null);

  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    if (!q) return tasks;
    return tasks.filter((t) => {
      const label = defaultCatalog.get(t.kind)?.label ?? '';
      return `${t.name} ${t.id} ${t.kind} ${label}`.toLowerCase().includes(q);
    });
  }, [tasks, query]);
  const selectedSet = useMemo(() => new Set(selected), [selected]);

  const virtualizer = useVirtualizer({ count: shown.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW, overscan: 8 });

  return (
    <section className="outline" aria-label="Task outline" data-testid="outline">
      <div className="side-heading">Outline <span className="muted small">{tasks.length === shown.length ? tasks.length : `${shown.length} of ${tasks.length}`}</span></div>
      <label className="visually-hidden" htmlFor="outline-search">Find a task</label>
      <input id="outline-search" type="search" className="input--small outline__search" placeholder="Find a task by name or kind…" value={query} onChange={(e) => setQuery(e.target.value)} />
      <div className="outline__scroll" ref={scrollRef}>
        {shown.length === 0 ? <p className="muted small outline__none">{tasks.length === 0 ? 'No tasks yet.' : 'No task matches.'}</p> : null}
        <ul className="outline__list" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const t = shown[item.index]!;
            const info = defaultCatalog.get(t.kind);
            const state = states[t.id]?.state;
            return (
              <li key={t.id} style={{ transform: `translateY(${item.start}px)`, height: ROW }}>
                <button
                  type="button"
                  className={`outline__item${selectedSet.has(t.id) ? ' outline__item--selected' : ''}`}
                  onClick={() => editor.getState().focusTask(t.id)}
                  data-testid="outline-item"
                  data-task-id={t.id}
                  title={`${t.id} (${t.kind})`}
                >
                  <span className="outline__icon"><KindIcon icon={info?.icon ?? ''} size={14} /></span>
                  <span className="outline__name">{t.name || t.id}</span>
                  {state ? <span className={`outline__dot outline__dot--${state}`} aria-label={state} /> : null}
                </button>
              </li>
            );
          })}
        </ul>
      </div>
    </section>
  );
});
