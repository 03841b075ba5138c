import { useEffect, useRef } from 'react';

export interface ShortcutHandlers {
  save(): void;
  saveAs(): void;
  open(): void;
  undo(): void;
  redo(): void;
  copy(): void;
  paste(): void;
  remove(): void;
  layout(): void;
  fit(): void;
  run(): void;
}

function inTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return !['checkbox', 'radio', 'button', 'submit'].includes(type);
}

/**
 * The editor's keyboard shortcuts, while the screen is open. In a text field or a
 * panel the browser's own undo, copy and delete apply; only save and run work
 * everywhere. A dialog (role=dialog) takes the keys for itself.
 */
export function useEditorShortcuts(handlers: ShortcutHandlers): void {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    function onKeyDown(e: KeyboardEvent): void {
      if (e.defaultPrevented) return;
      if (e.target instanceof Element && e.target.closest('[role="dialog"]')) return;
      const h = ref.current;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      // In the side or run panel the keys belong to the form (a checkbox, a table), never the graph.
      const typing = inTextField(e.target) || (e.target instanceof Element && e.target.closest('.side-panel, .run-panel') !== null);
      let action: (() => void) | null = null;
      if (mod && key === 's') action = e.shiftKey ? h.saveAs : h.save;
      else if (mod && key === 'enter') action = h.run;
      else if (typing) return;
      else if (mod && key === 'o') action = h.open;
      else if (mod && key === 'z') action = e.shiftKey ? h.redo : h.undo;
      else if (mod && key === 'y') action = h.redo;
      else if (mod && key === 'c') action = h.copy;
      else if (mod && key === 'v') action = h.paste;
      else if (mod && e.shiftKey && key === 'l') action = h.layout;
      else if (mod && e.shiftKey && key === 'f') action = h.fit;
      else if (!mod && (e.key === 'Delete' || e.key === 'Backspace')) action = h.remove;
      if (!action) return;
      e.preventDefault();
      action();
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
