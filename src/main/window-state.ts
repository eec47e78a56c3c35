/**
 * The desktop window's size and position, remembered in the user-data folder (window-state.json)
 * and restored on start, clamped to the displays there are now (a monitor may have been
 * unplugged since). Saved, debounced, as the window moves or resizes, and when it closes.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const WINDOW_STATE_FILE = 'window-state.json';
/** Moves and resizes are saved this long after the last one. */
export const WINDOW_STATE_SAVE_DELAY_MS = 500;

export interface Rectangle {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface WindowState {
  /** The window's normal (not maximised, not full-screen) bounds. */
  readonly bounds: Rectangle;
  readonly maximized: boolean;
}

const rectangleSchema = z.object({
  x: z.number().finite(),
  y: z.number().finite(),
  width: z.number().finite().positive(),
  height: z.number().finite().positive(),
});
const stateSchema = z.object({ version: z.literal(1), bounds: rectangleSchema, maximized: z.boolean() });

export interface WindowSizeDefaults {
  readonly width: number;
  readonly height: number;
  readonly minWidth: number;
  readonly minHeight: number;
}

/** Where and how big to open the window: no x/y means centred by Electron. */
export interface WindowPlacement {
  readonly x?: number;
  readonly y?: number;
  readonly width: number;
  readonly height: number;
  readonly maximized: boolean;
}

/**
 * The saved state made to fit the displays' work areas (`displays[0]` the primary): the window
 * goes on the display it overlaps most, shrinks to fit it and moves fully onto it; a window on
 * no display any more is centred on the primary one. Without a saved state, the defaults.
 */
export function clampWindowState(
  saved: WindowState | null,
  displays: readonly Rectangle[],
  defaults: WindowSizeDefaults,
): WindowPlacement {
  const primary = displays[0];
  if (saved === null || primary === undefined) {
    return {
      width: primary ? Math.min(defaults.width, primary.width) : defaults.width,
      height: primary ? Math.min(defaults.height, primary.height) : defaults.height,
      maximized: false,
    };
  }
  let target = primary;
  let best = 0;
  for (const display of displays) {
    const area = overlap(saved.bounds, display);
    if (area > best) {
      best = area;
      target = display;
    }
  }
  const width = Math.round(
    clamp(saved.bounds.width, Math.min(defaults.minWidth, target.width), target.width),
  );
  const height = Math.round(
    clamp(saved.bounds.height, Math.min(defaults.minHeight, target.height), target.height),
  );
  if (best === 0) {
    return {
      x: Math.round(target.x + (target.width - width) / 2),
      y: Math.round(target.y + (target.height - height) / 2),
      width,
      height,
      maximized: saved.maximized,
    };
  }
  return {
    x: Math.round(clamp(saved.bounds.x, target.x, target.x + target.width - width)),
    y: Math.round(clamp(saved.bounds.y, target.y, target.y + target.height - height)),
    width,
    height,
    maximized: saved.maximized,
  };
}

function overlap(a: Rectangle, b: Rectangle): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), Math.max(low, high));
}

/** The saved state, or null when there is none or it is damaged. */
export function readWindowState(dataDirectory: string): WindowState | null {
  try {
    const parsed = stateSchema.safeParse(
      JSON.parse(readFileSync(path.join(dataDirectory, WINDOW_STATE_FILE), 'utf8')),
    );
    return parsed.success ? { bounds: parsed.data.bounds, maximized: parsed.data.maximized } : null;
  } catch {
    return null;
  }
}

/**
 * Saves the state. Synchronous on purpose: it also runs as the window closes and the app quits,
 * when a pending promise would not be waited for. Atomic (temporary file and rename).
 */
export function writeWindowState(dataDirectory: string, state: WindowState): void {
  mkdirSync(dataDirectory, { recursive: true });
  const file = path.join(dataDirectory, WINDOW_STATE_FILE);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify({ version: 1, ...state }, null, 2)}\n`);
  renameSync(temporary, file);
}

/** What the tracker needs of a BrowserWindow. */
export interface TrackedWindow {
  on(event: 'resize' | 'move' | 'close', listener: () => void): unknown;
  getNormalBounds(): Rectangle;
  isMaximized(): boolean;
  isDestroyed(): boolean;
}

/** Saves the window's state as it changes (debounced) and when it closes. */
export function trackWindowState(
  window: TrackedWindow,
  dataDirectory: string,
  delayMs = WINDOW_STATE_SAVE_DELAY_MS,
  onError: (error: unknown) => void = (error) =>
    console.error('archsim: the window state was not saved', error),
): { flush(): void } {
  let timer: NodeJS.Timeout | undefined;
  const save = () => {
    clearTimeout(timer);
    timer = undefined;
    if (window.isDestroyed()) return;
    try {
      writeWindowState(dataDirectory, { bounds: window.getNormalBounds(), maximized: window.isMaximized() });
    } catch (error) {
      onError(error);
    }
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(save, delayMs);
  };
  window.on('resize', later);
  window.on('move', later);
  window.on('close', save);
  return { flush: save };
}
