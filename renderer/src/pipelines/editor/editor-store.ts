import { applyEdgeChanges, applyNodeChanges, type EdgeChange, type NodeChange } from '@xyflow/react';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { defaultCatalog, type TaskCatalog } from '../../../../shared/pipeline/catalog.js';
import { cycleRefusal } from '../../../../shared/pipeline/graph.js';
import { taskIdPattern, type PipelineTask } from '../../../../shared/pipeline/pipeline.js';
import { copyTasks, pasteClip, type Clip } from './clipboard.js';
import { edgeKey, emptyDoc, newTask, type Doc, type PipelineMeta } from './doc.js';
import { syncEdges, syncNodes, type TaskFlowEdge, type TaskFlowNode } from './flow-sync.js';
import { emptyHistory, record, redo as redoStep, undo as undoStep, type History } from './history.js';
import { DEFAULT_NODE_SIZE, elkLayout, type LayoutFn } from './layout.js';
import { createIssueTracker, type TaskIssues } from './task-issues.js';

export interface EditorNotice {
  tone: 'error' | 'info';
  text: string;
  /** Distinguishes two notices with the same text, so each one shows again. */
  id: number;
}

export type TaskPatch = Partial<Pick<PipelineTask, 'name' | 'retries' | 'retryDelayMs' | 'timeoutMs' | 'runIf' | 'config'>>;

export interface EditorState {
  doc: Doc;
  /** The doc as last saved or opened; dirty is `doc !== savedDoc`, so undoing back to it is clean again. */
  savedDoc: Doc;
  path: string | null;
  history: History;
  nodes: TaskFlowNode[];
  edges: TaskFlowEdge[];
  selectedIds: readonly string[];
  issues: Readonly<Record<string, TaskIssues>>;
  notice: EditorNotice | null;
  clip: Clip | null;
  layingOut: boolean;
  /** Bumped when the view should fit the graph (after open, template, layout). */
  fitRequest: number;
  /** The task the view should centre on (outline, search). */
  focusRequest: { id: string; n: number } | null;

  load(doc: Doc, path: string | null): void;
  /** Loads a doc with its tasks laid out first (templates: their positions are only hints). */
  loadLaidOut(doc: Doc, path: string | null): Promise<void>;
  markSaved(path: string, doc: Doc): void;
  addTask(kind: string, position: { x: number; y: number }): string;
  connect(from: string, to: string): boolean;
  onNodesChange(changes: NodeChange<TaskFlowNode>[]): void;
  onEdgesChange(changes: EdgeChange<TaskFlowEdge>[]): void;
  removeSelected(): void;
  removeTasks(ids: readonly string[], edgeIds?: readonly string[]): void;
  copySelection(): boolean;
  paste(): string[];
  undo(): void;
  redo(): void;
  updateTask(id: string, patch: TaskPatch, coalesceKey?: string): void;
  renameTask(id: string, nextId: string): string | null;
  updateMeta(patch: Partial<PipelineMeta>, coalesceKey?: string): void;
  layout(): Promise<void>;
  select(ids: readonly string[]): void;
  focusTask(id: string): void;
  requestFit(): void;
  showNotice(tone: EditorNotice['tone'], text: string): void;
  dismissNotice(): void;
}

export type EditorStore = StoreApi<EditorState>;

export interface EditorOptions {
  catalog?: TaskCatalog;
  layout?: LayoutFn;
  now?: () => number;
  initial?: Doc;
}

