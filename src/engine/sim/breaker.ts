/**
 * A Hystrix-style circuit breaker: a rolling window of ten buckets counting successes and
 * failures; once the window holds at least `minimumRequests` calls and the error percentage
 * reaches the threshold, the breaker opens and short-circuits calls for `sleepWindow`; then one
 * half-open probe decides: success closes it, failure opens it again.
 */
import type { CircuitBreaker } from '@shared/document/schema.ts';

const BUCKETS = 10;
export const BREAKER_CLOSED = 0;
export const BREAKER_OPEN = 1;
export const BREAKER_HALF_OPEN = 2;

export interface BreakerSettings {
  readonly windowNs: number;
  readonly minimumRequests: number;
  readonly errorThresholdPercent: number;
  readonly sleepWindowNs: number;
  readonly fallback: boolean;
}

export function breakerSettings(config: CircuitBreaker): BreakerSettings {
  return {
    windowNs: (config.windowMs ?? 10_000) * 1e6,
    minimumRequests: config.minimumRequests ?? 20,
    errorThresholdPercent: config.errorThresholdPercent ?? 50,
    sleepWindowNs: (config.sleepWindowMs ?? 5_000) * 1e6,
    fallback: config.fallback ?? false,
  };
}

export class CircuitBreakerState {
  state = BREAKER_CLOSED;
  openedAt = 0;
  probeInFlight = false;
  /** How many times it opened. */
  trips = 0;
  private readonly successes = new Float64Array(BUCKETS);
  private readonly failures = new Float64Array(BUCKETS);
  private readonly bucketEpochs = new Float64Array(BUCKETS).fill(-1);

  constructor(private readonly settings: BreakerSettings) {}

  /** Whether a call may go through now; moves open → half-open after the sleep window. */
  allow(now: number): boolean {
    if (this.state === BREAKER_CLOSED) return true;
    if (this.state === BREAKER_OPEN && now - this.openedAt >= this.settings.sleepWindowNs) {
      this.state = BREAKER_HALF_OPEN;
      this.probeInFlight = false;
    }
    if (this.state === BREAKER_HALF_OPEN && !this.probeInFlight) {
      this.probeInFlight = true;
      return true;
    }
    return false;
  }

  /** Records the outcome of a call that went through. Returns true when the breaker just opened. */
  record(now: number, failed: boolean): boolean {
    if (this.state === BREAKER_HALF_OPEN) {
      this.probeInFlight = false;
      if (failed) return this.open(now);
      this.state = BREAKER_CLOSED;
      this.successes.fill(0);
      this.failures.fill(0);
      this.bucketEpochs.fill(-1);
      return false;
    }
    if (this.state === BREAKER_OPEN) return false;
    const bucketNs = this.settings.windowNs / BUCKETS;
    const epoch = Math.floor(now / bucketNs);
    const index = epoch % BUCKETS;
    if (this.bucketEpochs[index] !== epoch) {
      this.bucketEpochs[index] = epoch;
      this.successes[index] = 0;
      this.failures[index] = 0;
    }
    if (failed) this.failures[index]++;
    else this.successes[index]++;
    let total = 0;
    let failures = 0;
    for (let bucket = 0; bucket < BUCKETS; bucket++) {
      if ((this.bucketEpochs[bucket] as number) <= epoch - BUCKETS) continue;
      total += (this.successes[bucket] as number) + (this.failures[bucket] as number);
      failures += this.failures[bucket] as number;
    }
    if (
      total >= this.settings.minimumRequests &&
      (failures / total) * 100 >= this.settings.errorThresholdPercent
    ) {
      return this.open(now);
    }
    return false;
  }

  private open(now: number): boolean {
    this.state = BREAKER_OPEN;
    this.openedAt = now;
    this.trips++;
    return true;
  }
}
