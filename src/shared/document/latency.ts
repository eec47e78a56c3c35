/**
 * Latency models: the distribution a service time (or a network delay) is drawn from.
 * Every parameter is in milliseconds unless its name says otherwise.
 */
import { z } from 'zod';

export type LatencyModel =
  | { type: 'constant'; value: number }
  | { type: 'uniform'; min: number; max: number }
  | { type: 'normal'; mean: number; stddev: number }
  | { type: 'lognormal'; median: number; sigma: number }
  | { type: 'exponential'; mean: number }
  | { type: 'gamma'; shape: number; scale: number }
  | { type: 'pareto'; scale: number; shape: number }
  | { type: 'mixture'; components: { weight: number; model: LatencyModel }[] };

const milliseconds = (description: string) => z.number().nonnegative().describe(description);
const positive = (description: string) => z.number().positive().describe(description);

const mixtureComponent = z
  .strictObject({
    weight: positive('Relative weight of this mode; weights need not sum to 1.'),
    get model(): z.ZodType<LatencyModel> {
      return latencyModelSchema;
    },
  })
  .describe('One mode of a mixture.');

export const latencyModelSchema: z.ZodType<LatencyModel> = z
  .discriminatedUnion('type', [
    z
      .strictObject({ type: z.literal('constant'), value: milliseconds('Fixed latency in ms.') })
      .describe('Always the same latency.'),
    z
      .strictObject({
        type: z.literal('uniform'),
        min: milliseconds('Lower bound in ms.'),
        max: milliseconds('Upper bound in ms.'),
      })
      .refine((model) => model.max >= model.min, { message: 'max must be ≥ min', path: ['max'] })
      .describe('Uniform between min and max.'),
    z
      .strictObject({
        type: z.literal('normal'),
        mean: milliseconds('Mean in ms.'),
        stddev: milliseconds('Standard deviation in ms.'),
      })
      .describe('Normal, truncated at 0.'),
    z
      .strictObject({
        type: z.literal('lognormal'),
        median: positive('Median (p50) in ms.'),
        sigma: z
          .number()
          .nonnegative()
          .describe('Shape: standard deviation of the underlying normal (ln ms).'),
      })
      .describe('Log-normal: a long right tail, typical of service times.'),
    z
      .strictObject({ type: z.literal('exponential'), mean: positive('Mean in ms.') })
      .describe('Exponential (memoryless), as in M/M/c queueing models.'),
    z
      .strictObject({
        type: z.literal('gamma'),
        shape: positive('Shape k.'),
        scale: positive('Scale θ in ms (mean = k·θ).'),
      })
      .describe('Gamma distribution.'),
    z
      .strictObject({
        type: z.literal('pareto'),
        scale: positive('Minimum value x_m in ms.'),
        shape: positive('Tail index α (smaller = heavier tail).'),
      })
      .describe('Pareto: heavy tail.'),
    z
      .strictObject({
        type: z.literal('mixture'),
        get components() {
          return z.array(mixtureComponent).min(1);
        },
      })
      .describe('Weighted mixture of models, e.g. cache hit (fast) or miss (slow): multimodal latency.'),
  ])
  .describe('A latency distribution. Values in milliseconds.');

/** Mean of a latency model in ms (normal ignores its truncation at 0). */
export function latencyMean(model: LatencyModel): number {
  switch (model.type) {
    case 'constant':
      return model.value;
    case 'uniform':
      return (model.min + model.max) / 2;
    case 'normal':
      return model.mean;
    case 'lognormal':
      return model.median * Math.exp((model.sigma * model.sigma) / 2);
    case 'exponential':
      return model.mean;
    case 'gamma':
      return model.shape * model.scale;
    case 'pareto':
      return model.shape > 1 ? (model.shape * model.scale) / (model.shape - 1) : Number.POSITIVE_INFINITY;
    case 'mixture': {
      const total = model.components.reduce((sum, component) => sum + component.weight, 0);
      return model.components.reduce(
        (sum, component) => sum + (component.weight / total) * latencyMean(component.model),
        0,
      );
    }
  }
}
