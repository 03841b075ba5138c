import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, session } from 'electron';
import { rendererDir } from '../host/app-paths.js';
import { resolveDataDir } from '../host/data-dir.js';
import { devServerCsp, electronCsp, registerAppScheme, serveRenderer } from './app-protocol.js';
import { startEngineProcess, type EngineProcess } from './engine-process.js';
import { broadcastEvent, installIpcRelay } from './ipc/relay.js';
import { APP_INDEX_URL, APP_ORIGIN, originOf } from './ipc/sender-policy.js';
import { installMenu } from './menu.js';
import { openPreferences } from './preferences.js';
import { answerSecretRequest, secretStorageInfo } from './secrets/safe-storage-box.js';
import { createMainWindow } from './window.js';
import { secureSession, secureWebContents } from './web-security.js';

/**
 * The desktop shell: window, menu, IPC, safeStorage. The engine runs in a utility
 * process and is reached only through the relay; this process holds no connection.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const isDev = !app.isPackaged;
// A dev server (Vite) may serve the renderer during development only.
const devUrl = isDev ? process.env.ETL_STUDIO_RENDERER_URL : undefined;
const devOrigin = devUrl ? originOf(devUrl) : null;
const allowedOrigins = devOrigin ? [APP_ORIGIN, devOrigin] : [APP_ORIGIN];

// The CLI and the headless host use the same folder, so profiles and history are shared.
const dataDir = resolveDataDir(undefined);
app.setName('ETL Studio');
app.setPath('userData', dataDir);
// Chromium's caches and storage go to a subfolder, not among profiles and runs.
app.setPath('sessionData', path.join(dataDir, 'electron'));
registerAppScheme();

let engine: EngineProcess | null = null;
let mainWindow: BrowserWindow | null = null;

// PGlite has no lock across processes: a second app instance would share its folders.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  app.on('web-contents-created', (_event, contents) => secureWebContents(contents));
  app.whenReady().then(start, (err: unknown) => {
    dialog.showErrorBox('ETL Studio could not start', err instanceof Error ? err.message : String(err));
    app.exit(1);
  });
}

function openWindow(prefs: ReturnType<typeof openPreferences>): void {
  mainWindow = createMainWindow({
    preload: path.join(here, '..', 'preload', 'preload.cjs'),
    url: devUrl ?? APP_INDEX_URL,
    prefs,
  });
  mainWindow.on('closed', () => (mainWindow = null));
}

async function start(): Promise<void> {
  secureSession(session.defaultSession, devOrigin ? devServerCsp(devOrigin) : electronCsp);
  serveRenderer(rendererDir());
  const version = app.getVersion();
  const secretStorage = secretStorageInfo();
  engine = startEngineProcess({
    entry: path.join(here, '..', 'utility', 'engine-entry.js'),
    dataDir,
    version,
    secretStorage,
    onEvent: (name, payload) => broadcastEvent(name, payload, allowedOrigins),
    onSecretRequest: answerSecretRequest,
    onCrash: (message) => {
      if (mainWindow) void dialog.showMessageBox(mainWindow, { type: 'error', title: 'ETL Studio engine', message });
    },
  });
  const running = engine;
  installIpcRelay(() => running, allowedOrigins);
  installMenu({ isDev, version, dataDir, getWindow: () => mainWindow });
  const prefs = openPreferences();
  openWindow(prefs);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow(prefs);
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

// Quit waits for the engine to close its databases (runs roll back cleanly).
let quitting = false;
app.on('before-quit', (event) => {
  if (quitting || !engine) return;
  event.preventDefault();
  quitting = true;
  void engine.close().finally(() => app.quit());
});
