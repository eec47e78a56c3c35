/**
 * Field schemas a service shares with other parts of the document (an evolve arrow carries the
 * profile a service would have after evolving, in the same fields): counts, capacity, timeouts,
 * retries, circuit breakers, cache hit rates, and the small helpers the schemas are built with.
 */
import { z } from 'zod';
import { MAX_RATE } from '../limits.ts';

export const wholeCount = (description: string) => z.number().int().nonnegative().describe(description);
export const seconds = (description: string) => z.number().nonnegative().describe(description);
export const probability = (description: string) => z.number().min(0).max(1).describe(description);
/** A rate in requests/s, capped like every run's rate (src/shared/limits.ts). */
export const requestRate = (description: string) =>
  z.number().nonnegative().max(MAX_RATE).describe(description);

export const capacitySchema = z
  .strictObject({
    concurrency: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('Requests one instance serves at the same time (worker threads). Default: package profile.'),
    queue: z
      .number()
      .int()
      .nonnegative()
      .nullable()
      .optional()
      .describe(
        'Requests that may wait per instance when all workers are busy; null = unbounded. A full queue rejects.',
      ),
  })
  .describe('Per-instance capacity.');

export const backoffSchema = z
  .strictObject({
    type: z.enum(['none', 'fixed', 'exponential']).describe('Delay between attempts.'),
    baseMs: z.number().nonnegative().optional().describe('First delay in ms (default 10).'),
    maxMs: z.number().nonnegative().optional().describe('Largest delay in ms (default 1000).'),
    jitter: z.boolean().optional().describe('Randomise each delay between 0 and its value ("full jitter").'),
  })
  .describe('Backoff between retries.');

export const retryPolicySchema = z
  .strictObject({
    count: wholeCount('Retries after the first attempt (0 = no retry).'),
    backoff: backoffSchema.optional(),
    failover: z.boolean().optional().describe('Retry on a different instance than the one that failed.'),
    budgetPercent: z
      .number()
      .min(0)
      .max(100)
      .optional()
      .describe('Retry budget: retries may add at most this percentage to the calls a caller makes.'),
  })
  .describe('What a caller does when a call to this service fails or times out.');

export const circuitBreakerSchema = z
  .strictObject({
    windowMs: z.number().positive().optional().describe('Rolling window in ms (Hystrix default 10000).'),
    minimumRequests: wholeCount(
      'Calls in the window before the breaker may trip (Hystrix default 20).',
    ).optional(),
    errorThresholdPercent: z
      .number()
      .min(0)
      .max(100)
      .optional()
      .describe('Error percentage in the window that opens the breaker (Hystrix default 50).'),
    sleepWindowMs: z
      .number()
      .positive()
      .optional()
      .describe('How long the breaker stays open before one half-open probe (Hystrix default 5000).'),
    fallback: z
      .boolean()
      .optional()
      .describe('Answer with a fallback response instead of an error while open.'),
  })
  .describe('Hystrix-style circuit breaker in front of this service.');

export const countSchema = wholeCount(
  'Instances per region at 100 % scale, spread round-robin over zones. 0 = one cross-zone instance per region (zone "*").',
);
export const regionsSchema = wholeCount(
  'Multiplier of the run\'s region count. 0 = not regional: one instance in region "*" (e.g. global DNS).',
);
export const timeoutSchema = z
  .number()
  .positive()
  .describe('How long a caller waits for this service before giving up.');
export const cacheHitRateSchema = probability(
  'For store, cache and volume: probability a read finds its key.',
);
