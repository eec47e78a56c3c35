/**
 * Stored latency histograms (HdrHistogram compressed base64, values in µs: `RunResult.histograms`)
 * read into plain data the charts draw: the percentile spectrum and histogram bins.
 *
 * The one use of hdr-histogram-js is `decodeLatencyHistogram`; everything after it works on the
 * plain `DecodedLatencyHistogram`, so a caller that decodes some other way (a worker, a cache)
 * passes that instead of the base64 text.
 *
 * NOTE: hdr-histogram-js runs in the browser bundle in its pure-JS mode (checked: a Vite build of
 * it imports no `node:*` module; in Chromium under the studio's Content-Security-Policy it decodes
 * correctly). Its inflate step first tries `eval('require("zlib")')` — blocked by the policy (no
 * 'unsafe-eval'; a `securitypolicyviolation` event, no console error) — and falls back to pako,
 * its own dependency. In Node it uses zlib. It adds about 160 KB (minified) to a bundle: a view
 * may import this module lazily.
 */
import * as hdr from 'hdr-histogram-js';

/** One HdrHistogram bucket with values recorded in it: its value range in ms and its count. */
export interface LatencyBucket {
  /** The lowest and highest value (ms) the bucket stands for (3 significant digits: ±0.1 %). */
  readonly lowMs: number;
  readonly highMs: number;
  readonly count: number;
}

/** A latency histogram as plain data: its non-empty buckets, ascending. */
export interface DecodedLatencyHistogram {
  readonly totalCount: number;
  /** Lowest and highest recorded value (ms) at bucket resolution; 0 when nothing was recorded. */
  readonly minMs: number;
  readonly maxMs: number;
  readonly buckets: readonly LatencyBucket[];
}

/** A point of the percentile spectrum: the latency (ms) at a percentile (0–100). */
export interface SpectrumPoint {
  readonly percentile: number;
  readonly valueMs: number;
}

/** A histogram bar: the count of values from `lowMs` (inclusive) to `highMs` (exclusive). */
export interface HistogramBin {
  readonly lowMs: number;
  readonly highMs: number;
  readonly count: number;
}

const EMPTY: DecodedLatencyHistogram = { totalCount: 0, minMs: 0, maxMs: 0, buckets: [] };

const MICROS_PER_MS = 1000;

/**
 * Reads an encoded histogram (HdrHistogram's compressed base64 V2 form, µs, as stored in
 * `RunResult.histograms`; '' = nothing recorded). Throws on text that is not one.
 */
export function decodeLatencyHistogram(encoded: string): DecodedLatencyHistogram {
  if (encoded.trim() === '') return EMPTY;
  const histogram = hdr.decodeFromCompressedBase64(encoded, 64, false) as hdr.JsHistogram;
  const buckets: LatencyBucket[] = [];
  const iterator = histogram.recordedValuesIterator;
  iterator.reset();
  while (iterator.hasNext()) {
    const step = iterator.next();
    buckets.push({
      lowMs: histogram.lowestEquivalentValue(step.valueIteratedTo) / MICROS_PER_MS,
      highMs: histogram.highestEquivalentValue(step.valueIteratedTo) / MICROS_PER_MS,
      count: step.countAtValueIteratedTo,
    });
  }
  if (buckets.length === 0) return EMPTY;
  return {
    totalCount: buckets.reduce((sum, bucket) => sum + bucket.count, 0),
    minMs: (buckets[0] as LatencyBucket).lowMs,
    maxMs: (buckets[buckets.length - 1] as LatencyBucket).highMs,
    buckets,
  };
}

type Source = string | DecodedLatencyHistogram;

const decoded = (source: Source): DecodedLatencyHistogram =>
  typeof source === 'string' ? decodeLatencyHistogram(source) : source;

/** The unit in the last place of `value` (HdrHistogram's `ulp`, to undo a rounding error of p/100 × count). */
const ulp = (value: number) => 2 ** (Math.floor(Math.log2(value)) - 52);

/**
 * The value (ms) at `percentile` with HdrHistogram's semantics: the highest value equivalent to
 * the first bucket whose cumulative count reaches the percentile's share of the total (the lowest
 * for 0). 0 for an empty histogram.
 */
