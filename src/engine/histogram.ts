/**
 * A latency histogram with exactly HdrHistogram's bucket layout (3 significant digits, values in
 * microseconds from 1 µs to one hour), recorded with a few integer operations per value. The
 * hot path records millions of values per second; hdr-histogram-js is used only to encode the
 * result in HdrHistogram's compressed base64 form, so any HdrHistogram tool can read it.
 */
import * as hdr from 'hdr-histogram-js';

/** Largest value recorded, in µs: one hour. Larger values are clamped to it. */
export const HIGHEST_TRACKABLE_MICROS = 3_600_000_000;
const SIGNIFICANT_DIGITS = 3;
const SUB_BUCKET_HALF_COUNT_MAGNITUDE = 10; // ceil(log2(2 · 10^3)) − 1
const SUB_BUCKET_COUNT = 1 << (SUB_BUCKET_HALF_COUNT_MAGNITUDE + 1); // 2048
const SUB_BUCKET_HALF_COUNT = SUB_BUCKET_COUNT >>> 1; // 1024
const SUB_BUCKET_MASK = SUB_BUCKET_COUNT - 1;
const BUCKET_COUNT = 22; // buckets needed to reach HIGHEST_TRACKABLE_MICROS
const COUNTS_LENGTH = (BUCKET_COUNT + 1) * SUB_BUCKET_HALF_COUNT;

function countsIndex(value: number): number {
  // For values below 2^32: bucketIndex = 53 − clz64(value | mask) = 21 − clz32(value | mask).
  const bucketIndex = 21 - Math.clz32(value | SUB_BUCKET_MASK);
  const subBucketIndex = value >>> bucketIndex;
  return ((bucketIndex + 1) << SUB_BUCKET_HALF_COUNT_MAGNITUDE) + (subBucketIndex - SUB_BUCKET_HALF_COUNT);
}

/** A rounded value outside [0, one hour] brought to its nearer end (NaN stays NaN, as it did). */
function clamp(value: number): number {
  if (value < 0) return 0;
  if (value > HIGHEST_TRACKABLE_MICROS) return HIGHEST_TRACKABLE_MICROS;
  return value;
}

/** 2^n for the bucket indexes (a table: `2 ** n` is a call to pow, and reading results calls it per bucket). */
const POWER_OF_TWO = Float64Array.from({ length: BUCKET_COUNT + 1 }, (_value, exponent) => 2 ** exponent);

function lowestValueAt(index: number): number {
  let bucketIndex = (index >> SUB_BUCKET_HALF_COUNT_MAGNITUDE) - 1;
  let subBucketIndex = (index & (SUB_BUCKET_HALF_COUNT - 1)) + SUB_BUCKET_HALF_COUNT;
  if (bucketIndex < 0) {
    subBucketIndex -= SUB_BUCKET_HALF_COUNT;
    bucketIndex = 0;
  }
  return subBucketIndex * (POWER_OF_TWO[bucketIndex] as number);
}

function highestValueAt(index: number): number {
  let bucketIndex = (index >> SUB_BUCKET_HALF_COUNT_MAGNITUDE) - 1;
  if (bucketIndex < 0) bucketIndex = 0;
  return lowestValueAt(index) + (POWER_OF_TWO[bucketIndex] as number) - 1;
}

function buildHdr(): hdr.Histogram {
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_TRACKABLE_MICROS,
    numberOfSignificantValueDigits: SIGNIFICANT_DIGITS,
    bitBucketSize: 64,
    useWebAssembly: false,
  });
}

/** The histogram `encode` reuses (see there). */
let encoder: hdr.Histogram | undefined;

/** Counts grow in whole sub-bucket halves (1,024 counters, 4 KB). */
const GROWTH_STEP = SUB_BUCKET_HALF_COUNT;

export class LatencyHistogram {
  /**
   * The counters, from index 0 up to the highest value recorded so far; indexes beyond its length
   * count 0. NOTE: grown on demand rather than allocated whole (92 KB) because a run keeps one
   * histogram per service and three per edge, most of which see only values of a few ms (the
   * first few KB) or none at all: a document of 5,000 services would otherwise need gigabytes.
   */
  counts = new Uint32Array(0);
  totalCount = 0;
  /** Exact sum of recorded values (µs), for an exact mean. */
  sum = 0;
  min = Number.POSITIVE_INFINITY;
  max = 0;

