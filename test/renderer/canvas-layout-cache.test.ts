/** Layouts are cached by the graph they were computed for; a few dozen are kept. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cachedLayout, graphKey, storeLayout } from '@renderer/canvas/layout-cache.ts';

const storage = new Map<string, string>();

beforeEach(() => {
  storage.clear();
  (globalThis as { window?: unknown }).window = {
    localStorage: {
      getItem: (key: string) => storage.get(key) ?? null,
      setItem: (key: string, value: string) => void storage.set(key, value),
    },
  };
});

afterEach(() => {
  delete (globalThis as { window?: unknown }).window;
});

describe('the layout cache', () => {
  it('keys a graph by its text, so any change gives another key', () => {
    expect(graphKey('{"a":1}')).toBe(graphKey('{"a":1}'));
    expect(graphKey('{"a":1}')).not.toBe(graphKey('{"a":2}'));
    expect(graphKey('{"a":1}')).toMatch(/^[0-9a-f]{16}$/);
  });

  it('gives back what was stored, and nothing for a graph it has not seen', () => {
    storeLayout(
      'k1',
      new Map([
        ['www', { x: 0, y: 10 }],
        ['db', { x: 274, y: 0 }],
      ]),
    );
    expect(cachedLayout('k1')).toEqual(
      new Map([
        ['www', { x: 0, y: 10 }],
        ['db', { x: 274, y: 0 }],
      ]),
    );
    expect(cachedLayout('other')).toBeNull();
  });

  it('keeps the 24 most recent layouts and survives garbage in storage', () => {
    for (let index = 0; index < 30; index++) storeLayout(`k${index}`, new Map([['a', { x: index, y: 0 }]]));
    expect(cachedLayout('k0')).toBeNull();
    expect(cachedLayout('k29')?.get('a')).toEqual({ x: 29, y: 0 });
    expect(Object.keys(JSON.parse(storage.get('archsim.layouts')!))).toHaveLength(24);
    storage.set('archsim.layouts', 'not json');
    expect(cachedLayout('k29')).toBeNull();
    storage.set('archsim.layouts', '{"k":{"at":1,"positions":[["a","x",1]]}}');
    expect(cachedLayout('k')).toBeNull();
  });
});
