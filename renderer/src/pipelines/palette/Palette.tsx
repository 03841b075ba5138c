import { memo, useMemo, useState, type DragEvent, type KeyboardEvent } from 'react';
import { catalogList, taskCategories, type TaskKindInfo } from '../../../../shared/pipeline/catalog.js';
import { TASK_KIND_MIME, useViewCentre } from '../canvas/drop.js';
import { categoryLabels, KindIcon } from '../canvas/KindIcon.js';
import { usePipelineStores } from '../pipeline-stores.js';

const kinds = catalogList();

function matches(k: TaskKindInfo, q: string): boolean {
  if (!q) return true;
  const text = `${k.label} ${k.kind} ${k.description} ${k.category}`.toLowerCase();
  return q.toLowerCase().split(/\s+/).every((w) => text.includes(w));
}

/** The task kinds, grouped by category: drag one onto the canvas, or focus it and press Enter. */
export const Palette = memo(function Palette() {
  const [query, setQuery] = useState('');
  const { editor } = usePipelineStores();
  const viewCentre = useViewCentre();
  const groups = useMemo(() => taskCategories
    .map((c) => ({ category: c, kinds: kinds.filter((k) => k.category === c && matches(k, query.trim())) }))
    .filter((g) => g.kinds.length > 0), [query]);

  function add(kind: string): void {
    const s = editor.getState();
    const centre = viewCentre();
    // Repeated Enter presses fan out instead of stacking tasks exactly on top of each other.
    const stacked = s.doc.tasks.filter((t) => Math.abs(t.position.x - centre.x) < 30 && Math.abs(t.position.y - centre.y) < 30).length;
    s.addTask(kind, { x: centre.x + stacked * 30, y: centre.y + stacked * 30 });
  }

  function onDragStart(e: DragEvent, kind: string): void {
    e.dataTransfer.setData(TASK_KIND_MIME, kind);
    e.dataTransfer.setData('text/plain', kind);
    e.dataTransfer.effectAllowed = 'copy';
  }

  function onKeyDown(e: KeyboardEvent, kind: string): void {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      add(kind);
    }
  }

  return (
    <section className="palette" aria-label="Task palette" data-testid="palette">
      <div className="side-heading">Tasks</div>
      <label className="visually-hidden" htmlFor="palette-search">Search task kinds</label>
      <input id="palette-search" type="search" placeholder="Search tasks…" value={query} onChange={(e) => setQuery(e.target.value)} className="input--small palette__search" />
      {groups.length === 0 ? <p className="muted small palette__none">No task kind matches “{query}”.</p> : null}
      {groups.map((g) => (
        <div key={g.category} className="palette__group" role="group" aria-label={categoryLabels[g.category]}>
          <div className="palette__category">{categoryLabels[g.category]}</div>
          <ul className="palette__list">
            {g.kinds.map((k) => (
              <li key={k.kind}>
                <div
                  className={`palette__item palette__item--${k.category}`}
                  draggable
                  tabIndex={0}
                  role="button"
                  aria-label={`Add ${k.label} (${k.kind})`}
                  title={`${k.description}\nDrag onto the canvas, or press Enter to add it at the centre of the view.`}
                  data-testid="palette-item"
                  data-kind={k.kind}
                  onDragStart={(e) => onDragStart(e, k.kind)}
                  onKeyDown={(e) => onKeyDown(e, k.kind)}
                  onDoubleClick={() => add(k.kind)}
                >
                  <span className="palette__icon"><KindIcon icon={k.icon} /></span>
                  <span className="palette__text">
                    <span className="palette__label">{k.label}</span>
                    <span className="palette__kind mono">{k.kind}</span>
                  </span>
                </div>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
});
