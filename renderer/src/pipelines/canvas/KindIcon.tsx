import { memo } from 'react';
import type { TaskCategory } from '../../../../shared/pipeline/catalog.js';

/**
 * Line icons for the catalog's icon names, drawn inline so the canvas needs no icon font
 * and looks the same in Electron, a browser and a headless screenshot.
 */
const paths: Record<string, string> = {
  'file-text': 'M6 2h8l4 4v16H6z M14 2v4h4 M9 11h6 M9 15h6 M9 19h4',
  filter: 'M3 4h18l-7 9v6l-4 2v-8z',
  archive: 'M3 4h18v4H3z M5 8v12h14V8 M10 12h4',
  table: 'M3 5h18v14H3z M3 10h18 M3 15h18 M9 5v14',
  terminal: 'M4 4h16v16H4z M8 9l3 3-3 3 M13 15h4',
  'database-export': 'M4 6c0-1.7 3.6-3 8-3s8 1.3 8 3-3.6 3-8 3-8-1.3-8-3z M4 6v12c0 1.7 3.6 3 8 3 M20 6v5 M4 12c0 1.7 3.6 3 8 3 M15 18h7 M19 15l3 3-3 3',
  'arrows-right-left': 'M4 8h14 M14 4l4 4-4 4 M20 16H6 M10 12l-4 4 4 4',
  star: 'M12 3l2.8 5.8 6.2.9-4.5 4.4 1.1 6.3L12 17.4l-5.6 3 1.1-6.3L3 9.7l6.2-.9z',
  columns: 'M3 4h18v16H3z M9 4v16 M15 4v16',
  'file-plus': 'M6 2h8l4 4v16H6z M14 2v4h4 M12 11v7 M8.5 14.5h7',
  'check-circle': 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z M8 12l3 3 5-6',
  'shield-check': 'M12 3l8 3v6c0 4.5-3.4 8.2-8 9-4.6-.8-8-4.5-8-9V6z M8.5 12l2.5 2.5 4.5-5',
};

export const KindIcon = memo(function KindIcon({ icon, size = 16 }: { icon: string; size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      <path d={paths[icon] ?? 'M4 4h16v16H4z'} />
    </svg>
  );
});

export const categoryLabels: Record<TaskCategory, string> = {
  extract: 'Extract', sync: 'Sync', transform: 'Transform', load: 'Load', file: 'Files', sql: 'SQL', check: 'Checks',
};
