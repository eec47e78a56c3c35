import { describe, expect, it } from 'vitest';
import { Random, hashString } from '@engine/random.ts';
import { compileSampler } from '@engine/distributions.ts';
import { latencyMean, type LatencyModel } from '@shared/document/latency.ts';

describe('Random (xoshiro128**)', () => {
  it('is reproducible from its seed and differs between seeds', () => {
    const draw = (seed: number) =>
      Array.from(
        { length: 5 },
        (() => {
          const random = new Random(seed);
          return () => random.nextUint32();
        })(),
      );
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
  });

  it('derives independent streams from names, unaffected by other streams', () => {
    const alone = Random.stream(42, 'service:homepage');
    const first = [alone.uniform(), alone.uniform()];
    const other = Random.stream(42, 'service:login');
    other.uniform();
    const again = Random.stream(42, 'service:homepage');
    expect([again.uniform(), again.uniform()]).toEqual(first);
    expect(Random.stream(42, 'service:login').uniform()).not.toBe(first[0]);
    expect(hashString('homepage')).not.toBe(hashString('homepagf'));
  });

  it('draws uniforms in (0, 1) with the right moments', () => {
    const random = new Random(9);
    let sum = 0;
    let squares = 0;
    let min = 1;
    let max = 0;
    const n = 200_000;
    for (let index = 0; index < n; index++) {
      const u = random.uniform();
      sum += u;
      squares += u * u;
      min = Math.min(min, u);
      max = Math.max(max, u);
    }
    expect(min).toBeGreaterThan(0);
    expect(max).toBeLessThan(1);
    expect(sum / n).toBeCloseTo(0.5, 2);
    expect(squares / n - (sum / n) ** 2).toBeCloseTo(1 / 12, 3);
  });
});

describe('normal deviates (ziggurat)', () => {
  /** Φ(x) through erf, accurate to about 1e-7 (Numerical Recipes' erfc). */
  const phi = (x: number) => {
    const z = Math.abs(x) / Math.SQRT2;
    const t = 1 / (1 + 0.5 * z);
    const erfc =
      t *
      Math.exp(
        -z * z -
          1.26551223 +
          t *
            (1.00002368 +
              t *
                (0.37409196 +
                  t *
                    (0.09678418 +
                      t *
                        (-0.18628806 +
                          t *
                            (0.27886807 +
                              t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
      );
    return x >= 0 ? 1 - erfc / 2 : erfc / 2;
  };

  it('pass a Kolmogorov–Smirnov test against the standard normal, tails included', () => {
    const random = new Random(21);
    const n = 200_000;
    const values = Float64Array.from({ length: n }, () => random.normal()).sort();
    let distance = 0;
    for (let index = 0; index < n; index++) {
      const expected = phi(values[index]!);
      distance = Math.max(distance, Math.abs(expected - index / n), Math.abs(expected - (index + 1) / n));
    }
    expect(distance).toBeLessThan(1.628 / Math.sqrt(n)); // 1 % critical value
    const beyond3 = values.filter((value) => Math.abs(value) > 3).length / n;
    expect(beyond3).toBeGreaterThan(0.0027 - 4 * Math.sqrt(0.0027 / n));
    expect(beyond3).toBeLessThan(0.0027 + 4 * Math.sqrt(0.0027 / n));
    expect(values[n - 1]).toBeGreaterThan(3.5); // the tail beyond the base layer is sampled
  });
});

describe('latency samplers', () => {
  const moments = (model: LatencyModel, n = 200_000) => {
    const sample = compileSampler(model);
    const random = new Random(12345);
    const values = Array.from({ length: n }, () => sample(random));
    const mean = values.reduce((sum, value) => sum + value, 0) / n;
    const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / n;
    values.sort((a, b) => a - b);
    return { mean, variance, median: values[n / 2]!, min: values[0]!, max: values[n - 1]! };
  };

  // [model, analytic variance]
  it.each<[LatencyModel, number]>([
    [{ type: 'constant', value: 3 }, 0],
    [{ type: 'uniform', min: 2, max: 6 }, 16 / 12],
    [{ type: 'exponential', mean: 4 }, 16],
    [{ type: 'gamma', shape: 2.5, scale: 2 }, 2.5 * 4],
    [{ type: 'gamma', shape: 0.5, scale: 2 }, 0.5 * 4],
    [{ type: 'lognormal', median: 2, sigma: 0.5 }, (Math.exp(0.25) - 1) * Math.exp(2 * Math.log(2) + 0.25)],
    [{ type: 'normal', mean: 10, stddev: 2 }, 4],
    [{ type: 'pareto', scale: 1, shape: 5 }, 5 / (16 * 3)],
  ])('%o has the analytic mean and variance', (model, variance) => {
    const measured = moments(model);
    // Within four standard errors of the analytic mean.
    const standardError = Math.sqrt(variance / 200_000);
    expect(Math.abs(measured.mean - latencyMean(model))).toBeLessThanOrEqual(4 * standardError + 1e-12);
    if (variance === 0) expect(measured.variance).toBe(0);
    else expect(measured.variance / variance).toBeCloseTo(1, 1);
    expect(measured.min).toBeGreaterThanOrEqual(0);
  });

  it('draws lognormal with the given median and pareto above its scale', () => {
    expect(moments({ type: 'lognormal', median: 7, sigma: 1 }).median).toBeCloseTo(7, 0);
    expect(moments({ type: 'pareto', scale: 3, shape: 2 }).min).toBeGreaterThanOrEqual(3);
  });

  it('truncates the normal at 0', () => {
    const measured = moments({ type: 'normal', mean: 1, stddev: 2 });
    expect(measured.min).toBeGreaterThanOrEqual(0);
  });

  it('mixes modes by weight', () => {
    const sample = compileSampler({
      type: 'mixture',
      components: [
        { weight: 4, model: { type: 'constant', value: 1 } },
        { weight: 6, model: { type: 'constant', value: 10 } },
      ],
    });
    const random = new Random(3);
    let fast = 0;
    for (let index = 0; index < 100_000; index++) if (sample(random) === 1) fast++;
    expect(fast / 100_000).toBeCloseTo(0.4, 2);
  });
});
