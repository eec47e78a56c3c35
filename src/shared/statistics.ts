/**
 * The statistics of replicated runs: the mean of a measure over replications with its 95 %
 * confidence interval (Student's t), and whether two groups of replications differ (Welch's
 * t-test, with Holm's correction when many measures are compared at once, so that "significant"
 * keeps its 5 % meaning for the whole comparison rather than for each number).
 */

/** A measure over replications: its mean and the 95 % confidence interval around it. */
export interface Estimate {
  readonly count: number;
  readonly mean: number;
  /** Sample standard deviation (0 for a single value). */
  readonly standardDeviation: number;
  /** Half the width of the confidence interval: mean ± halfWidth (Infinity for a single value). */
  readonly halfWidth: number;
  readonly low: number;
  readonly high: number;
}

/** The arithmetic mean (NaN for no values). */
export function mean(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/** The sample standard deviation (n − 1 in the denominator); 0 for fewer than two values. */
export function standardDeviation(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const average = mean(values);
  let squares = 0;
  for (const value of values) squares += (value - average) ** 2;
  return Math.sqrt(squares / (values.length - 1));
}

/** Mean and confidence interval (default 95 %) of values from independent replications. */
export function estimate(values: readonly number[], level = 0.95): Estimate {
  const count = values.length;
  const average = count === 0 ? Number.NaN : mean(values);
  const deviation = standardDeviation(values);
  const halfWidth =
    count < 2
      ? Number.POSITIVE_INFINITY
      : deviation === 0
        ? 0
        : studentTQuantile(1 - (1 - level) / 2, count - 1) * (deviation / Math.sqrt(count));
  return {
    count,
    mean: average,
    standardDeviation: deviation,
    halfWidth,
    low: average - halfWidth,
    high: average + halfWidth,
  };
}

/** Welch's two-sample t-test of a difference in means. */
export interface Difference {
  /** mean(b) − mean(a). */
  readonly difference: number;
  readonly t: number;
  readonly degreesOfFreedom: number;
  /** Two-sided p-value: how likely a difference at least this large is if the means are equal. */
  readonly p: number;
}

export function welchTest(a: readonly number[], b: readonly number[]): Difference {
  const difference = mean(b) - mean(a);
  const varianceA = standardDeviation(a) ** 2 / a.length;
  const varianceB = standardDeviation(b) ** 2 / b.length;
  const spread = varianceA + varianceB;
  if (a.length < 2 || b.length < 2 || spread === 0) {
    // Without spread to measure, only equality can be told apart from a difference.
    const same = difference === 0 || Number.isNaN(difference);
    return {
      difference,
      t: same ? 0 : Math.sign(difference) * Infinity,
      degreesOfFreedom: 0,
      p: same ? 1 : 0,
    };
  }
  const t = difference / Math.sqrt(spread);
  const degreesOfFreedom = spread ** 2 / (varianceA ** 2 / (a.length - 1) + varianceB ** 2 / (b.length - 1));
  const p = Math.min(1, 2 * (1 - studentTCdf(Math.abs(t), degreesOfFreedom)));
  return { difference, t, degreesOfFreedom, p };
}

/**
 * Holm's step-down correction of p-values for testing many hypotheses at once: the adjusted
 * values, in the order given. A number is significant at level α when its adjusted p < α.
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const order = pValues.map((p, index) => ({ p, index })).sort((left, right) => left.p - right.p);
  const adjusted = new Array<number>(pValues.length);
  let running = 0;
  order.forEach(({ p, index }, rank) => {
    running = Math.max(running, Math.min(1, (pValues.length - rank) * p));
    adjusted[index] = running;
  });
  return adjusted;
}

/** P(T ≤ t) for Student's t with `degreesOfFreedom` (> 0, not necessarily whole). */
export function studentTCdf(t: number, degreesOfFreedom: number): number {
  if (!Number.isFinite(t)) return t > 0 ? 1 : 0;
  const x = degreesOfFreedom / (degreesOfFreedom + t * t);
  const tail = 0.5 * regularizedIncompleteBeta(x, degreesOfFreedom / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The quantile of Student's t: the t with P(T ≤ t) = probability (bisection on the CDF). */
export function studentTQuantile(probability: number, degreesOfFreedom: number): number {
  if (probability === 0.5) return 0;
  if (probability < 0.5) return -studentTQuantile(1 - probability, degreesOfFreedom);
  let low = 0;
  let high = 1;
  while (studentTCdf(high, degreesOfFreedom) < probability) high *= 2;
  for (let step = 0; step < 100; step++) {
    const middle = (low + high) / 2;
    if (studentTCdf(middle, degreesOfFreedom) < probability) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

/** I_x(a, b), the regularized incomplete beta function (Numerical Recipes' continued fraction). */
function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  // The continued fraction converges quickly for x < (a + 1) / (a + b + 2); else use symmetry.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let result = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let term = (m * (b - m) * x) / ((a - 1 + m2) * (a + m2));
    d = 1 + term * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + term / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    result *= d * c;
    term = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + 1 + m2));
    d = 1 + term * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + term / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const change = d * c;
    result *= change;
    if (Math.abs(change - 1) < 1e-15) break;
  }
  return result;
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, nine coefficients). */
function logGamma(x: number): number {
  const coefficients = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const shifted = x - 1;
  let sum = coefficients[0] as number;
  for (let index = 1; index < 9; index++) sum += (coefficients[index] as number) / (shifted + index);
  const t = shifted + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (shifted + 0.5) * Math.log(t) - t + Math.log(sum);
}
