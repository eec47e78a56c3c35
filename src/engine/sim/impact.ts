/**
 * Impact of an injected failure, read from the entry timeline: the window during which requests
 * suffered (errors above the pre-failure baseline, or p99 well above it) and the time until they
 * recovered.
 */
import type { TimelineSeries } from '@shared/results.ts';

export interface ImpactWindow {
  /** First impacted second at or after the failure (null: no visible impact). */
  readonly impactStartS: number | null;
  /** End of the last impacted second before recovery. */
  readonly impactEndS: number | null;
  /** Seconds from the failure's start until requests were back to the baseline; null if they never were. */
  readonly timeToRecoverS: number | null;
  /** Requests that failed during the impact window. */
  readonly errors: number;
}

/** How many clean seconds in a row count as recovered. */
const RECOVERED_AFTER = 3;

export function impactOf(series: TimelineSeries, startS: number, endOfRunS: number): ImpactWindow {
  const first = Math.max(0, Math.floor(startS));
  // Baseline: the seconds before the failure, after a one-second warm-up.
  let baselineRequests = 0;
  let baselineErrors = 0;
  const baselineP99: number[] = [];
  for (let second = Math.min(1, first); second < first; second++) {
    baselineRequests += series.requests[second] ?? 0;
    baselineErrors += series.errors[second] ?? 0;
    if ((series.p99[second] ?? 0) > 0) baselineP99.push(series.p99[second] as number);
  }
  const errorRate = baselineRequests > 0 ? baselineErrors / baselineRequests : 0;
  baselineP99.sort((a, b) => a - b);
  const typicalP99 =
    baselineP99.length > 0
      ? (baselineP99[Math.floor(baselineP99.length / 2)] as number)
      : Number.POSITIVE_INFINITY;
  const impacted = (second: number): boolean => {
    const requests = Math.max(series.requests[second] ?? 0, 1);
    const errors = series.errors[second] ?? 0;
    return errors / requests > errorRate + 0.01 || (series.p99[second] ?? 0) > typicalP99 * 1.5 + 1;
  };
  const last = Math.min(series.requests.length, Math.ceil(endOfRunS));
  let impactStart: number | null = null;
  let impactEnd: number | null = null;
  let clean = 0;
  let errors = 0;
  let recovered = false;
  for (let second = first; second < last; second++) {
    if (impacted(second)) {
      if (impactStart === null) impactStart = second;
      impactEnd = second + 1;
      clean = 0;
    } else if (impactStart !== null && ++clean >= RECOVERED_AFTER) {
      recovered = true;
      break;
    }
  }
  if (impactStart !== null && impactEnd !== null) {
    for (let second = impactStart; second < impactEnd; second++) errors += series.errors[second] ?? 0;
  }
  return {
    impactStartS: impactStart,
    impactEndS: impactEnd,
    timeToRecoverS: impactEnd === null || !recovered ? null : Math.max(0, impactEnd - startS),
    errors,
  };
}
