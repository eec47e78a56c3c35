/**
 * Samplers for latency models. A model (milliseconds, see @shared/document/latency.ts) compiles
 * once into a closure that draws from a given random stream, so the hot path does no dispatch.
 */
import type { LatencyModel } from '@shared/document/latency.ts';
import type { Random } from './random.ts';

/** Draws one value in milliseconds. */
export type Sampler = (random: Random) => number;

export function compileSampler(model: LatencyModel): Sampler {
  switch (model.type) {
    case 'constant': {
      const value = model.value;
      return () => value;
    }
    case 'uniform': {
      const { min } = model;
      const width = model.max - model.min;
      return (random) => min + width * random.uniform();
    }
    case 'normal': {
      const { mean, stddev } = model;
      // Truncated at 0 by rejection; falls back to 0 when the mass above 0 is tiny.
      return (random) => {
        for (let attempt = 0; attempt < 64; attempt++) {
          const value = mean + stddev * random.normal();
          if (value >= 0) return value;
        }
        return 0;
      };
    }
    case 'lognormal': {
      const logMedian = Math.log(model.median);
      const { sigma } = model;
      return (random) => Math.exp(logMedian + sigma * random.normal());
    }
    case 'exponential': {
      const { mean } = model;
      return (random) => random.exponential(mean);
    }
    case 'gamma': {
      const { shape, scale } = model;
      return (random) => scale * sampleGamma(random, shape);
    }
    case 'pareto': {
      const { scale } = model;
      const inverseShape = 1 / model.shape;
      return (random) => scale / Math.pow(random.uniform(), inverseShape);
    }
    case 'mixture': {
      const total = model.components.reduce((sum, component) => sum + component.weight, 0);
      const thresholds: number[] = [];
      let cumulative = 0;
      for (const component of model.components) {
        cumulative += component.weight / total;
        thresholds.push(cumulative);
      }
      const samplers = model.components.map((component) => compileSampler(component.model));
      const last = samplers.length - 1;
      return (random) => {
        const u = random.uniform();
        let index = 0;
        while (index < last && u > (thresholds[index] as number)) index++;
        return (samplers[index] as Sampler)(random);
      };
    }
  }
}

/** Marsaglia & Tsang's method; shape < 1 by the boost Gamma(k) = Gamma(k + 1) · U^(1/k). */
function sampleGamma(random: Random, shape: number): number {
  if (shape < 1) return sampleGamma(random, shape + 1) * Math.pow(random.uniform(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = random.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = random.uniform();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}
