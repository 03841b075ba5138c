import { BrowserWindow, dialog, screen } from 'electron';
import type { Preferences } from './preferences.js';

/** Keeps saved bounds only if they still fit on a connected display (a monitor may be gone). */
function visibleBounds(prefs: Preferences) {
  const saved = prefs.windowBounds();
  if (!saved) return null;
  const fits = screen.getAllDisplays().some(({ workArea: a }) =>
    saved.x >= a.x - 50 && saved.y >= a.y - 50 && saved.x + 100 <= a.x + a.width && saved.y + 100 <= a.y + a.height,
  );
  return fits ? saved : null;
}

export function createMainWindow(opts: { preload: string; url: string; prefs: Preferences }): BrowserWindow {
  const bounds = visibleBounds(opts.prefs);
  const win = new BrowserWindow({
    width: bounds?.width ?? 1400,
    height: bounds?.height ?? 900,
    ...(bounds ? { x: bounds.x, y: bounds.y } : {}),
    minWidth: 800,
    minHeight: 500,
    title: 'ETL Studio',
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: opts.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  if (bounds?.maximized) win.maximize();
  // The renderer prevents unload while a pipeline has unsaved edits; Electron would then
  // silently keep the window open, so ask the user here, as a browser would.
  win.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(win, {
      type: 'question',
      buttons: ['Discard changes and close', 'Keep editing'],
      defaultId: 1,
      cancelId: 1,
      title: 'Unsaved changes',
      message: 'The open pipeline has unsaved changes.',
      detail: 'Close anyway and lose them?',
    });
    if (choice === 0) event.preventDefault();
  });
  win.once('ready-to-show', () => win.show());
  win.on('close', () => {
    const b = win.getNormalBounds();
    opts.prefs.saveWindowBounds({ x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() });
  });
  void win.loadURL(opts.url);
  return win;
}
