import { createStore, type StoreApi } from 'zustand/vanilla';
import type { RecentPipeline, TemplateSummary } from '../../../../shared/api/pipeline-contract.js';
import type { StudioApi } from '../../../../shared/api/transport.js';
import type { PipelineIssue } from '../../../../shared/pipeline/issues.js';
import type { ParamValue } from '../../../../shared/pipeline/pipeline.js';
import { errorMessage } from '../../ui/errors.js';
import { docFromPipeline, docToPipeline, emptyDoc } from '../editor/doc.js';
import { isDirty, type EditorStore } from '../editor/editor-store.js';
import type { RunViewStore, TaskLive } from '../run/run-view-store.js';
import { emptyMetrics } from '../../../../shared/pipeline/task-state.js';

export type SessionBusy = 'opening' | 'saving' | 'validating' | 'starting' | 'cancelling';

/**
 * What the pipeline screen asks of the engine: files, templates, validation and runs.
 * The editor store stays free of I/O; this one turns its doc into API calls.
 */
export interface SessionState {
  busy: SessionBusy | null;
  error: string | null;
  /** A short confirmation ("Saved to …"), shown until the next action. */
  info: string | null;
  templates: TemplateSummary[] | null;
  recent: RecentPipeline[];
  /** The engine's validation of the doc it was run on; null until asked. */
  validation: { issues: PipelineIssue[]; doc: unknown } | null;
  /** Issues the engine reported when the file was opened or saved. */
  migratedFrom: number | null;

  newPipeline(): void;
  loadTemplates(): Promise<void>;
  openTemplate(id: string): Promise<boolean>;
  open(path: string): Promise<boolean>;
  /** Saves to the current path; false when there is none yet (the caller asks for one). */
  save(): Promise<boolean>;
  saveAs(path: string): Promise<boolean>;
  loadRecent(): Promise<void>;
  validate(): Promise<PipelineIssue[] | null>;
  run(params: Record<string, ParamValue>): Promise<string | null>;
  cancel(): Promise<void>;
  rerunFailed(): Promise<string | null>;
  clearMessages(): void;
}

export type SessionStore = StoreApi<SessionState>;

export function createSessionStore(api: StudioApi, editor: EditorStore, runView: RunViewStore): SessionStore {
  return createStore<SessionState>((set, get) => {
    async function attempt<T>(busy: SessionBusy, fn: () => Promise<T>): Promise<T | null> {
      set({ busy, error: null, info: null });
      try {
        return await fn();
      } catch (e) {
        set({ error: errorMessage(e) });
        return null;
      } finally {
        set({ busy: null });
      }
    }

    /** What the engine found wrong with a file it opened, shown until the doc changes. */
    function openedIssues(issues: PipelineIssue[]): SessionState['validation'] {
      return issues.length > 0 ? { issues, doc: editor.getState().doc } : null;
    }

    function queuedAll(): Record<string, TaskLive> {
      const out: Record<string, TaskLive> = {};
      for (const t of editor.getState().doc.tasks) {
        out[t.id] = { state: 'queued', attempt: 0, error: null, reason: null, metrics: emptyMetrics(), startedAt: null, finishedAt: null };
      }
      return out;
    }

    return {
      busy: null,
      error: null,
      info: null,
      templates: null,
      recent: [],
      validation: null,
      migratedFrom: null,

      newPipeline() {
        editor.getState().load(emptyDoc(), null);
        runView.getState().clear();
        set({ validation: null, migratedFrom: null, error: null, info: null });
      },

      async loadTemplates() {
        try {
          set({ templates: await api.call('pipelines.templates', {}) });
        } catch (e) {
          set({ error: errorMessage(e), templates: [] });
        }
      },

      async openTemplate(id) {
        const opened = await attempt('opening', () => api.call('pipelines.template', { id }));
        if (!opened) return false;
        await editor.getState().loadLaidOut(docFromPipeline(opened.pipeline), null);
        runView.getState().clear();
        set({ validation: openedIssues(opened.issues), migratedFrom: null, info: `Opened the template “${opened.pipeline.name}”. Save it to keep your changes.` });
        return true;
      },

      async open(path) {
        const opened = await attempt('opening', () => api.call('pipelines.open', { path }));
        if (!opened) return false;
        editor.getState().load(docFromPipeline(opened.pipeline), opened.path);
        runView.getState().clear();
        set({
          validation: openedIssues(opened.issues),
          migratedFrom: opened.migratedFrom,
          info: opened.migratedFrom !== null ? `Opened ${opened.path}, written in format version ${opened.migratedFrom}; saving writes the current version.` : null,
        });
        void get().loadRecent();
        return true;
      },

      async save() {
        const path = editor.getState().path;
        if (!path) return false;
        return get().saveAs(path);
      },

      async saveAs(path) {
        const doc = editor.getState().doc;
        const saved = await attempt('saving', () => api.call('pipelines.save', { path, pipeline: docToPipeline(doc) }));
        if (!saved) return false;
        editor.getState().markSaved(saved.path, doc);
        set({ info: `Saved to ${saved.path}` });
        void get().loadRecent();
        return true;
      },

      async loadRecent() {
        try {
          set({ recent: await api.call('pipelines.recent', {}) });
        } catch {
          // The recent list is a convenience; opening by path still works.
        }
      },

      async validate() {
        const doc = editor.getState().doc;
        const out = await attempt('validating', () => api.call('pipelines.validate', { pipeline: docToPipeline(doc) }));
        if (!out) return null;
        set({ validation: { issues: out.issues, doc } });
        return out.issues;
      },

      async run(params) {
        const s = editor.getState();
        // A saved, unchanged file runs from disk so its relative paths resolve against its folder.
        const input = s.path && !isDirty(s) ? { path: s.path, params } : { pipeline: docToPipeline(s.doc), params };
        const started = await attempt('starting', () => api.call('pipelines.run', input));
        if (!started) return null;
        runView.getState().show(started.runId, queuedAll());
        return started.runId;
      },

      async cancel() {
        const runId = runView.getState().runId;
        if (!runId) return;
        await attempt('cancelling', () => api.call('runs.cancel', { runId }));
      },

      async rerunFailed() {
        const runId = runView.getState().runId;
        if (!runId) return null;
        const started = await attempt('starting', () => api.call('pipelines.rerun', { runId, fromFailed: true }));
        if (!started) return null;
        runView.getState().show(started.runId, runView.getState().tasks);
        return started.runId;
      },

      clearMessages() {
        set({ error: null, info: null });
      },
    };
  });
}
