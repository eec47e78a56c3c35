/** The order the job pool hands jobs out in: the largest first, so that threads finish together. */
import { describe, expect, it } from 'vitest';
import { dispatchOrder, estimatedCost } from '@engine/host/job-pool.ts';
import type { RunJob } from '@engine/jobs.ts';
import { loadExample } from '../../support/examples.ts';

const document = loadExample('netflixoss');
const job = (options: RunJob['options'], seed = 1): RunJob => ({ document, options, seed });

describe('job pool dispatch order', () => {
  it('hands out a sweep of rates from the largest point down', () => {
    const jobs = [2_000, 4_000, 6_000, 8_000, 10_000, 12_000].map((rate) => job({ rate, durationS: 10 }));
    expect(dispatchOrder(jobs)).toEqual([5, 4, 3, 2, 1, 0]);
  });

  it('weighs rate, duration, scale and regions', () => {
    expect(estimatedCost(job({ rate: 100, durationS: 10, scale: 200 }))).toBe(
      estimatedCost(job({ rate: 100, durationS: 20, scale: 100 })),
    );
    expect(estimatedCost(job({ rate: 100, regions: 3 }))).toBeGreaterThan(estimatedCost(job({ rate: 100 })));
  });

  it('keeps replications (equal jobs) in seed order', () => {
    const jobs = [1, 2, 3, 4].map((seed) => job({ rate: 500 }, seed));
    expect(dispatchOrder(jobs)).toEqual([0, 1, 2, 3]);
  });
});
