/**
 * Cost grows with work, not with services: 5,000 services at light load run in seconds. (Before,
 * every caller × callee pair of services had its settings, retry budget and timer queue
 * allocated up front, and every service and edge a 92 KB histogram: 33 s and 4 GB for 0.5 s of
 * simulation.)
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '@engine/sim/simulation.ts';
import { expandTopology, InstanceLimitError } from '@engine/topology/expand.ts';
import { LatencyHistogram } from '@engine/histogram.ts';
import type { ArchDocument } from '@shared/document/schema.ts';

/** gateway → 1,000 front services → 3,000 back → 800 data-access → 190 stores (10,176 instances). */
function layered(): ArchDocument {
  const names = (prefix: string, count: number) =>
    Array.from({ length: count }, (_, index) => `${prefix}${index}`);
  const front = names('front', 1000);
  const back = names('back', 3000);
  const dal = names('dal', 800);
  const stores = names('store', 190);
  return {
    services: [
      { name: 'www', package: 'denominator', count: 0, regions: 0, dependencies: ['gateway'] },
      { name: 'gateway', package: 'zuul', count: 6, regions: 1, dependencies: front },
      ...front.map((name, index) => ({
        name,
        package: 'karyon',
        count: 3,
        regions: 1,
        dependencies: [0, 1, 2].map((offset) => back[(index * 3 + offset) % back.length] as string),
      })),
      ...back.map((name, index) => ({
        name,
        package: 'karyon',
        count: 2,
        regions: 1,
        dependencies: [dal[index % dal.length] as string],
      })),
      ...dal.map((name, index) => ({
        name,
        package: 'staash',
        count: 1,
        regions: 1,
        dependencies: [stores[index % stores.length] as string],
      })),
      ...stores.map((name) => ({ name, package: 'store', count: 2, regions: 1, dependencies: [] })),
    ],
  } as ArchDocument;
}

/** 5,000 stores behind one monolith. */
function wide(): ArchDocument {
  const stores = Array.from({ length: 5000 }, (_, index) => `st${index}`);
  return {
    services: [
      { name: 'www', package: 'denominator', count: 0, regions: 0, dependencies: ['mono'] },
      {
        name: 'mono',
        package: 'monolith',
        count: 3,
        regions: 1,
        dependencies: stores,
        calls: { mode: 'one-of' },
      },
      ...stores.map((name) => ({ name, package: 'store', count: 1, regions: 1, dependencies: [] })),
    ],
  } as ArchDocument;
}

describe('5,000 services at light load', () => {
  it.each([
    ['a layered architecture (10,176 instances)', layered],
    ['5,000 stores behind one monolith', wide],
  ])(
    '%s: 1 s at 200 req/s runs in seconds',
    (_name, build) => {
      const started = performance.now();
      const result = new Simulation(build(), { durationS: 1, rate: 200, seed: 1 }).run();
      const seconds = (performance.now() - started) / 1000;
      expect(result.summary.requests).toBeGreaterThan(100);
      expect(result.summary.completed).toBe(result.summary.requests);
      expect(result.services.length).toBeGreaterThan(4990);
      // Measured 1.3–2.6 s here (33–58 s before); generous for a busy shared machine.
      expect(seconds).toBeLessThan(20);
    },
    60_000,
  );
});

describe('the instance limit in the engine', () => {
  it('refuses an expansion beyond it before allocating, and can be raised', () => {
    const huge = {
      services: [{ name: 'web', package: 'karyon', count: 1e9, regions: 1, dependencies: [] }],
    } as ArchDocument;
    const started = performance.now();
    expect(() => new Simulation(huge, { durationS: 1 })).toThrow(InstanceLimitError);
    expect(performance.now() - started).toBeLessThan(1000);
    const small = { services: [{ name: 'web', package: 'karyon', count: 50, regions: 1 }] } as ArchDocument;
    expect(() => expandTopology(small, { maxInstances: 49 })).toThrow(
      'the topology would have 50 instances, more than the limit of 49; nothing was allocated',
    );
    expect(expandTopology(small, { maxInstances: 50 }).instanceCount).toBe(50);
  });
});

describe('latency histograms', () => {
  it('grow with the values they record, and read back the same', () => {
    const histogram = new LatencyHistogram();
    expect(histogram.counts.length).toBe(0);
    histogram.record(900);
    expect(histogram.counts.length).toBeLessThanOrEqual(2048);
    for (let value = 1; value < 2_000_000; value = Math.ceil(value * 1.37)) histogram.record(value);
    const decoded = LatencyHistogram.decode(histogram.encode());
    expect(Array.from(decoded.counts)).toEqual(Array.from(histogram.counts));
    expect(decoded.valueAtPercentile(50)).toBe(histogram.valueAtPercentile(50));
    const sum = new LatencyHistogram();
    sum.add(histogram);
    expect(sum.valueAtPercentile(50)).toBe(histogram.valueAtPercentile(50));
    expect(sum.totalCount).toBe(histogram.totalCount);
  });
});
