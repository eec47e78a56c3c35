/**
 * Open-loop load: when requests enter, independent of how the system copes (no coordinated
 * omission). The rate is a function of simulated time built from the document's `load`.
 */
import type { LoadChange } from '@shared/document/schema.ts';
import type { Random } from '../random.ts';

/** Requests per second at time t (seconds), for a base rate and a list of changes. */
export function rateFunction(
  baseRate: number,
  changes: readonly LoadChange[] = [],
): (seconds: number) => number {
  const ordered = [...changes].sort((left, right) => changeStart(left) - changeStart(right));
  return (seconds) => {
    let rate = baseRate;
    let diurnal: { periodS: number; amplitude: number } | null = null;
    for (const change of ordered) {
      switch (change.type) {
        case 'step':
          if (seconds >= change.atS) rate = change.rate;
          break;
        case 'ramp':
          if (seconds >= change.atS + change.durationS) rate = change.toRate;
          else if (seconds >= change.atS) {
            const fraction = change.durationS === 0 ? 1 : (seconds - change.atS) / change.durationS;
            rate = rate + (change.toRate - rate) * fraction;
          }
          break;
        case 'spike':
          if (seconds >= change.atS && seconds < change.atS + change.durationS) rate = change.rate;
          break;
        case 'diurnal':
          diurnal = change;
          break;
      }
    }
    if (diurnal) rate *= 1 + diurnal.amplitude * Math.sin((2 * Math.PI * seconds) / diurnal.periodS);
    return Math.max(0, rate);
  };
}

function changeStart(change: LoadChange): number {
  return change.type === 'diurnal' ? 0 : change.atS;
}

/** Upper bound of a rate function over [0, duration], sampled finely (for thinning). */
export function peakRate(rate: (seconds: number) => number, durationS: number): number {
  let peak = 0;
  const steps = 10_000;
  for (let step = 0; step <= steps; step++) peak = Math.max(peak, rate((durationS * step) / steps));
  // Spikes shorter than a sampling step are still caught by a margin on the bound.
  return peak * 1.01;
}

/**
 * Next arrival time (ns) after `nowNs`, or Infinity when no more arrive before `endNs`.
 * Poisson arrivals with a varying rate use thinning (Lewis & Shedler); constant arrivals are
 * evenly spaced at the current rate.
 */
export function nextArrival(
  nowNs: number,
  endNs: number,
  rate: (seconds: number) => number,
  peak: number,
  poisson: boolean,
  random: Random,
): number {
  if (peak <= 0) return Number.POSITIVE_INFINITY;
  let time = nowNs;
  if (!poisson) {
    // Evenly spaced at the current rate; where the rate is 0, look ahead in 1 ms steps.
    for (;;) {
      const current = rate(time / 1e9);
      if (current > 0) {
        time += 1e9 / current;
        return time < endNs ? Math.round(time) : Number.POSITIVE_INFINITY;
      }
      time += 1e6;
      if (time >= endNs) return Number.POSITIVE_INFINITY;
    }
  }
  for (;;) {
    time += random.exponential(1e9 / peak);
    if (time >= endNs) return Number.POSITIVE_INFINITY;
    if (random.uniform() * peak <= rate(time / 1e9)) return Math.round(time);
  }
}
