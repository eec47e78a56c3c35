/**
 * The statistics of replications against published values: Student's t quantiles, a confidence
 * interval, Welch's test on a textbook pair, Holm's correction.
 */
import { describe, expect, it } from 'vitest';
import {
  estimate,
  holmAdjust,
  mean,
  standardDeviation,
  studentTCdf,
  studentTQuantile,
  welchTest,
} from '@shared/statistics.ts';

describe("Student's t", () => {
  it.each([
    [1, 12.706],
    [4, 2.776],
    [9, 2.262],
    [29, 2.045],
    [1000, 1.962],
  ])('has the two-sided 95 %% quantile of the tables at %i degrees of freedom', (freedom, quantile) => {
    expect(studentTQuantile(0.975, freedom)).toBeCloseTo(quantile, 3);
  });

  it('is symmetric, with the CDF at 0 one half', () => {
    expect(studentTCdf(0, 7)).toBeCloseTo(0.5, 12);
    expect(studentTCdf(-2, 7)).toBeCloseTo(1 - studentTCdf(2, 7), 12);
    expect(studentTQuantile(0.025, 4)).toBeCloseTo(-2.776, 3);
  });
});

describe('estimate', () => {
  it('is the mean ± t · s / √n', () => {
    const values = [10, 12, 9, 11, 13];
    const result = estimate(values);
    expect(result.mean).toBe(11);
    expect(result.standardDeviation).toBeCloseTo(Math.sqrt(2.5), 12);
    expect(result.halfWidth).toBeCloseTo((2.776445 * Math.sqrt(2.5)) / Math.sqrt(5), 4);
    expect(result.low).toBeCloseTo(11 - result.halfWidth, 12);
  });

  it('has no interval from one value, and a zero-width one from equal values', () => {
    expect(estimate([4]).halfWidth).toBe(Number.POSITIVE_INFINITY);
    expect(estimate([4, 4, 4]).halfWidth).toBe(0);
    expect(mean([1, 2, 3])).toBe(2);
    expect(standardDeviation([5])).toBe(0);
  });
});

describe("Welch's t-test", () => {
  it("matches SciPy's ttest_ind(b, a, equal_var=False)", () => {
    const a = [19.8, 20.4, 19.6, 17.8, 18.5, 18.9, 18.3, 18.9, 19.5, 22.0];
    const b = [
      28.2, 26.6, 20.1, 23.3, 25.2, 22.1, 17.7, 27.6, 20.6, 13.7, 23.2, 17.5, 20.6, 18.0, 23.9, 21.6, 24.3,
      20.4, 23.9, 13.3,
    ];
    const result = welchTest(a, b);
    expect(result.difference).toBeCloseTo(mean(b) - mean(a), 12);
    expect(result.t).toBeCloseTo(2.225512039969852, 9);
    expect(result.degreesOfFreedom).toBeCloseTo(24.524634944257343, 9);
    expect(result.p).toBeCloseTo(0.035484530830010394, 6);
    const small = welchTest([1, 2, 3, 4, 5], [2, 4, 6, 8, 10]);
    expect(small.t).toBeCloseTo(1.8973665961010275, 9);
    expect(small.degreesOfFreedom).toBeCloseTo(5.882352941176471, 9);
    expect(small.p).toBeCloseTo(0.10753119493062728, 6);
  });

  it('tells equal from different when neither group varies', () => {
    expect(welchTest([3, 3], [3, 3]).p).toBe(1);
    expect(welchTest([3, 3], [4, 4]).p).toBe(0);
  });
});

describe("Holm's correction", () => {
  it('multiplies the k-th smallest p by (m − k + 1), never decreasing, at most 1, in the given order', () => {
    expect(holmAdjust([0.01, 0.04, 0.03, 0.5])).toEqual([0.04, 0.09, 0.09, 0.5]);
    expect(holmAdjust([0.9, 0.8])).toEqual([1, 1]);
    expect(holmAdjust([0.2, 0.01])).toEqual([0.2, 0.02]);
  });
});
