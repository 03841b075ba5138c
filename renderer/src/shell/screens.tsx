import type { ComponentType } from 'react';
import { ConnectionsScreen } from '../connections/ConnectionsScreen.js';
import { PipelinesScreen } from '../pipelines/PipelinesScreen.js';
import { RunsScreen } from '../runs/RunsScreen.js';
import { SyncScreen } from '../sync/SyncScreen.js';
import type { ScreenId } from './navigation-store.js';

export interface ScreenEntry {
  id: ScreenId;
  label: string;
  /** One glyph for the nav; kept as text so no icon font or image is needed. */
  icon: string;
  Component: ComponentType;
}

/** The app's screens in nav order. Adding a screen (e.g. Pipelines) is one entry here plus its id. */
export const screens: readonly ScreenEntry[] = [
  { id: 'sync', label: 'Sync', icon: '⇄', Component: SyncScreen },
  { id: 'pipelines', label: 'Pipelines', icon: '⎇', Component: PipelinesScreen },
  { id: 'connections', label: 'Connections', icon: '⛁', Component: ConnectionsScreen },
  { id: 'runs', label: 'Runs', icon: '☰', Component: RunsScreen },
];
