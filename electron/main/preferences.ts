import Store from 'electron-store';
import { z } from 'zod';

/**
 * Window bounds and UI preferences of the desktop shell. A file of its own
 * (preferences.json) in the data folder: the engine owns config.json, and two
 * processes writing one file would lose each other's changes.
 */
const boundsSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(400),
  height: z.number().int().min(300),
  maximized: z.boolean().default(false),
});
export type WindowBounds = z.infer<typeof boundsSchema>;

export interface Preferences {
  windowBounds(): WindowBounds | null;
  saveWindowBounds(bounds: WindowBounds): void;
}

/** Call after app.setPath('userData'), which is where electron-store puts the file. */
export function openPreferences(): Preferences {
  const store = new Store<Record<string, unknown>>({ name: 'preferences' });
  return {
    windowBounds() {
      const parsed = boundsSchema.safeParse(store.get('windowBounds'));
      return parsed.success ? parsed.data : null;
    },
    saveWindowBounds(bounds) {
      store.set('windowBounds', bounds);
    },
  };
}
