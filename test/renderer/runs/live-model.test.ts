/**
 * The canvas's picture of a run in progress: each node says its load, errors and p99 of the last
 * second and is coloured by that p99; each dependency is as wide as its calls a second and red
 * once calls on it have failed.
 */
import { describe, expect, it } from 'vitest';
import type { LiveNumbers } from '@shared/runs.ts';
import { liveOverlay } from '@renderer/runs/live-model.ts';

const live: LiveNumbers = {
  second: 12,
  services: [
    { name: 'www', requests: 2400, errors: 0, rate: 200, errorRate: 0, p50Ms: 10, p99Ms: 40 },
    { name: 'api', requests: 2400, errors: 30, rate: 200, errorRate: 0.05, p50Ms: 8, p99Ms: 400 },
    { name: 'idle', requests: 0, errors: 0, rate: 0, errorRate: 0, p50Ms: 0, p99Ms: 0 },
  ],
  edges: [
    { caller: 'www', callee: 'api', calls: 2400, errors: 30, rate: 200 },
    { caller: 'api', callee: 'idle', calls: 10, errors: 0, rate: 1 },
  ],
};

describe('the live overlay', () => {
  const overlay = liveOverlay(7, live);

  it('names the run and the second', () => {
    expect(overlay.title).toBe('Run #7 live: second 12 (p99 latency, load)');
  });

  it('labels each node with its load, its errors when it has some, and its p99', () => {
    expect(overlay.nodes.get('www')?.text).toBe('200 req/s · p99 40.0 ms');
    expect(overlay.nodes.get('api')?.text).toBe('200 req/s · 10 err · p99 400 ms');
    expect(overlay.nodes.get('idle')?.text).toMatch(/^0 req\/s · p99 /);
  });

  it('colours the slower service hotter', () => {
    const hue = (name: string) => Number(/hsl\((\d+)/.exec(overlay.nodes.get(name)?.colour ?? '')?.[1]);
    expect(hue('api')).toBeLessThan(hue('www'));
  });

  it('draws busier edges wider and an edge with failed calls red', () => {
    const busy = overlay.edges.get('www->api');
    const quiet = overlay.edges.get('api->idle');
    expect(busy?.width).toBeGreaterThan(quiet?.width ?? Infinity);
    expect(busy?.colour).toBe('hsl(0 70% 50%)');
    expect(busy?.text).toBe('200 calls/s · 30 failed so far');
    expect(quiet?.text).toBe('1 calls/s');
  });
});
