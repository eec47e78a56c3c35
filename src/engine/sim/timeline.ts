/**
 * Per-second series for replay and charts: requests, errors and latency percentiles of one
 * series (a service or an entry). Latencies go into a coarse histogram per second with
 * HdrHistogram's layout at 1 significant digit (about 6 % resolution, 464 counters).
 *
 * NOTE: a second's 464 counters (1.9 KB) are kept whole only while it is being recorded; once time
 * has moved on they are sealed as (index, count) pairs of the counters in use — a few dozen at
 * most, since one second's latencies cluster. A day-long run of netflixoss (86,400 s, ten series)
 * took 1.5 GB for its timelines kept whole.
 */
import type { TimelineSeries } from '@shared/results.ts';

const HALF_MAGNITUDE = 4;
const HALF_COUNT = 1 << HALF_MAGNITUDE; // 16
const MASK = (HALF_COUNT << 1) - 1; // 31
const COUNTS = 29 * HALF_COUNT;

function coarseIndex(value: number): number {
  const bucket = 27 - Math.clz32(value | MASK);
  return ((bucket + 1) << HALF_MAGNITUDE) + ((value >>> bucket) - HALF_COUNT);
}

/** 2^n for the bucket indexes (a table rather than `2 ** n`, a call to pow, per bucket). */
const POWER_OF_TWO = Float64Array.from({ length: 32 }, (_value, exponent) => 2 ** exponent);

function coarseHighest(index: number): number {
  let bucket = (index >> HALF_MAGNITUDE) - 1;
  let sub = (index & (HALF_COUNT - 1)) + HALF_COUNT;
  if (bucket < 0) {
    sub -= HALF_COUNT;
    bucket = 0;
  }
  const power = POWER_OF_TWO[bucket] as number;
  return sub * power + power - 1;
}

/** What a recorder holds before its first use. */
const NOTHING_YET = new Uint32Array(0);

/**
 * One series' timeline. NOTE: it allocates nothing until its first request or outcome: a run
 * keeps one per entry instance, and an entry service may have a million of them.
 */
export class TimelineRecorder {
  /** @internal Per-second counters (read by `secondOf`). */
  requests = new Float64Array(0);
  /** @internal */
  errors = new Float64Array(0);
  /**
   * Latency counts of the seconds before the current one, sealed: (index, count) pairs, second
   * after second in one array; a second's pairs are `pairs[sealedFrom[s] .. sealedTo[s])`.
   */
  private pairs = NOTHING_YET;
  private pairsUsed = 0;
  private sealedFrom = new Int32Array(0);
  private sealedTo = new Int32Array(0);
  /**
   * The second outcomes are being recorded in, and its latency counts, whole. Time only moves on,
   * so outcomes come second after second; keeping the current second's counts at hand also spares
   * each outcome a look-up.
   */
  private currentSecond = -1;
  private currentCounts: Uint32Array = NOTHING_YET;

  private ensure(second: number): void {
    if (second < this.requests.length) return;
    let length = Math.max(64, this.requests.length);
    while (length <= second) length *= 2;
    const requests = new Float64Array(length);
    requests.set(this.requests);
    const errors = new Float64Array(length);
    errors.set(this.errors);
    const sealedFrom = new Int32Array(length);
    sealedFrom.set(this.sealedFrom);
    const sealedTo = new Int32Array(length);
    sealedTo.set(this.sealedTo);
    this.requests = requests;
    this.errors = errors;
    this.sealedFrom = sealedFrom;
    this.sealedTo = sealedTo;
  }

  countRequest(second: number): void {
    if (second >= this.requests.length) this.ensure(second);
    this.requests[second]++;
  }

  /** Records one finished call: its latency in µs and whether it failed. */
  recordOutcome(second: number, micros: number, failed: boolean): void {
    if (second !== this.currentSecond) this.turnTo(second);
    if (failed) this.errors[second]++;
    const value = micros < 0 ? 0 : micros > 3_600_000_000 ? 3_600_000_000 : Math.round(micros);
    this.currentCounts[coarseIndex(value)]++;
  }

  /** Makes `second` the current one: the current one's counts sealed, room for the new one's. */
  private turnTo(second: number): void {
    this.ensure(second);
    if (this.currentCounts.length === 0) this.currentCounts = new Uint32Array(COUNTS);
    const counts = this.currentCounts;
    if (this.currentSecond >= 0) {
      this.seal(this.currentSecond, counts);
      counts.fill(0);
    }
    // An outcome for a second already sealed (not in time order): its counts come back whole.
    this.unsealInto(second, counts);
    this.sealedTo[second] = this.sealedFrom[second] as number;
    this.currentSecond = second;
  }

