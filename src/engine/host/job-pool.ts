/**
 * Runs independent jobs (../jobs.ts) on worker threads: at most `threads` at a time, each thread
 * taking the next job (the largest left, see dispatchOrder) as soon as it is free, so that N
 * replications or the points of a sweep use every core. Each result is handed over the moment it
 * is ready (the caller stores it then); a cancel (Ctrl+C) stops every thread at once, and the
 * jobs that finished are all that is kept.
 *
 * The worker runs the engine's TypeScript sources through tsx, as the CLI does, or the built
 * job-worker.js beside the caller's bundle.
 */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RunResult } from '@shared/results.ts';
import type { RunJob } from '../jobs.ts';
import { typeScriptBootstrap } from './node-worker.ts';

/** Main thread → worker. */
export interface JobRequest {
  readonly type: 'job';
  readonly index: number;
  readonly job: RunJob;
}

/** Worker → main thread. */
export type JobResponse =
  | {
      readonly type: 'progress';
      readonly index: number;
      readonly simulatedNs: number;
      readonly durationNs: number;
    }
  | { readonly type: 'done'; readonly index: number; readonly result: RunResult }
  | { readonly type: 'failed'; readonly index: number; readonly message: string };

export interface JobPoolOptions {
  /** Worker threads (at most the number of jobs). */
  readonly threads: number;
  /** Told each result as soon as it is ready, in the order they finish. */
  readonly onResult: (index: number, result: RunResult) => void;
  /** Told each job that failed (an engine error), with why. */
  readonly onFailure?: (index: number, message: string) => void;
  /** Told how far the batch is: the fraction of all jobs' simulated time done, 0 to 1. */
  readonly onProgress?: (fraction: number) => void;
  /** Aborting stops every worker at once. */
  readonly signal?: AbortSignal;
  /** The worker module (default: ./job-worker.ts from the sources, or job-worker.js when built). */
  readonly workerFile?: string;
}

export interface JobPoolOutcome {
  /** Indexes of the jobs that finished with a result, in the order they finished. */
  readonly completed: readonly number[];
  readonly failed: readonly { readonly index: number; readonly message: string }[];
  /** Whether the batch was cancelled before every job had run. */
  readonly cancelled: boolean;
}

const WORKER_SOURCE_NAME = './job-worker.ts';
/** The built job worker's file name, beside the bundle that starts it. */
export const JOB_WORKER_BUNDLE = 'job-worker.js';

function defaultWorkerFile(): string {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return fileURLToPath(new URL(WORKER_SOURCE_NAME, here));
  return fileURLToPath(new URL(`./${JOB_WORKER_BUNDLE}`, here));
}

/** The number of threads to use by default: one per core the machine offers. */
export function defaultThreads(): number {
  return availableParallelism();
}

/**
 * A job's size, roughly: its requests (rate × duration) times its scale and regions. Only the
 * order matters: the pool hands out the largest jobs first (longest processing time first), so
 * that the last job to start is a small one and the threads finish together — a sweep's points
 * differ in size by their rate or scale, and the largest last would leave the other threads idle
 * while it runs.
 */
export function estimatedCost(job: RunJob): number {
  const { rate, durationS, scale, regions } = job.options;
  return (rate ?? 1) * (durationS ?? 1) * (scale ?? 100) * (regions ?? 1);
}

/** The order the pool hands jobs out in: by estimated cost, largest first, ties in index order. */
export function dispatchOrder(jobs: readonly RunJob[]): number[] {
  const costs = jobs.map(estimatedCost);
  return jobs
    .map((_job, index) => index)
    .sort((left, right) => (costs[right] as number) - (costs[left] as number) || left - right);
}

/** Runs `jobs` on worker threads; resolves when all have run, or at once when cancelled. */
export function runJobPool(jobs: readonly RunJob[], options: JobPoolOptions): Promise<JobPoolOutcome> {
  const file = path.resolve(options.workerFile ?? defaultWorkerFile());
  const threads = Math.max(1, Math.min(options.threads, jobs.length));
  const completed: number[] = [];
  const failed: { index: number; message: string }[] = [];
  const progress = new Float64Array(jobs.length);
  const order = dispatchOrder(jobs);
  const workers: Worker[] = [];
  let next = 0;
  let running = 0;
  let settled = false;

  return new Promise<JobPoolOutcome>((resolve) => {
    if (jobs.length === 0) {
      resolve({ completed, failed, cancelled: false });
      return;
    }
    const finish = (cancelled: boolean) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      for (const worker of workers) void worker.terminate();
      resolve({ completed, failed, cancelled });
    };
    const onAbort = () => finish(next < jobs.length || running > 0);
    if (options.signal?.aborted) {
      finish(true);
      return;
    }
    options.signal?.addEventListener('abort', onAbort);

    const reportProgress = () => {
      if (!options.onProgress) return;
      let sum = 0;
      for (const value of progress) sum += value;
      options.onProgress(sum / jobs.length);
    };

    const start = () => {
      const worker = file.endsWith('.ts')
        ? new Worker(typeScriptBootstrap(file, undefined), { name: 'archsim job' })
        : new Worker(file, { name: 'archsim job' });
      workers.push(worker);
      let current = -1;
      const take = () => {
        if (settled) return;
        if (next >= jobs.length) {
          void worker.terminate();
          if (running === 0) finish(false);
          return;
        }
        current = order[next++] as number;
        running++;
        worker.postMessage({ type: 'job', index: current, job: jobs[current] } satisfies JobRequest);
      };
      worker.on('message', (message: JobResponse) => {
        if (settled) return;
        switch (message.type) {
          case 'progress':
            progress[message.index] =
              message.durationNs > 0 ? Math.min(1, message.simulatedNs / message.durationNs) : 0;
            reportProgress();
            return;
          case 'done':
            running--;
            progress[message.index] = 1;
            completed.push(message.index);
            options.onResult(message.index, message.result);
            reportProgress();
            take();
            return;
          case 'failed':
            running--;
            progress[message.index] = 1;
            failed.push({ index: message.index, message: message.message });
            options.onFailure?.(message.index, message.message);
            take();
            return;
        }
      });
      worker.on('error', (error: unknown) => {
        if (settled || current < 0) return;
        running--;
        const message = `the job's thread failed: ${error instanceof Error ? error.message : String(error)}`;
        failed.push({ index: current, message });
        options.onFailure?.(current, message);
        current = -1;
        // The thread is gone: another one takes over the jobs it would have run.
        if (next < jobs.length) start();
        else if (running === 0) finish(false);
      });
      take();
    };
    for (let thread = 0; thread < threads; thread++) start();
  });
}
