/** SLOs pass or fail against the measured numbers, at any percentile. */
import { describe, expect, it } from 'vitest';
import { evaluateSlos, latencyAtPercentile } from '@shared/slo.ts';
import { makeResult } from '../store/fixtures.ts';

const summary = { count: 100, mean: 12, p50: 10, p90: 20, p99: 40, p999: 80, max: 100 };

describe('SLOs', () => {
  it('reads the known percentiles exactly and interpolates between them', () => {
    expect(latencyAtPercentile(summary, 99)).toBe(40);
    expect(latencyAtPercentile(summary, 50)).toBe(10);
    const p95 = latencyAtPercentile(summary, 95);
    expect(p95).toBeGreaterThan(20);
    expect(p95).toBeLessThan(40);
    // 95 % is about 0.3 of the way from 90 % to 99 % in log(1/(1-p)).
    expect(p95).toBeCloseTo(20 + 20 * Math.log10(2), 5);
  });

  it('passes and fails latency and availability objectives', () => {
    const result = makeResult();
    const service = result.services[2]!;
    const withSlos = {
      ...result,
      document: {
        ...result.document,
        slos: [
          { service: service.name, percentile: 99, latencyMs: service.latencyMs.p99 + 1 },
          { service: service.name, percentile: 99, latencyMs: service.latencyMs.p99 / 2 },
          { service: service.name, availabilityPercent: 100 },
          { service: 'missing', percentile: 50, latencyMs: 10 },
        ],
      },
    };
    const outcomes = evaluateSlos(withSlos);
    expect(outcomes.map((outcome) => outcome.pass)).toEqual([true, false, service.errors === 0, false]);
    expect(outcomes[0]?.latencyMs).toBe(service.latencyMs.p99);
    expect(outcomes[1]?.text).toMatch(/^p99 [\d.]+ ms > [\d.]+ ms$/);
    expect(outcomes[3]?.text).toBe('no such service in the run');
  });
});