export function valueAtPercentile(source: Source, percentile: number): number {
  const histogram = decoded(source);
  if (histogram.totalCount === 0) return 0;
  const share = (Math.min(Math.max(percentile, 0), 100) / 100) * histogram.totalCount;
  const target = Math.max(share > 0 ? Math.ceil(share - ulp(share)) : 0, 1);
  let cumulative = 0;
  for (const bucket of histogram.buckets) {
    cumulative += bucket.count;
    if (cumulative >= target) return percentile === 0 ? bucket.lowMs : bucket.highMs;
  }
  return histogram.maxMs;
}

/**
 * The percentile spectrum: points at the percentiles HdrHistogram's percentile-distribution
 * output (the .hgrm format, `archsim export --hgrm`) lists — `ticksPerHalfDistance` steps per
 * halving of the distance to 100 % (default 5, as there) — each with its value in ms. The last
 * point is the maximum, at 100 %. Empty for an empty histogram.
 *
 * NOTE: computed here, step for step as hdr-histogram-js's PercentileIterator does, rather than
 * with that iterator, so that it works on the plain decoded data; a test holds the two equal.
 */
export function spectrumPoints(source: Source, ticksPerHalfDistance = 5): SpectrumPoint[] {
  const histogram = decoded(source);
  const total = histogram.totalCount;
  if (total === 0) return [];
  const ticks = Math.max(1, Math.floor(ticksPerHalfDistance));
  const points: SpectrumPoint[] = [];
  let level = 0;
  let cumulative = 0;
  let index = 0;
  const buckets = histogram.buckets;
  // Each bucket is counted once; it yields a point for every level its cumulative share reaches
  // while values remain above it, and the last bucket one point more, at 100 %.
  while (index < buckets.length) {
    const bucket = buckets[index] as LatencyBucket;
    cumulative += bucket.count;
    while (cumulative < total || index === buckets.length - 1) {
      if ((100 * cumulative) / total < level) break;
      points.push({ percentile: level, valueMs: bucket.highMs });
      level += 100 / (ticks * 2 ** (Math.floor(Math.log2(100 / (100 - level))) + 1));
      if (cumulative >= total) break;
    }
    index++;
  }
  const last = buckets[buckets.length - 1] as LatencyBucket;
  points.push({ percentile: 100, valueMs: last.highMs });
  return points;
}

/** How histogram bins are spaced. */
export type BinScale = 'log' | 'linear';

export interface HistogramBinOptions {
  /**
   * 'log': bins on the R10 preferred numbers (1, 1.25, 1.6, 2, 2.5, 3.15, 4, 5, 6.3, 8 × 10^k ms —
   * ten per decade, equal on a log axis, with edges people can read); 'linear': equal widths on a
   * nice step. Default 'auto': log when the values span more than a factor of 20 (latency has a
   * long tail), else linear.
   */
  readonly scale?: BinScale | 'auto';
  /** About how many bins a linear scale has (default 40). */
  readonly bins?: number;
  /**
   * The bin edges (ms, ascending), to give several histograms the same bins (see
   * `latencyBinEdges`); scale and bins are then ignored. Values outside them are not counted.
   */
  readonly edgesMs?: readonly number[];
}

/** The R10 preferred numbers: ten steps per decade, nearly equal on a log scale. */
const R10 = [1, 1.25, 1.6, 2, 2.5, 3.15, 4, 5, 6.3, 8] as const;

/** The smallest width a bin has: values are recorded in whole µs. */
const MIN_BIN_MS = 0.001;

/** The scale `auto` picks for values from `minMs` to `maxMs`. */
export function chooseBinScale(minMs: number, maxMs: number): BinScale {
  return maxMs > 20 * Math.max(minMs, MIN_BIN_MS) ? 'log' : 'linear';
}

const round12 = (value: number) => Number(value.toPrecision(12));

/**
 * Bin edges covering [minMs, maxMs] (the first edge at or below `minMs`, the last above
 * `maxMs`), on the scale asked for (see `HistogramBinOptions`).
 */
