import { describe, expect, it } from 'vitest';
import { emptyPipeline } from '../../../../shared/pipeline/pipeline.js';
import { docFromPipeline, docToPipeline } from './doc.js';
import { createEditorStore, isDirty } from './editor-store.js';
import { COALESCE_MS } from './history.js';
import { elkLayout } from './layout.js';

function setup() {
  let clock = 1_000;
  const store = createEditorStore({ now: () => clock });
  return { store, tick: (ms: number) => (clock += ms), s: () => store.getState() };
}

describe('editor store: undo and redo', () => {
  it('a drag of many frames is one undo step that puts the task back where it was', () => {
    const { s } = setup();
    const id = s().addTask('log.extract', { x: 100, y: 100 });
    const stepsBefore = s().history.past.length;
    for (let i = 1; i <= 30; i++) s().onNodesChange([{ type: 'position', id, position: { x: 100 + i * 5, y: 100 + i }, dragging: true }]);
    // While dragging only the view moves; the pipeline keeps its committed position.
    expect(s().doc.tasks[0]!.position).toEqual({ x: 100, y: 100 });
    expect(s().nodes[0]!.position).toEqual({ x: 250, y: 130 });
    s().onNodesChange([{ type: 'position', id, position: { x: 250, y: 130 }, dragging: false }]);
    expect(s().doc.tasks[0]!.position).toEqual({ x: 250, y: 130 });
    expect(s().history.past.length).toBe(stepsBefore + 1);

    s().undo();
    expect(s().doc.tasks[0]!.position).toEqual({ x: 100, y: 100 });
    expect(s().nodes[0]!.position).toEqual({ x: 100, y: 100 });
    s().redo();
    expect(s().doc.tasks[0]!.position).toEqual({ x: 250, y: 130 });
  });

  it('typing into one field coalesces into one step; a pause or another field starts a new one', () => {
    const { s, tick } = setup();
    const id = s().addTask('transform.filter', { x: 0, y: 0 });
    const base = s().history.past.length;
    for (const v of ['1', '19', '198', '198.46']) {
      s().updateTask(id, { config: { ...s().doc.tasks[0]!.config, value: v } }, `config:${id}:value`);
      tick(200);
    }
    expect(s().history.past.length).toBe(base + 1);
    tick(COALESCE_MS + 1);
    s().updateTask(id, { config: { ...s().doc.tasks[0]!.config, value: '198.46.149.143' } }, `config:${id}:value`);
    s().updateTask(id, { name: 'Drop one IP' }, `name:${id}`);
    expect(s().history.past.length).toBe(base + 3);

    s().undo();
    expect(s().doc.tasks[0]!.name).toBe('Filter lines/rows');
    s().undo();
    expect(s().doc.tasks[0]!.config.value).toBe('198.46');
    s().undo();
    expect(s().doc.tasks[0]!.config.value).toBe('');
  });

  it('Ctrl+Z removes the last edge and redo brings it back; a new change clears the redo list', () => {
    const { s } = setup();
    const a = s().addTask('log.extract', { x: 0, y: 0 });
    const b = s().addTask('transform.filter', { x: 300, y: 0 });
    expect(s().connect(a, b)).toBe(true);
    expect(s().edges.map((e) => e.id)).toEqual([`${a}->${b}`]);
    s().undo();
    expect(s().doc.edges).toEqual([]);
    expect(s().edges).toEqual([]);
    expect(s().doc.tasks).toHaveLength(2);
    s().redo();
    expect(s().doc.edges).toEqual([{ from: a, to: b }]);
    s().undo();
    s().addTask('file.archive', { x: 600, y: 0 });
    expect(s().history.future).toHaveLength(0);
  });

  it('is clean after opening, dirty after a change, clean again when undone to the saved state', () => {
    const { s } = setup();
    expect(isDirty(s())).toBe(false);
    s().addTask('sql.run', { x: 0, y: 0 });
    expect(isDirty(s())).toBe(true);
    s().markSaved('/tmp/p.json', s().doc);
    expect(isDirty(s())).toBe(false);
    s().updateMeta({ name: 'Renamed' });
    expect(isDirty(s())).toBe(true);
    s().undo();
    expect(isDirty(s())).toBe(false);
  });

  it('deleting a task removes its edges in the same step, and one undo restores both', () => {
    const { s } = setup();
    const a = s().addTask('log.extract', { x: 0, y: 0 });
    const b = s().addTask('transform.filter', { x: 300, y: 0 });
    const c = s().addTask('file.archive', { x: 600, y: 0 });
    s().connect(a, b);
    s().connect(b, c);
    s().select([b]);
    s().removeSelected();
    expect(s().doc.tasks.map((t) => t.id)).toEqual([a, c]);
    expect(s().doc.edges).toEqual([]);
    s().undo();
    expect(s().doc.tasks.map((t) => t.id)).toEqual([a, b, c]);
    expect(s().doc.edges).toEqual([{ from: a, to: b }, { from: b, to: c }]);
  });
});

