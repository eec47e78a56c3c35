/**
 * What the canvas's nodes need from the canvas without going through node data (which would
 * re-create every node when it changes): the theme, and renaming in place.
 */
import { createContext } from 'react';
import type { Theme } from '@shared/commands.ts';

export interface CanvasContextValue {
  readonly theme: Theme;
  /** The node being renamed in place, if any. */
  readonly renamingId: string | null;
  readonly startRename: (id: string) => void;
  /** Commits a new name; returns why it cannot be used, or null when it was applied. */
  readonly commitRename: (id: string, name: string) => string | null;
  readonly cancelRename: () => void;
  /** Zones ("region/zone") and regions that are down in the replayed second (the instance view marks them). */
  readonly failedZones: ReadonlySet<string>;
  readonly failedRegions: ReadonlySet<string>;
}

export const CanvasContext = createContext<CanvasContextValue>({
  theme: 'light',
  renamingId: null,
  startRename: () => undefined,
  commitRename: () => null,
  cancelRename: () => undefined,
  failedZones: new Set(),
  failedRegions: new Set(),
});