export function latencyBinEdges(minMs: number, maxMs: number, options: HistogramBinOptions = {}): number[] {
  const low = Math.max(0, Math.min(minMs, maxMs));
  const high = Math.max(minMs, maxMs);
  const scale =
    options.scale === undefined || options.scale === 'auto' ? chooseBinScale(low, high) : options.scale;
  const edges: number[] = [];
  if (scale === 'log') {
    const floor = Math.max(low, MIN_BIN_MS);
    let exponent = Math.floor(Math.log10(floor));
    // Math.log10 may land a hair off an exact power of ten.
    if (round12(10 ** (exponent + 1)) <= floor) exponent++;
    if (round12(10 ** exponent) > floor) exponent--;
    let step = 0;
    // The largest R10 edge at or below the lowest value…
    while (step + 1 < R10.length && round12((R10[step + 1] as number) * 10 ** exponent) <= floor) step++;
    // …then edges up to the first one above the highest value.
    for (;;) {
      const edge = round12((R10[step] as number) * 10 ** exponent);
      edges.push(edge);
      if (edge > high) break;
      step++;
      if (step === R10.length) {
        step = 0;
        exponent++;
      }
    }
    return edges;
  }
  const target = Math.max(1, Math.floor(options.bins ?? 40));
  const width = Math.max(MIN_BIN_MS, niceWidth((high - low) / target));
  const first = Math.floor(low / width + 1e-9);
  for (let index = first; ; index++) {
    const edge = round12(index * width);
    edges.push(edge);
    if (edge > high) break;
  }
  return edges;
}

/** 1, 2 or 5 × 10^k, at least `rough`. */
function niceWidth(rough: number): number {
  if (!(rough > 0)) return MIN_BIN_MS;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  for (const factor of [1, 2, 5])
    if (factor * magnitude >= rough * (1 - 1e-9)) return round12(factor * magnitude);
  return round12(10 * magnitude);
}

/**
 * Counts per bin. Each HdrHistogram bucket is counted in the bin that holds its highest value
 * (the value HdrHistogram reports for it), so a value on an edge — a constant 100 ms — counts in
 * the bin that starts there, and one within 0.1 % (the histogram's resolution) below an edge may
 * count above it.
 * Values below the first edge are not counted, except values under 1 µs (0: left of any log axis),
 * which count in the first bin; nor values at or above the last edge. Empty for an empty histogram
 * (and no edges given).
 */
export function histogramBins(source: Source, options: HistogramBinOptions = {}): HistogramBin[] {
  const histogram = decoded(source);
  const edges =
    options.edgesMs !== undefined
      ? [...options.edgesMs]
      : histogram.totalCount === 0
        ? []
        : latencyBinEdges(histogram.minMs, histogram.maxMs, options);
  if (edges.length < 2) return [];
  const counts = new Array<number>(edges.length - 1).fill(0);
  let bin = 0;
  for (const bucket of histogram.buckets) {
    const value = bucket.highMs;
    // Values of 0 µs lie left of any log axis: they count in the first bin.
    if (value < (edges[0] as number) && value >= MIN_BIN_MS) continue;
    while (bin < counts.length && value >= (edges[bin + 1] as number)) bin++;
    if (bin === counts.length) break;
    counts[bin] = (counts[bin] as number) + bucket.count;
  }
  return counts.map((count, index) => ({
    lowMs: edges[index] as number,
    highMs: edges[index + 1] as number,
    count,
  }));
}

/**
 * Bins shared by several histograms (the same edges for all, covering every one's values), for
 * an overlaid histogram chart.
 */
export function sharedHistogramBins(
  sources: readonly Source[],
  options: Omit<HistogramBinOptions, 'edgesMs'> = {},
): HistogramBin[][] {
  const histograms = sources.map(decoded);
  const recorded = histograms.filter((histogram) => histogram.totalCount > 0);
  if (recorded.length === 0) return histograms.map(() => []);
  const minMs = Math.min(...recorded.map((histogram) => histogram.minMs));
  const maxMs = Math.max(...recorded.map((histogram) => histogram.maxMs));
  const edgesMs = latencyBinEdges(minMs, maxMs, options);
  return histograms.map((histogram) => histogramBins(histogram, { edgesMs }));
}
