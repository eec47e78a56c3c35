import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentJsonSchema } from '@shared/document/schema.ts';
import { resolveService } from '@shared/document/resolve.ts';
import { PACKAGE_NAMES, PACKAGE_PROFILES } from '@shared/document/packages.ts';
import { latencyMean } from '@shared/document/latency.ts';
import { repositoryRoot } from '../../support/spigo.ts';

describe('JSON Schema for editors', () => {
  const schema = documentJsonSchema() as {
    properties: Record<
      string,
      { description?: string; items?: { properties: Record<string, { description?: string }> } }
    >;
  };

  it('is the committed file', () => {
    const committed = readFileSync(
      path.join(repositoryRoot, 'resources/schema/archsim-document.schema.json'),
      'utf8',
    );
    expect(JSON.parse(committed)).toEqual(schema);
  });

  it('describes every service field (descriptions become editor hovers)', () => {
    const serviceFields = schema.properties['services']!.items!.properties;
    for (const [field, definition] of Object.entries(serviceFields)) {
      expect(definition.description, `services[].${field}`).toBeTruthy();
    }
    expect(Object.keys(serviceFields)).toEqual(
      expect.arrayContaining([
        'latency',
        'capacity',
        'timeoutMs',
        'retries',
        'circuitBreaker',
        'cacheHitRate',
        'calls',
        'evolution',
        'position',
      ]),
    );
  });
});

describe('package profiles', () => {
  it('exist for every usable package and mark karyon and zuul as same-zone only', () => {
    for (const name of PACKAGE_NAMES) expect(PACKAGE_PROFILES[name].name).toBe(name);
    const sameZone = PACKAGE_NAMES.filter((name) => !PACKAGE_PROFILES[name].crossZone);
    expect(sameZone).toEqual(['zuul', 'karyon']);
  });

  it('fill in what a service leaves out, and nothing it says', () => {
    const plain = resolveService({ name: 'web', package: 'karyon', count: 3 });
    expect(plain.timeoutMs).toBe(PACKAGE_PROFILES.karyon.defaults.timeoutMs);
    expect(plain.latency).toEqual(PACKAGE_PROFILES.karyon.defaults.latency);
    expect(plain.callProbability('anything')).toBe(1);
    const custom = resolveService({
      name: 'web',
      package: 'karyon',
      timeoutMs: 250,
      capacity: { queue: null },
      calls: { probabilities: { db: 0.25 } },
    });
    expect(custom.timeoutMs).toBe(250);
    expect(custom.queue).toBeNull();
    expect(custom.concurrency).toBe(PACKAGE_PROFILES.karyon.defaults.concurrency);
    expect(custom.callProbability('db')).toBe(0.25);
  });
});

describe('latency means', () => {
  it('match the distributions', () => {
    expect(latencyMean({ type: 'lognormal', median: 2, sigma: 0 })).toBe(2);
    expect(latencyMean({ type: 'gamma', shape: 2, scale: 3 })).toBe(6);
    expect(latencyMean({ type: 'pareto', scale: 1, shape: 2 })).toBe(2);
    expect(latencyMean({ type: 'pareto', scale: 1, shape: 1 })).toBe(Number.POSITIVE_INFINITY);
    const mixture = latencyMean({
      type: 'mixture',
      components: [
        { weight: 3, model: { type: 'constant', value: 1 } },
        { weight: 1, model: { type: 'uniform', min: 0, max: 10 } },
      ],
    });
    expect(mixture).toBeCloseTo(0.75 * 1 + 0.25 * 5, 12);
  });
});
