import type { Doc } from './doc.js';

/**
 * Undo/redo over Doc snapshots. A change may carry a coalesce key: a change with the
 * same key shortly after the previous one joins its step, so typing a field or nudging a
 * node with the arrow keys is one undo, as a drag is.
 */
export interface History {
  readonly past: readonly Doc[];
  readonly future: readonly Doc[];
  readonly lastKey: string | null;
  readonly lastAt: number;
}

export const HISTORY_LIMIT = 200;
export const COALESCE_MS = 1_000;

export const emptyHistory: History = { past: [], future: [], lastKey: null, lastAt: 0 };

/** Records that `before` was replaced; returns the new history. */
export function record(h: History, before: Doc, key: string | null, now: number): History {
  if (key !== null && key === h.lastKey && now - h.lastAt <= COALESCE_MS && h.past.length > 0) {
    return { past: h.past, future: [], lastKey: key, lastAt: now };
  }
  const past = h.past.length >= HISTORY_LIMIT ? [...h.past.slice(1), before] : [...h.past, before];
  return { past, future: [], lastKey: key, lastAt: now };
}

export function undo(h: History, current: Doc): { history: History; doc: Doc } | null {
  const prev = h.past[h.past.length - 1];
  if (!prev) return null;
  return { history: { past: h.past.slice(0, -1), future: [current, ...h.future], lastKey: null, lastAt: 0 }, doc: prev };
}

export function redo(h: History, current: Doc): { history: History; doc: Doc } | null {
  const next = h.future[0];
  if (!next) return null;
  return { history: { past: [...h.past, current], future: h.future.slice(1), lastKey: null, lastAt: 0 }, doc: next };
}
