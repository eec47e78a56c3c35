/**
 * Layouts the studio has computed, kept in the browser's storage by the graph they were computed
 * for: elkjs is deterministic (the same graph always gets the same positions), so opening a
 * document again — or another with the same services and dependencies — draws at once instead
 * of waiting for the worker. A few dozen graphs are kept, the oldest dropped first.
 */
import type { Point } from '@shared/diagram/model.ts';

const STORAGE_KEY = 'archsim.layouts';
const MAX_ENTRIES = 24;

interface Entry {
  /** Order of use: higher is more recent (for dropping the oldest). */
  readonly at: number;
  /** [id, x, y] per node. */
  readonly positions: readonly (readonly [string, number, number])[];
}

/** Two independent 32-bit hashes of the graph's text: a 64-bit key. */
export function graphKey(graphText: string): string {
  let fnv = 0x811c9dc5;
  let djb = 5381;
  for (let index = 0; index < graphText.length; index++) {
    const code = graphText.charCodeAt(index);
    fnv = Math.imul(fnv ^ code, 0x01000193);
    djb = (Math.imul(djb, 33) + code) | 0;
  }
  return `${(fnv >>> 0).toString(16).padStart(8, '0')}${(djb >>> 0).toString(16).padStart(8, '0')}`;
}

function readAll(): Record<string, Entry> {
  try {
    const value = JSON.parse(window.localStorage.getItem(STORAGE_KEY) ?? '{}') as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, Entry>) : {};
  } catch {
    return {};
  }
}

export function cachedLayout(key: string): Map<string, Point> | null {
  const entry = readAll()[key];
  if (!entry || !Array.isArray(entry.positions)) return null;
  const positions = new Map<string, Point>();
  for (const item of entry.positions) {
    if (
      !Array.isArray(item) ||
      typeof item[0] !== 'string' ||
      !Number.isFinite(item[1]) ||
      !Number.isFinite(item[2])
    ) {
      return null;
    }
    positions.set(item[0], { x: item[1], y: item[2] });
  }
  return positions;
}

export function storeLayout(key: string, positions: ReadonlyMap<string, Point>): void {
  const all = readAll();
  const latest = Math.max(
    0,
    ...Object.values(all).map((entry) => (Number.isFinite(entry?.at) ? entry.at : 0)),
  );
  all[key] = {
    at: latest + 1,
    positions: [...positions].map(([id, point]) => [id, point.x, point.y] as const),
  };
  const keys = Object.keys(all).sort((a, b) => (all[b]?.at ?? 0) - (all[a]?.at ?? 0));
  for (const stale of keys.slice(MAX_ENTRIES)) delete all[stale];
  try {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(all));
  } catch {
    // Storage full or unavailable: the layout is simply computed again next time.
  }
}
