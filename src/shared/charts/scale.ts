/**
 * Axis arithmetic for the charts: "nice" linear ticks, decade ticks for log axes, and number
 * labels that do not depend on the viewer's locale (a chart is the same file everywhere).
 */

/** The smallest of 1, 2, 5 and 10 × 10^k that is at least `rough` (rough > 0). */
export function niceStep(rough: number): number {
  if (!(rough > 0) || !Number.isFinite(rough)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  for (const factor of [1, 2, 5, 10]) {
    // A hair of tolerance, so that 0.3 / 3 (= 0.09999…) still steps by 0.1.
    if (factor * magnitude >= rough * (1 - 1e-9)) return factor * magnitude;
  }
  return 10 * magnitude;
}

/** Linear ticks covering [min, max]: about `target` of them, on multiples of a nice step. */
export interface LinearTicks {
  /** The axis range: the first and the last tick. */
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly ticks: readonly number[];
}

/**
 * Ticks from a multiple of the step at or below `min` to one at or above `max`. An empty or
 * degenerate range ([0, 0]) becomes [0, 1].
 */
export function linearTicks(min: number, max: number, target = 5): LinearTicks {
  let low = Number.isFinite(min) ? min : 0;
  let high = Number.isFinite(max) ? max : 0;
  if (high < low) [low, high] = [high, low];
  if (high === low) {
    if (high === 0) high = 1;
    else if (high > 0) low = 0;
    else high = 0;
  }
  const step = niceStep((high - low) / Math.max(1, target));
  const first = Math.floor(low / step + 1e-9);
  const last = Math.ceil(high / step - 1e-9);
  const ticks: number[] = [];
  for (let index = first; index <= last; index++) ticks.push(roundTo(index * step, step));
  return { min: ticks[0] as number, max: ticks[ticks.length - 1] as number, step, ticks };
}

/** `value` rounded to the decimals `step` needs (no 0.30000000000000004 in labels). */
function roundTo(value: number, step: number): number {
  const decimals = decimalsFor(step);
  const rounded = Number(value.toFixed(decimals));
  return Object.is(rounded, -0) ? 0 : rounded;
}

/** How many decimals show a multiple of `step` exactly (0.25 → 2, 5 → 0). */
export function decimalsFor(step: number): number {
  if (!(step > 0) || !Number.isFinite(step)) return 0;
  let decimals = 0;
  while (
    decimals < 9 &&
    Math.abs(Math.round(step * 10 ** decimals) - step * 10 ** decimals) > 1e-9 * 10 ** decimals
  ) {
    decimals++;
  }
  return decimals;
}

/** Thousands grouped with commas: 12345.5 → "12,345.5" (the same in every locale). */
export function groupThousands(text: string): string {
  const [whole = '', fraction] = text.split('.');
  const sign = whole.startsWith('-') ? '-' : '';
  const digits = sign ? whole.slice(1) : whole;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** A tick label: `value` with as many decimals as `step` needs, thousands grouped. */
export function formatTick(value: number, step: number): string {
  const text = value.toFixed(decimalsFor(step));
  return groupThousands(text === '-0' ? '0' : text);
}

/**
 * A value for people (tooltips, legends): three significant digits for ms, as the command line's
 * tables print them (12.3, 4.56, 789), thousands grouped.
 */
export function formatValue(value: number): string {
  const size = Math.abs(value);
  const text = size >= 100 ? value.toFixed(0) : size >= 10 ? value.toFixed(1) : value.toFixed(2);
  return groupThousands(text === '-0' ? '0' : text);
}

/**
 * A percentile as a label: "0 %", "90 %", "99.9 %", "99.999 %" — as many decimals as it has,
 * at most six.
 */
export function formatPercentile(percentile: number): string {
  const text = Number(percentile.toFixed(6)).toString();
  return `${text} %`;
}

/**
 * Ticks of a log axis over [min, max] (both > 0): the decades, and between them 2 and 5 when the
 * range spans fewer than three decades (so a short axis still has labels to read).
 */
export function logTicks(min: number, max: number): number[] {
  if (!(min > 0) || !(max > min)) return min > 0 ? [min] : [];
  const first = Math.floor(Math.log10(min) + 1e-9);
  const last = Math.ceil(Math.log10(max) - 1e-9);
  const factors = Math.log10(max / min) < 3 ? [1, 2, 5] : [1];
  const ticks: number[] = [];
  for (let exponent = first; exponent <= last; exponent++) {
    for (const factor of factors) {
      const value = Number((factor * 10 ** exponent).toPrecision(12));
      if (value >= min * (1 - 1e-9) && value <= max * (1 + 1e-9)) ticks.push(value);
    }
  }
  return ticks;
}

/** A log-axis tick label: 0.1, 1, 20, 5,000 (ms). */
export function formatLogTick(value: number): string {
  const decimals = value >= 1 ? 0 : Math.min(9, Math.ceil(-Math.log10(value) - 1e-9));
  return groupThousands(value.toFixed(decimals));
}

/** Seconds for people: at most three decimals, none when whole (10, 12.5, 0.125). */
export function formatSeconds(seconds: number): string {
  return groupThousands(String(Number(seconds.toFixed(3))));
}