const sameIds = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export function createEditorStore(opts: EditorOptions = {}): EditorStore {
  const catalog = opts.catalog ?? defaultCatalog;
  const layoutFn = opts.layout ?? elkLayout;
  const now = opts.now ?? (() => Date.now());
  const issuesOf = createIssueTracker(catalog);
  let noticeId = 0;
  let pasteCount = 0;

  return createStore<EditorState>((set, get) => {
    /** Every doc change goes through here: one history step (or joins the last), views follow. */
    function commit(next: Doc, key: string | null, select?: ReadonlySet<string>): void {
      const s = get();
      if (next === s.doc) return;
      const nodes = syncNodes(s.nodes, next.tasks, select);
      const edges = syncEdges(s.edges, next.edges, select ? new Set() : undefined);
      set({
        doc: next,
        history: record(s.history, s.doc, key, now()),
        nodes,
        edges,
        selectedIds: selectedOf(nodes, s.selectedIds),
        issues: next.tasks === s.doc.tasks && next.meta.parameters === s.doc.meta.parameters ? s.issues : issuesOf(next.tasks, next.meta.parameters),
      });
    }

    function replaceDoc(next: Doc, history: History): void {
      const s = get();
      const nodes = syncNodes(s.nodes, next.tasks);
      set({
        doc: next, history, nodes, edges: syncEdges(s.edges, next.edges),
        selectedIds: selectedOf(nodes, s.selectedIds), issues: issuesOf(next.tasks, next.meta.parameters),
      });
    }

    function selectedOf(nodes: readonly TaskFlowNode[], prev: readonly string[]): readonly string[] {
      const ids = nodes.filter((n) => n.selected).map((n) => n.id);
      return sameIds(ids, prev) ? prev : ids;
    }

    function mapTasks(doc: Doc, fn: (t: PipelineTask) => PipelineTask): Doc {
      let changed = false;
      const tasks = doc.tasks.map((t) => {
        const n = fn(t);
        if (n !== t) changed = true;
        return n;
      });
      return changed ? { ...doc, tasks } : doc;
    }

    const initial = opts.initial ?? emptyDoc();
    return {
      doc: initial,
      savedDoc: initial,
      path: null,
      history: emptyHistory,
      nodes: syncNodes([], initial.tasks),
      edges: syncEdges([], initial.edges),
      selectedIds: [],
      issues: issuesOf(initial.tasks, initial.meta.parameters),
      notice: null,
      clip: null,
      layingOut: false,
      fitRequest: 0,
      focusRequest: null,

      load(doc, path) {
        const nodes = syncNodes([], doc.tasks);
        set({
          doc, savedDoc: doc, path, history: emptyHistory, nodes, edges: syncEdges([], doc.edges), selectedIds: [],
          issues: issuesOf(doc.tasks, doc.meta.parameters), notice: null, fitRequest: get().fitRequest + 1,
        });
      },

      async loadLaidOut(doc, path) {
        let laid = doc;
        try {
          const positions = await layoutFn(doc.tasks, doc.edges, {});
          laid = { ...doc, tasks: doc.tasks.map((t) => (positions[t.id] ? { ...t, position: positions[t.id]! } : t)) };
        } catch {
          // The doc's own positions are still a usable picture.
        }
        get().load(laid, path);
      },

      markSaved(path, doc) {
        set({ path, savedDoc: doc });
      },

      addTask(kind, position) {
        const s = get();
        const task = newTask(kind, position, new Set(s.doc.tasks.map((t) => t.id)), catalog);
        commit({ ...s.doc, tasks: [...s.doc.tasks, task] }, null, new Set([task.id]));
        return task.id;
      },

      connect(from, to) {
        const s = get();
        const edge = { from, to };
        if (s.doc.edges.some((e) => e.from === from && e.to === to)) {
          get().showNotice('info', `'${from}' is already connected to '${to}'.`);
          return false;
        }
        const refusal = cycleRefusal(s.doc, edge);
        if (refusal) {
          get().showNotice('error', refusal);
          return false;
        }
        commit({ ...s.doc, edges: [...s.doc.edges, edge] }, null);
        return true;
      },

      onNodesChange(changes) {
        const s = get();
        // Deleting goes through removeTasks (one undo step, edges included), never here.
        const kept = changes.filter((c) => c.type !== 'remove' && c.type !== 'add' && c.type !== 'replace');
        if (kept.length === 0) return;
        const nodes = applyNodeChanges(kept, s.nodes);
        const moved = new Map<string, { x: number; y: number }>();
        for (const c of kept) {
          if (c.type === 'position' && c.position && !c.dragging) moved.set(c.id, { x: Math.round(c.position.x), y: Math.round(c.position.y) });
        }
        set({ nodes, selectedIds: kept.some((c) => c.type === 'select') ? selectedOf(nodes, s.selectedIds) : s.selectedIds });
        if (moved.size === 0) return;
        // A drag ends (or an arrow key nudges) here: one history step per gesture.
        const next = mapTasks(get().doc, (t) => {
          const p = moved.get(t.id);
          return p && (p.x !== t.position.x || p.y !== t.position.y) ? { ...t, position: p } : t;
        });
        commit(next, `move:${[...moved.keys()].sort().join(',')}`);
      },

      onEdgesChange(changes) {
        const kept = changes.filter((c) => c.type === 'select');
        if (kept.length > 0) set({ edges: applyEdgeChanges(kept, get().edges) });
      },

      removeSelected() {
        const s = get();
        const edgeIds = s.edges.filter((e) => e.selected).map((e) => e.id);
        if (s.selectedIds.length === 0 && edgeIds.length === 0) return;
        get().removeTasks(s.selectedIds, edgeIds);
      },

      removeTasks(ids, edgeIds = []) {
        const s = get();
        const gone = new Set(ids);
        const goneEdges = new Set(edgeIds);
        const next: Doc = {
          ...s.doc,
          tasks: s.doc.tasks.filter((t) => !gone.has(t.id)),
          edges: s.doc.edges.filter((e) => !gone.has(e.from) && !gone.has(e.to) && !goneEdges.has(edgeKey(e))),
        };
        if (next.tasks.length === s.doc.tasks.length && next.edges.length === s.doc.edges.length) return;
        commit(next, null, new Set());
      },

      copySelection() {
        const s = get();
        const clip = copyTasks(s.doc.tasks, s.doc.edges, new Set(s.selectedIds));
        if (!clip) return false;
        pasteCount = 0;
        set({ clip });
        return true;
      },

      paste() {
        const s = get();
        if (!s.clip) return [];
        pasteCount++;
        const out = pasteClip(s.clip, new Set(s.doc.tasks.map((t) => t.id)), { x: 40 * pasteCount, y: 40 * pasteCount });
        const ids = out.tasks.map((t) => t.id);
        commit({ ...s.doc, tasks: [...s.doc.tasks, ...out.tasks], edges: [...s.doc.edges, ...out.edges] }, null, new Set(ids));
        return ids;
      },

      undo() {
        const s = get();
        const step = undoStep(s.history, s.doc);
        if (step) replaceDoc(step.doc, step.history);
      },

      redo() {
        const s = get();
        const step = redoStep(s.history, s.doc);
        if (step) replaceDoc(step.doc, step.history);
      },

      updateTask(id, patch, coalesceKey) {
        const next = mapTasks(get().doc, (t) => {
          if (t.id !== id) return t;
          const updated: PipelineTask = { ...t, ...patch };
          for (const k of ['retries', 'retryDelayMs', 'timeoutMs', 'runIf'] as const) if (k in patch && patch[k] === undefined) delete updated[k];
          return updated;
        });
        commit(next, coalesceKey ?? null);
      },

      renameTask(id, nextId) {
        const s = get();
        if (id === nextId) return null;
        if (!taskIdPattern.test(nextId)) return 'Use letters, digits, _ and - (at most 64 characters, starting with a letter or digit).';
        if (s.doc.tasks.some((t) => t.id === nextId)) return `Another task already has the id '${nextId}'.`;
        const swap = (x: string) => (x === id ? nextId : x);
        const next: Doc = {
          ...s.doc,
          tasks: s.doc.tasks.map((t) => (t.id === id ? { ...t, id: nextId } : t)),
          edges: s.doc.edges.map((e) => (e.from === id || e.to === id ? { from: swap(e.from), to: swap(e.to) } : e)),
        };
        commit(next, null, new Set([nextId]));
        return null;
      },

      updateMeta(patch, coalesceKey) {
        const s = get();
        commit({ ...s.doc, meta: { ...s.doc.meta, ...patch } }, coalesceKey ?? null);
      },

      async layout() {
        const s = get();
        if (s.doc.tasks.length === 0 || s.layingOut) return;
        set({ layingOut: true });
        try {
          const sizes: Record<string, { width: number; height: number }> = {};
          for (const n of s.nodes) sizes[n.id] = { width: n.measured?.width ?? DEFAULT_NODE_SIZE.width, height: n.measured?.height ?? DEFAULT_NODE_SIZE.height };
          const positions = await layoutFn(s.doc.tasks, s.doc.edges, sizes);
          const next = mapTasks(get().doc, (t) => {
            const p = positions[t.id];
            return p && (p.x !== t.position.x || p.y !== t.position.y) ? { ...t, position: p } : t;
          });
          commit(next, null);
          set({ fitRequest: get().fitRequest + 1 });
        } catch (e) {
          get().showNotice('error', `Auto-layout failed: ${e instanceof Error ? e.message : String(e)}`);
        } finally {
          set({ layingOut: false });
        }
      },

      select(ids) {
        const s = get();
        const want = new Set(ids);
        const nodes = syncNodes(s.nodes, s.doc.tasks, want);
        set({ nodes, edges: syncEdges(s.edges, s.doc.edges, new Set()), selectedIds: selectedOf(nodes, s.selectedIds) });
      },

      focusTask(id) {
        get().select([id]);
        set({ focusRequest: { id, n: (get().focusRequest?.n ?? 0) + 1 } });
      },

      requestFit() {
        set({ fitRequest: get().fitRequest + 1 });
      },

      showNotice(tone, text) {
        set({ notice: { tone, text, id: ++noticeId } });
      },

      dismissNotice() {
        set({ notice: null });
      },
    };
  });
}

export function isDirty(s: Pick<EditorState, 'doc' | 'savedDoc'>): boolean {
  return s.doc !== s.savedDoc;
}