describe('editor store: copy and paste', () => {
  it('pastes copies under new ids with their inner edge renamed, offset and selected', () => {
    const { s } = setup();
    const a = s().addTask('log.extract', { x: 0, y: 0 });
    const b = s().addTask('transform.filter', { x: 300, y: 0 });
    const c = s().addTask('file.archive', { x: 600, y: 0 });
    s().connect(a, b);
    s().connect(b, c);
    s().updateTask(a, { config: { ...s().doc.tasks[0]!.config, input: '/logs/access.log' } });
    s().select([a, b]);
    expect(s().copySelection()).toBe(true);

    const first = s().paste();
    const second = s().paste();
    const all = s().doc.tasks.map((t) => t.id);
    expect(new Set(all).size).toBe(all.length);
    expect(first).toHaveLength(2);
    expect(first.some((id) => [a, b, c].includes(id))).toBe(false);
    expect(second.some((id) => first.includes(id))).toBe(false);

    const copyOfA = s().doc.tasks.find((t) => t.id === first[0])!;
    expect(copyOfA.kind).toBe('log.extract');
    expect(copyOfA.config.input).toBe('/logs/access.log');
    expect(copyOfA.position).toEqual({ x: 40, y: 40 });
    // Only the edge inside the copied set comes along, renamed; b -> c stays with the original.
    expect(s().doc.edges).toContainEqual({ from: first[0], to: first[1] });
    expect(s().doc.edges.filter((e) => e.from === first[1])).toEqual([]);
    expect([...s().selectedIds].sort()).toEqual([...second].sort());
    // The result is a valid pipeline file.
    expect(() => docToPipeline(s().doc)).not.toThrow();
  });
});

describe('editor store: cycles', () => {
  it('refuses an edge that would close a cycle, says why, and leaves the graph and history alone', () => {
    const { s } = setup();
    const a = s().addTask('log.extract', { x: 0, y: 0 });
    const b = s().addTask('transform.filter', { x: 300, y: 0 });
    const c = s().addTask('file.archive', { x: 600, y: 0 });
    s().connect(a, b);
    s().connect(b, c);
    const steps = s().history.past.length;

    expect(s().connect(c, a)).toBe(false);
    expect(s().notice?.tone).toBe('error');
    expect(s().notice?.text).toContain('would create a cycle');
    expect(s().doc.edges).toHaveLength(2);
    expect(s().history.past.length).toBe(steps);

    expect(s().connect(b, b)).toBe(false);
    expect(s().notice?.text).toContain('cannot depend on itself');
    expect(s().doc.edges).toHaveLength(2);
  });
});

describe('editor store: inline validation', () => {
  it('marks a task whose config fails its kind schema, and clears the mark once fixed', () => {
    const { s } = setup();
    const id = s().addTask('sql.run', { x: 0, y: 0 });
    expect(Object.keys(s().issues[id] ?? {})).toEqual(expect.arrayContaining(['connection', 'sql']));
    s().updateTask(id, { config: { ...s().doc.tasks[0]!.config, connection: 'warehouse', sql: 'select 1' } });
    expect(s().issues[id]).toBeUndefined();
    s().updateTask(id, { config: { ...s().doc.tasks[0]!.config, connection: '${params.wh}' } });
    expect(s().issues[id]?.['']).toContain("declares no parameter 'wh'");
  });
});

describe('editor store: auto-layout', () => {
  it('lays the graph out left to right with elk in one undo step', async () => {
    const calls: number[] = [];
    const store = createEditorStore({
      layout: async (tasks, edges, sizes) => {
        calls.push(tasks.length);
        return elkLayout(tasks, edges, sizes);
      },
    });
    const s = () => store.getState();
    // Deliberately placed backwards, all on one spot.
    const a = s().addTask('log.extract', { x: 900, y: 0 });
    const b = s().addTask('transform.filter', { x: 900, y: 0 });
    const c = s().addTask('file.archive', { x: 900, y: 0 });
    const d = s().addTask('check.sql', { x: 900, y: 0 });
    s().connect(a, b);
    s().connect(b, c);
    s().connect(a, d);
    const steps = s().history.past.length;
    const fit = s().fitRequest;

    await s().layout();

    expect(calls).toEqual([4]);
    const pos = Object.fromEntries(s().doc.tasks.map((t) => [t.id, t.position]));
    expect(pos[a]!.x).toBeLessThan(pos[b]!.x);
    expect(pos[b]!.x).toBeLessThan(pos[c]!.x);
    expect(pos[a]!.x).toBeLessThan(pos[d]!.x);
    // Two tasks in one layer never overlap.
    expect(Math.abs(pos[b]!.y - pos[d]!.y)).toBeGreaterThanOrEqual(84);
    expect(s().history.past.length).toBe(steps + 1);
    expect(s().fitRequest).toBe(fit + 1);
    s().undo();
    expect(s().doc.tasks.every((t) => t.position.x === 900)).toBe(true);
  });
});

describe('editor store: templates', () => {
  it('opens a template laid out left to right, clean, with nothing to undo', async () => {
    const store = createEditorStore();
    const p = emptyPipeline('T');
    p.tasks = ['a', 'b', 'c'].map((id) => ({ id, kind: 'sql.run', name: id, config: {}, position: { x: 0, y: 0 } }));
    p.edges = [{ from: 'a', to: 'b' }, { from: 'b', to: 'c' }];
    await store.getState().loadLaidOut(docFromPipeline(p), null);
    const [a, b, c] = store.getState().doc.tasks.map((t) => t.position);
    expect(a!.x).toBeLessThan(b!.x);
    expect(b!.x - a!.x).toBeGreaterThanOrEqual(240);
    expect(b!.x).toBeLessThan(c!.x);
    expect(isDirty(store.getState())).toBe(false);
    expect(store.getState().history.past).toHaveLength(0);
  });
});
