import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { EngineProcess } from '../engine-process.js';
import { CALL_CHANNEL, EVENT_CHANNEL } from './channels.js';
import { checkCall, isTrustedSender } from './sender-policy.js';

function senderOf(event: IpcMainInvokeEvent) {
  const frame = event.senderFrame;
  return { url: frame?.url ?? null, isMainFrame: frame !== null && frame.parent === null };
}

/**
 * Relays renderer calls to the engine process after checking the sender and the
 * method; the input itself is validated by the engine against the contract.
 */
export function installIpcRelay(engine: () => EngineProcess, allowedOrigins: readonly string[]): void {
  ipcMain.handle(CALL_CHANNEL, async (event, method: unknown, input: unknown) => {
    const check = checkCall(senderOf(event), method, allowedOrigins);
    if (!check.ok) return { ok: false, error: check.error };
    return engine().call(check.method, input);
  });
}

/** Pushes an engine event to every window still showing the app (never to a foreign page). */
export function broadcastEvent(name: string, payload: unknown, allowedOrigins: readonly string[]): void {
  for (const win of BrowserWindow.getAllWindows()) {
    const contents = win.webContents;
    if (contents.isDestroyed()) continue;
    if (!isTrustedSender({ url: contents.getURL(), isMainFrame: true }, allowedOrigins)) continue;
    contents.send(EVENT_CHANNEL, name, payload);
  }
}
