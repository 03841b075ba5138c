/** IPC channel names; the preload repeats them because a sandboxed preload cannot import local files. */
export const CALL_CHANNEL = 'studio:call';
export const EVENT_CHANNEL = 'studio:event';
