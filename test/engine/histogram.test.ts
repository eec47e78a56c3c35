import * as hdr from 'hdr-histogram-js';
import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '@engine/histogram.ts';
import { Random } from '@engine/random.ts';

describe('LatencyHistogram', () => {
  const values = (() => {
    const random = new Random(5);
    return Array.from({ length: 100_000 }, () => Math.floor(Math.exp(random.uniform() * 20)));
  })();

  it('has HdrHistogram’s buckets: the same percentiles as hdr-histogram-js', () => {
    const ours = new LatencyHistogram();
    const reference = hdr.build({
      lowestDiscernibleValue: 1,
      highestTrackableValue: 3_600_000_000,
      numberOfSignificantValueDigits: 3,
    });
    for (const value of values) {
      ours.record(value);
      reference.recordValue(value);
    }
    for (const percentile of [0, 1, 25, 50, 75, 90, 99, 99.9, 99.99]) {
      expect(ours.valueAtPercentile(percentile), `p${percentile}`).toBe(
        reference.getValueAtPercentile(percentile),
      );
    }
    expect(ours.valueAtPercentile(100)).toBe(Math.max(...values));
    expect(ours.mean).toBeCloseTo(values.reduce((sum, value) => sum + value, 0) / values.length, 6);
    expect(ours.encode()).toBe(hdr.encodeIntoCompressedBase64(reference));
  });

  it('round-trips through the compressed base64 encoding', () => {
    const histogram = new LatencyHistogram();
    for (const value of values) histogram.record(value);
    const decoded = LatencyHistogram.decode(histogram.encode());
    expect(decoded.totalCount).toBe(histogram.totalCount);
    for (const percentile of [50, 90, 99, 99.9]) {
      expect(decoded.valueAtPercentile(percentile)).toBe(histogram.valueAtPercentile(percentile));
    }
    expect(LatencyHistogram.decode('').totalCount).toBe(0);
  });

  it('clamps to one hour, rounds, and adds histograms', () => {
    const a = new LatencyHistogram();
    a.record(-5);
    a.record(1e12);
    a.record(1.6);
    const b = new LatencyHistogram();
    b.record(10);
    a.add(b);
    expect(a.totalCount).toBe(4);
    expect(a.min).toBe(0);
    expect(a.max).toBe(3_600_000_000);
    expect(a.countBetween(2, 3)).toBe(1);
    expect(a.percentileDistribution()).toContain('Percentile');
  });
});