  /** Records a value in microseconds (rounded, clamped to [0, one hour]). */
  record(micros: number): void {
    let value = Math.round(micros);
    if (!(value >= 0 && value <= HIGHEST_TRACKABLE_MICROS)) value = clamp(value);
    const index = countsIndex(value);
    const counts = this.counts;
    // NOTE: growing is rare and apart (recordGrowing), so that record stays small enough to inline.
    if (index < counts.length) counts[index]++;
    else this.recordGrowing(index);
    this.totalCount++;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }

  /** Counts a value at `index`, beyond the counts so far. */
  private recordGrowing(index: number): void {
    this.grow(index);
    this.counts[index]++;
  }

  /** Makes room for counts[index]. */
  private grow(index: number): void {
    const length = Math.min(COUNTS_LENGTH, Math.ceil((index + 1) / GROWTH_STEP) * GROWTH_STEP);
    const counts = new Uint32Array(length);
    counts.set(this.counts);
    this.counts = counts;
  }

  add(other: LatencyHistogram): void {
    if (other.counts.length > this.counts.length) this.grow(other.counts.length - 1);
    for (let index = 0; index < other.counts.length; index++) {
      const count = other.counts[index] as number;
      if (count !== 0) this.counts[index] = (this.counts[index] as number) + count;
    }
    this.totalCount += other.totalCount;
    this.sum += other.sum;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
  }

  get mean(): number {
    return this.totalCount === 0 ? 0 : this.sum / this.totalCount;
  }

  /**
   * Value at a percentile with HdrHistogram's semantics: the highest value equivalent to the
   * first bucket whose cumulative count reaches ceil(p/100 · total); the exact max for p = 100.
   */
  valueAtPercentile(percentile: number): number {
    if (this.totalCount === 0) return 0;
    const requested = Math.min(Math.max(percentile, 0), 100);
    const target = Math.max(1, Math.ceil((requested / 100) * this.totalCount));
    let cumulative = 0;
    for (let index = 0; index < this.counts.length; index++) {
      cumulative += this.counts[index] as number;
      if (cumulative >= target) {
        return requested === 100 ? this.max : Math.min(highestValueAt(index), this.max);
      }
    }
    return this.max;
  }

  /** Number of recorded values from `lowMicros` (inclusive) to `highMicros` (exclusive), by bucket. */
  countBetween(lowMicros: number, highMicros: number): number {
    let count = 0;
    for (let index = 0; index < this.counts.length; index++) {
      const bucketCount = this.counts[index] as number;
      if (bucketCount === 0) continue;
      const value = lowestValueAt(index);
      if (value >= lowMicros && value < highMicros) count += bucketCount;
    }
    return count;
  }

  /** An hdr-histogram-js histogram with the same counts. */
  toHdr(): hdr.Histogram {
    return this.copyInto(buildHdr());
  }

  private copyInto(histogram: hdr.Histogram): hdr.Histogram {
    for (let index = 0; index < this.counts.length; index++) {
      const count = this.counts[index] as number;
      if (count !== 0) histogram.recordValueWithCount(lowestValueAt(index), count);
    }
    return histogram;
  }

  /** HdrHistogram's compressed base64 encoding (readable by every HdrHistogram implementation). */
  encode(): string {
    if (this.totalCount === 0) return '';
    // NOTE: one hdr-histogram-js histogram, reset between uses, encodes them all: building one
    // allocates its whole 184 KB counts array, and a result may encode thousands.
    encoder ??= buildHdr();
    encoder.reset();
    return hdr.encodeIntoCompressedBase64(this.copyInto(encoder));
  }

  /** Reads an encoded histogram back (bucket resolution: min, max and sum become approximate). */
  static decode(encoded: string): LatencyHistogram {
    const histogram = new LatencyHistogram();
    if (encoded === '') return histogram;
    const decoded = hdr.decodeFromCompressedBase64(encoded, 64, false) as hdr.JsHistogram;
    const iterator = decoded.recordedValuesIterator;
    iterator.reset();
    while (iterator.hasNext()) {
      const step = iterator.next();
      const index = countsIndex(step.valueIteratedTo);
      const count = step.countAtValueIteratedTo;
      if (index >= histogram.counts.length) histogram.grow(index);
      histogram.counts[index] = (histogram.counts[index] as number) + count;
      histogram.totalCount += count;
      histogram.sum += count * lowestValueAt(index);
      histogram.min = Math.min(histogram.min, lowestValueAt(index));
    }
    histogram.max = decoded.maxValue;
    return histogram;
  }

  /** HdrHistogram's percentile-distribution text (the .hgrm format), values scaled to ms. */
  percentileDistribution(): string {
    return this.toHdr().outputPercentileDistribution(5, 1000);
  }
}
