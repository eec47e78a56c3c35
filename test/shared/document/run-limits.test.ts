/**
 * What a document asks of a run, checked before anything is allocated: the instance limit (an
 * error at the count that contributes most), the work a run would take (a warning with the
 * estimate), failures after the run's end (a warning), and the caps on rates and durations.
 */
import { describe, expect, it } from 'vitest';
import { validateDocument } from '@shared/document/validate.ts';
import { planServiceInstances } from '@shared/document/instances.ts';
import { DEFAULT_MAX_INSTANCES, MAX_DURATION_S, MAX_RATE } from '@shared/limits.ts';
import { expandTopology } from '@engine/topology/expand.ts';
import type { ArchDocument } from '@shared/document/schema.ts';

const document = (
  webCount: number,
  extra: Record<string, unknown> = {},
  web: Record<string, unknown> = {},
) => ({
  services: [
    { name: 'db', package: 'store', count: 2, regions: 1, dependencies: [] },
    { name: 'web', package: 'karyon', count: webCount, regions: 1, dependencies: ['db'], ...web },
    { name: 'www', package: 'denominator', count: 0, regions: 0, dependencies: ['web'] },
  ],
  ...extra,
});
const problemsWith = (code: string, raw: unknown, options = {}) =>
  validateDocument(raw, options).problems.filter((problem) => problem.code === code);

describe('the instance limit', () => {
  it('is 2,000,000 by default: an error at the count of the service that contributes most', () => {
    expect(DEFAULT_MAX_INSTANCES).toBe(2_000_000);
    const result = validateDocument(document(1e9));
    expect(result.document).toBeNull();
    expect(problemsWith('too-many-instances', document(1e9))).toEqual([
      {
        severity: 'error',
        code: 'too-many-instances',
        path: ['services', 1, 'count'],
        message:
          'expands to 1,000,000,003 instances, more than the limit of 2,000,000 ("web" alone has 1,000,000,000); ' +
          'lower the count or the scale, or raise the limit with archsim --max-instances N',
      },
    ]);
    // Counts beyond digits are an order of magnitude, not "∞" or 1e+308.
    expect(problemsWith('too-many-instances', document(1e25))[0]?.message).toMatch(
      /^expands to about 10\^25 instances, .*\("web" alone has about 10\^25\)/,
    );
    expect(problemsWith('too-many-instances', document(1e308), { scale: 1000 })[0]?.message).toMatch(
      /^expands to more than 10\^308 instances, .*\("web" alone has more than 10\^308\)/,
    );
    expect(problemsWith('too-many-instances', document(1_999_997))).toEqual([]);
    expect(problemsWith('too-many-instances', document(1_999_998))).toHaveLength(1);
  });

  it('counts at the run’s scale and regions, and can be raised', () => {
    expect(problemsWith('too-many-instances', document(1000), { scale: 1_000_000 })).toHaveLength(1);
    expect(
      problemsWith('too-many-instances', document(1000), { scale: 100, regions: 3, maxInstances: 3000 }),
    ).toHaveLength(1);
    expect(problemsWith('too-many-instances', document(3_000_000), { maxInstances: 4_000_000 })).toEqual([]);
  });

  it('counts the standby instances of an autoscaler, located at its maxInstances when they dominate', () => {
    const autoscaled = document(10, {}, { autoscaling: { targetUtilisation: 0.6, maxInstances: 5_000_000 } });
    expect(problemsWith('too-many-instances', autoscaled).map((problem) => problem.path)).toEqual([
      ['services', 1, 'autoscaling', 'maxInstances'],
    ]);
  });

  it('agrees with the engine’s expansion, which refuses the same before allocating', () => {
    for (const [count, scale, regions] of [
      [7, 100, 1],
      [7, 250, 2],
      [0, 100, 3],
      [1, 30, 1],
    ] as const) {
      const raw = document(count, {}, { regions: 1 });
      const planned = raw.services.reduce(
        (sum, service) => sum + planServiceInstances(service, { scale, regions }).instances,
        0,
      );
      const topology = expandTopology(raw as ArchDocument, { scale, regions });
      expect(topology.instanceCount).toBe(planned);
    }
    expect(() => expandTopology(document(1e9) as ArchDocument)).toThrow(
      /would have 1,000,000,003 instances, more than the limit of 2,000,000; nothing was allocated/,
    );
  });
});

describe('rates and durations', () => {
  it('are capped in the document as everywhere else', () => {
    expect(MAX_RATE).toBe(10_000_000);
    expect(MAX_DURATION_S).toBe(86_400);
    const rate = validateDocument(document(2, { load: { rate: 1e9 } }));
    expect(rate.problems.map((problem) => [problem.path, problem.message])).toContainEqual([
      ['load', 'rate'],
      'must be ≤ 10000000 (got 1000000000)',
    ]);
    const duration = validateDocument(document(2, { load: { durationS: 1e6 } }));
    expect(duration.problems.map((problem) => problem.path)).toContainEqual(['load', 'durationS']);
    const spike = validateDocument(
      document(2, { load: { changes: [{ type: 'spike', atS: 1, durationS: 1, rate: 1e12 }] } }),
    );
    expect(spike.document).toBeNull();
  });

  it('a run far beyond what the machine does in a while is warned about, with the estimate', () => {
    const heavy = problemsWith('heavy-run', document(2, { load: { rate: 10_000_000, durationS: 86_400 } }));
    expect(heavy).toEqual([
      expect.objectContaining({
        severity: 'warning',
        path: ['load'],
        message: expect.stringMatching(
          /^a run of 86,400 s at 10,000,000 req\/s is about \d+(\.\d)? trillion events \(864 billion requests × ~2\.0 calls each\): at ~3 million events\/s that is ~\d+ days of computing; lower the rate or the duration$/,
        ),
      }),
    ]);
    expect(problemsWith('heavy-run', document(2))).toEqual([]);
    expect(problemsWith('heavy-run', document(2), { rate: 10_000, durationS: 60 })).toEqual([]);
    expect(problemsWith('heavy-run', document(2), { rate: 100_000, durationS: 3600 })).toHaveLength(1);
  });
});

describe('failures after the run’s end', () => {
  const scenarios = {
    load: { durationS: 30 },
    scenarios: [
      { name: 'late', failures: [{ type: 'kill-instances', service: 'db', count: 1, atS: 45 }] },
      { name: 'early', failures: [{ type: 'kill-instances', service: 'db', count: 1, atS: 5 }] },
    ],
  };

  it('are a warning at their atS, against the run’s own duration', () => {
    expect(problemsWith('failure-after-end', document(2, scenarios))).toEqual([
      {
        severity: 'warning',
        code: 'failure-after-end',
        path: ['scenarios', 0, 'failures', 0, 'atS'],
        message:
          "starts at 45 s, at or after the run's end (30 s): it will not happen (run longer, or start it earlier)",
      },
    ]);
    expect(problemsWith('failure-after-end', document(2, scenarios), { durationS: 60 })).toEqual([]);
    expect(problemsWith('failure-after-end', document(2, scenarios), { durationS: 4 })).toHaveLength(2);
  });

  it('are checked only for the scenario a run simulates', () => {
    expect(problemsWith('failure-after-end', document(2, scenarios), { scenario: null })).toEqual([]);
    expect(problemsWith('failure-after-end', document(2, scenarios), { scenario: 'early' })).toEqual([]);
    expect(problemsWith('failure-after-end', document(2, scenarios), { scenario: 'late' })).toHaveLength(1);
    expect(problemsWith('failure-after-end', document(2, scenarios), { scenario: 'all' })).toHaveLength(1);
  });
});