  /** Appends the counters in use of `second` as (index, count) pairs, in ascending index order. */
  private seal(second: number, counts: Uint32Array): void {
    let used = 0;
    for (let index = 0; index < COUNTS; index++) if (counts[index] !== 0) used++;
    if (this.pairsUsed + used * 2 > this.pairs.length) {
      let length = Math.max(256, this.pairs.length);
      while (length < this.pairsUsed + used * 2) length *= 2;
      const pairs = new Uint32Array(length);
      pairs.set(this.pairs);
      this.pairs = pairs;
    }
    const pairs = this.pairs;
    let at = this.pairsUsed;
    this.sealedFrom[second] = at;
    for (let index = 0; index < COUNTS; index++) {
      const count = counts[index] as number;
      if (count === 0) continue;
      pairs[at++] = index;
      pairs[at++] = count;
    }
    this.sealedTo[second] = at;
    this.pairsUsed = at;
  }

  /** Adds the sealed counts of `second` (if any) to `counts`; returns whether it had any. */
  private unsealInto(second: number, counts: Uint32Array): boolean {
    const from = this.sealedFrom[second] as number;
    const to = this.sealedTo[second] as number;
    const pairs = this.pairs;
    for (let at = from; at < to; at += 2) {
      const index = pairs[at] as number;
      counts[index] = (counts[index] as number) + (pairs[at + 1] as number);
    }
    return to > from;
  }

  /** The latency counts of `second`, whole (a copy for a sealed second); undefined without outcomes. */
  countsAt(second: number): Uint32Array | undefined {
    if (second === this.currentSecond) return this.currentCounts;
    if (!(second < this.sealedTo.length)) return undefined;
    const counts = new Uint32Array(COUNTS);
    return this.unsealInto(second, counts) ? counts : undefined;
  }

  /** One second's requests, errors and p50 / p99 in ms (0 without finished calls). */
  second(second: number): SecondNumbers {
    return secondOf([this], second);
  }

  /** The series over `seconds` buckets; percentiles in ms. */
  series(seconds: number): TimelineSeries {
    const result: TimelineSeries = { requests: [], errors: [], p50: [], p90: [], p99: [] };
    for (let second = 0; second < seconds; second++) {
      result.requests.push(this.requests[second] ?? 0);
      result.errors.push(this.errors[second] ?? 0);
      const counts = this.countsAt(second);
      result.p50.push(counts ? percentile(counts, 50) : 0);
      result.p90.push(counts ? percentile(counts, 90) : 0);
      result.p99.push(counts ? percentile(counts, 99) : 0);
    }
    return result;
  }
}

export interface SecondNumbers {
  readonly requests: number;
  readonly errors: number;
  readonly p50: number;
  readonly p99: number;
}

/** One second of several series together (the instances of one entry point): counts merged. */
export function secondOf(recorders: readonly TimelineRecorder[], second: number): SecondNumbers {
  let requests = 0;
  let errors = 0;
  let merged: Uint32Array | null = null;
  for (const recorder of recorders) {
    requests += recorder.requests[second] ?? 0;
    errors += recorder.errors[second] ?? 0;
    const counts = recorder.countsAt(second);
    if (!counts) continue;
    if (recorders.length === 1) merged = counts;
    else {
      merged ??= new Uint32Array(COUNTS);
      for (let index = 0; index < COUNTS; index++)
        merged[index] = (merged[index] as number) + (counts[index] as number);
    }
  }
  return {
    requests,
    errors,
    p50: merged ? percentile(merged, 50) : 0,
    p99: merged ? percentile(merged, 99) : 0,
  };
}

function percentile(counts: Uint32Array, p: number): number {
  let total = 0;
  for (let index = 0; index < COUNTS; index++) total += counts[index] as number;
  if (total === 0) return 0;
  const target = Math.max(1, Math.ceil((p / 100) * total));
  let cumulative = 0;
  for (let index = 0; index < COUNTS; index++) {
    cumulative += counts[index] as number;
    if (cumulative >= target) return Math.round(coarseHighest(index)) / 1000;
  }
  return 0;
}
