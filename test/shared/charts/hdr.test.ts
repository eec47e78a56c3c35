import * as hdr from 'hdr-histogram-js';
import { describe, expect, it } from 'vitest';
import {
  decodeLatencyHistogram,
  histogramBins,
  latencyBinEdges,
  sharedHistogramBins,
  spectrumPoints,
  valueAtPercentile,
} from '@shared/charts/hdr.ts';
import { LatencyHistogram } from '@engine/histogram.ts';
import { encodeMicros, random } from './support.ts';

/** 1 ms, 2 ms … 1000 ms. */
const oneToThousandMs = Array.from({ length: 1000 }, (_, index) => (index + 1) * 1000);

/** A long-tailed sample: lognormal-ish around 5 ms, 1 % a hundred times slower. */
function tailed(count: number, seed: number): number[] {
  const next = random(seed);
  return Array.from({ length: count }, () => {
    const base = 5000 * Math.exp((next() - 0.5) * 1.6);
    return Math.round(next() < 0.01 ? base * 100 : base);
  });
}

describe('decodeLatencyHistogram', () => {
  it('reads the buckets back in ms, with the total, the min and the max', () => {
    const decoded = decodeLatencyHistogram(encodeMicros([1000, 1000, 2500, 40_000]));
    expect(decoded.totalCount).toBe(4);
    expect(decoded.buckets.map((bucket) => [bucket.lowMs, bucket.count])).toEqual([
      [1, 2],
      [2.5, 1],
      [40, 1],
    ]);
    expect(decoded.minMs).toBe(1);
    // 40,000 µs sits in a bucket 32 µs wide: its highest equivalent value is the max.
    expect(decoded.maxMs).toBe(40.031);
  });

  it('reads what the engine encodes', () => {
    const recorded = new LatencyHistogram();
    for (const value of tailed(5000, 3)) recorded.record(value);
    const decoded = decodeLatencyHistogram(recorded.encode());
    expect(decoded.totalCount).toBe(5000);
    // As the engine reads its own encoding back (the exact max is not in the encoding: values in
    // the top bucket read as the bucket's highest value, within 0.1 % of the stored summary).
    // NOTE: not p99.9 here: 99.9 % of 5,000 is 4,995.000000000001 in floating point, which the
    // engine rounds up to the 4,996th value and HdrHistogram (and this) down to the 4,995th.
    const readBack = LatencyHistogram.decode(recorded.encode());
    for (const percentile of [50, 90, 99, 100]) {
      expect(valueAtPercentile(decoded, percentile)).toBe(readBack.valueAtPercentile(percentile) / 1000);
      const stored = recorded.valueAtPercentile(percentile) / 1000;
      expect(Math.abs(valueAtPercentile(decoded, percentile) - stored) / stored).toBeLessThan(0.001);
    }
  });

  it('takes the empty encoding (nothing recorded) as an empty histogram, and refuses text that is not one', () => {
    expect(decodeLatencyHistogram('')).toEqual({ totalCount: 0, minMs: 0, maxMs: 0, buckets: [] });
    expect(spectrumPoints('')).toEqual([]);
    expect(histogramBins('')).toEqual([]);
    expect(valueAtPercentile('', 99)).toBe(0);
    expect(() => decodeLatencyHistogram('not a histogram')).toThrow();
  });
});

describe('spectrumPoints', () => {
  it('gives p50 and p99 of known values', () => {
    const points = spectrumPoints(encodeMicros(oneToThousandMs));
    const at = (percentile: number) => points.find((point) => point.percentile === percentile)?.valueMs;
    // 3 significant digits: each value within 0.1 % of the exact one.
    expect(at(50)).toBeCloseTo(500, 0);
    expect(Math.abs((at(50) as number) - 500) / 500).toBeLessThan(0.001);
    expect(at(0)).toBe(1);
    expect(points[points.length - 1]).toEqual({ percentile: 100, valueMs: 1000.447 });
    expect(valueAtPercentile(encodeMicros(oneToThousandMs), 99)).toBeCloseTo(990, 0);
    expect(valueAtPercentile(encodeMicros(oneToThousandMs), 50)).toBeCloseTo(500, 0);
  });

  it('walks the percentiles exactly as HdrHistogram (and the .hgrm export) does', () => {
    for (const [count, seed] of [
      [1, 1],
      [7, 2],
      [1000, 3],
      [100_000, 4],
    ] as const) {
      const encoded = encodeMicros(tailed(count, seed));
      const library = hdr.decodeFromCompressedBase64(encoded, 64, false) as hdr.JsHistogram;
      const iterator = library.percentileIterator;
      iterator.reset(5);
      const expected: { percentile: number; valueMs: number }[] = [];
      while (iterator.hasNext()) {
        const step = iterator.next();
        expected.push({ percentile: step.percentileLevelIteratedTo, valueMs: step.valueIteratedTo / 1000 });
      }
      expect(spectrumPoints(encoded)).toEqual(expected);
      for (const percentile of [0, 25, 50, 90, 99, 99.9, 99.99, 100]) {
        expect(valueAtPercentile(encoded, percentile)).toBe(library.getValueAtPercentile(percentile) / 1000);
      }
    }
  });

  it('takes more or fewer steps per half distance', () => {
    const encoded = encodeMicros(tailed(10_000, 5));
    expect(spectrumPoints(encoded, 10).length).toBeGreaterThan(spectrumPoints(encoded, 2).length);
  });
});

