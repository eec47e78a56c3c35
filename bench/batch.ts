/**
 * Many runs at once: a sweep of six points (netflixoss at 2,000 to 12,000 req/s, 10 simulated
 * seconds each) on one worker thread and then on two, through the same job pool as `archsim
 * sweep` and `run --replications`. Wall time, not asserted: on two cores the two threads should
 * take clearly less than the one (each point is an independent run; the pool only hands them out).
 */
import { performance } from 'node:perf_hooks';
import { runJobPool } from '@engine/host/job-pool.ts';
import type { RunJob } from '@engine/jobs.ts';
import { loadExample } from './topology.ts';

export interface SweepBenchRow {
  threads: number;
  points: number;
  wallS: number;
  /** One thread's wall time ÷ this one's. */
  speedup: number;
}

export async function benchSweep(threadCounts = [1, 2]): Promise<SweepBenchRow[]> {
  const document = loadExample('netflixoss');
  const jobs: RunJob[] = [2_000, 4_000, 6_000, 8_000, 10_000, 12_000].map((rate) => ({
    document,
    options: { arch: 'netflixoss', rate, durationS: 10 },
    seed: 1,
  }));
  const rows: SweepBenchRow[] = [];
  for (const threads of threadCounts) {
    const start = performance.now();
    const outcome = await runJobPool(jobs, { threads, onResult: () => {} });
    const wallS = (performance.now() - start) / 1000;
    if (outcome.completed.length !== jobs.length) throw new Error(`the sweep on ${threads} threads failed`);
    rows.push({ threads, points: jobs.length, wallS: Number(wallS.toFixed(2)), speedup: 0 });
  }
  const one = rows[0]?.wallS ?? 1;
  return rows.map((row) => ({ ...row, speedup: Number((one / row.wallS).toFixed(2)) }));
}
