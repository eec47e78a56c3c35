/** Added and pasted services land on free spots, and copies follow each other. */
import { describe, expect, it } from 'vitest';
import { NODE_HEIGHT, NODE_WIDTH } from '@shared/diagram/model.ts';
import { freeSpot, freeSpots } from '@renderer/canvas/placement.ts';
import { pastedServices, servicesFromClipboard, servicesToClipboard } from '@renderer/canvas/clipboard.ts';
import { newService } from '@renderer/canvas/palette-items.ts';

const clear = (a: { x: number; y: number }, b: { x: number; y: number }) =>
  Math.abs(a.x - b.x) >= NODE_WIDTH || Math.abs(a.y - b.y) >= NODE_HEIGHT;

describe('placement of new nodes', () => {
  it('keeps a free spot and moves off an occupied one to the nearest free cell', () => {
    expect(freeSpot({ x: 500, y: 500 }, [{ x: 0, y: 0 }])).toEqual({ x: 500, y: 500 });
    const occupied = [{ x: 100, y: 100 }];
    const spot = freeSpot({ x: 110, y: 110 }, occupied);
    expect(clear(spot, occupied[0]!)).toBe(true);
    expect(Math.hypot(spot.x - 110, spot.y - 110)).toBeLessThan(NODE_WIDTH + 60);
  });

  it('places several new nodes clear of each other', () => {
    const spots = freeSpots(
      [
        { x: 0, y: 0 },
        { x: 0, y: 0 },
        { x: 0, y: 0 },
      ],
      [],
    );
    for (let a = 0; a < spots.length; a++)
      for (let b = a + 1; b < spots.length; b++) expect(clear(spots[a]!, spots[b]!)).toBe(true);
  });
});

describe('copy, paste and the palette', () => {
  it('pastes copies with free names; dependencies among the copies follow them', () => {
    const copied = [
      { name: 'api', package: 'karyon', dependencies: ['db', 'cache'], position: { x: 10, y: 20 } },
      { name: 'db', package: 'store', dependencies: [] },
    ];
    const text = servicesToClipboard(copied);
    expect(servicesFromClipboard(text)).toEqual(copied);
    expect(servicesFromClipboard('not json')).toBeNull();
    expect(servicesFromClipboard('{"name": "x", "package": "store"}')).toEqual([
      { name: 'x', package: 'store' },
    ]);
    const pasted = pastedServices(copied, ['api', 'db', 'cache']);
    expect(pasted.map((service) => service['name'])).toEqual(['api-2', 'db-2']);
    expect(pasted[0]).toMatchObject({ dependencies: ['db-2', 'cache'], position: { x: 50, y: 60 } });
    expect(copied[0]!.dependencies).toEqual(['db', 'cache']);
  });

  it('gives a new service of each package a free name and the usual counts', () => {
    expect(newService('karyon', ['service'])).toEqual({
      name: 'service-2',
      package: 'karyon',
      count: 3,
      regions: 1,
      dependencies: [],
    });
    expect(newService('denominator', [])).toMatchObject({ name: 'www', count: 0, regions: 0 });
    expect(newService('elb', [])).toMatchObject({ name: 'elb', count: 0, regions: 1 });
  });
});