describe('histogramBins', () => {
  it('uses log bins on the R10 numbers for long-tailed values, counting every value', () => {
    const values = tailed(10_000, 6);
    const bins = histogramBins(encodeMicros(values));
    expect(bins.reduce((sum, bin) => sum + bin.count, 0)).toBe(10_000);
    const mantissas = new Set(
      bins.map((bin) => Number((bin.lowMs / 10 ** Math.floor(Math.log10(bin.lowMs) + 1e-9)).toFixed(2))),
    );
    for (const mantissa of mantissas) expect([1, 1.25, 1.6, 2, 2.5, 3.15, 4, 5, 6.3, 8]).toContain(mantissa);
    bins.slice(1).forEach((bin, index) => expect(bin.lowMs).toBe(bins[index]?.highMs));
    expect(bins[0]!.lowMs).toBeLessThanOrEqual(Math.min(...values) / 1000);
    expect(bins[bins.length - 1]!.highMs).toBeGreaterThan(Math.max(...values) / 1000);
  });

  it('uses linear bins on a nice width for values close together, counting each where it belongs', () => {
    const bins = histogramBins(encodeMicros([10_000, 10_000, 12_000, 15_500, 19_999]));
    expect(bins[0]!.highMs - bins[0]!.lowMs).toBe(0.5);
    const countAt = (ms: number) => bins.find((bin) => bin.lowMs <= ms && ms < bin.highMs)?.count;
    expect(countAt(10)).toBe(2);
    expect(countAt(12)).toBe(1);
    expect(countAt(15.5)).toBe(1);
    expect(countAt(19.99)).toBe(1);
    expect(bins.reduce((sum, bin) => sum + bin.count, 0)).toBe(5);
  });

  it('follows the scale and the bins asked for, and explicit edges', () => {
    const encoded = encodeMicros(oneToThousandMs);
    expect(histogramBins(encoded, { scale: 'linear', bins: 10 }).map((bin) => bin.lowMs)).toEqual([
      0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000,
    ]);
    // 10 ms, 100 ms (on the edges) count in the bins that start there.
    const edges = histogramBins(encoded, { edgesMs: [0, 10, 100, 1000] });
    expect(edges.map((bin) => bin.count)).toEqual([9, 90, 900]);
    expect(latencyBinEdges(1, 9, { scale: 'log' })).toEqual([1, 1.25, 1.6, 2, 2.5, 3.15, 4, 5, 6.3, 8, 10]);
    expect(latencyBinEdges(1000, 1000, { scale: 'log' })).toEqual([1000, 1250]);
  });

  it('counts values of 0 µs in the first bin of a log axis', () => {
    const bins = histogramBins(encodeMicros([0, 5, 5000]), { scale: 'log' });
    expect(bins[0]!.lowMs).toBe(0.001);
    expect(bins.reduce((sum, bin) => sum + bin.count, 0)).toBe(3);
  });

  it('gives several histograms the same bins', () => {
    const [first, second] = sharedHistogramBins([encodeMicros(tailed(1000, 7)), encodeMicros([800_000])]);
    expect(first!.map((bin) => bin.lowMs)).toEqual(second!.map((bin) => bin.lowMs));
    expect(second!.reduce((sum, bin) => sum + bin.count, 0)).toBe(1);
    expect(sharedHistogramBins(['', ''])).toEqual([[], []]);
  });
});
