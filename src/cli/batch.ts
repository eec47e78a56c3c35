/**
 * Many runs at once, for `run --replications` and `sweep`: independent jobs on worker threads
 * (@engine/host/job-pool.ts), progress on stderr, each result stored in the run database (as a
 * member of the batch's group) the moment it is ready, and Ctrl+C stopping every worker at once
 * while keeping the runs that finished.
 */
import { defaultThreads, runJobPool } from '@engine/host/job-pool.ts';
import type { RunJob } from '@engine/jobs.ts';
import { ENGINE_VERSION } from '@engine/version.ts';
import type { GroupId, RunId, RunStore } from '@store/index.ts';
import type { RunResult } from '@shared/results.ts';
import { UsageError, type CliIo } from './io.ts';

/** The --jobs line of the help of the commands that run batches. */
export const JOBS_HELP = `  --jobs J          worker threads (default: the machine's cores, ${defaultThreads()} here)`;

/** --jobs: worker threads, ≥ 1 (default: one per core). */
export function parseJobsOption(text: string | undefined): number {
  if (text === undefined) return defaultThreads();
  const value = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(value) || value < 1 || value > 1024) {
    throw new UsageError(`--jobs must be a whole number from 1 to 1,024 (got "${text}")`);
  }
  return value;
}

export interface BatchOptions {
  readonly io: CliIo;
  readonly jobs: readonly RunJob[];
  readonly threads: number;
  /** What the progress line calls the batch ("netflixoss: 10 replications"). */
  readonly label: string;
  readonly quiet: boolean;
  /** Where each result is stored as it arrives (with the group it joins), if anywhere. */
  readonly store: { readonly store: RunStore; readonly group: GroupId; readonly arch: string } | null;
  /** Told each result as it arrives (index in `jobs`). */
  readonly onResult?: (index: number, result: RunResult) => void;
}

export interface BatchOutcome {
  /** Results by job index; undefined where a job did not finish. */
  readonly results: readonly (RunResult | undefined)[];
  readonly failed: readonly { readonly index: number; readonly message: string }[];
  /** Run ids of the stored results, by job index. */
  readonly stored: readonly (RunId | undefined)[];
  /** Whether Ctrl+C stopped the batch before every job had run. */
  readonly interrupted: boolean;
  readonly wallSeconds: number;
}

/** Runs the jobs, reporting progress, storing results, and stopping on Ctrl+C. */
export async function runBatch(options: BatchOptions): Promise<BatchOutcome> {
  const { io, jobs } = options;
  const results: (RunResult | undefined)[] = new Array(jobs.length);
  const stored: (RunId | undefined)[] = new Array(jobs.length);
  const controller = new AbortController();
  let interruptedByUser = false;
  const removeListener = io.onInterrupt?.(() => {
    interruptedByUser = true;
    if (!options.quiet) io.stderr('\ninterrupted: stopping every worker; the runs that finished are kept\n');
    controller.abort();
  });
  const write = io.terminal ?? io.stderr;
  let lastLine = 0;
  let finished = 0;
  let drawn = false;
  const progress = (fraction: number, force = false) => {
    if (options.quiet) return;
    const now = Date.now();
    const limit = io.isTerminal ? 100 : 1000;
    if (!force && now - lastLine < limit) return;
    lastLine = now;
    const text = `${options.label}: ${finished} of ${jobs.length} runs done, ${(fraction * 100).toFixed(0)} % simulated`;
    if (io.isTerminal) {
      write(`\r${text}\x1b[K`);
      drawn = true;
    } else {
      io.stderr(`${text}\n`);
    }
  };
  const started = Date.now();
  const storeResult = (index: number, result: RunResult) => {
    if (options.store === null) return;
    const { store, group, arch } = options.store;
    const job = jobs[index] as RunJob;
    const id = store.createRun({
      document: job.document,
      arch,
      scenario: result.scenario,
      seed: result.options.seed,
      engineVersion: ENGINE_VERSION,
      options: result.options,
      group: { id: group, position: index },
    });
    store.completeRun(id, result);
    stored[index] = id;
  };
  try {
    const outcome = await runJobPool(jobs, {
      threads: options.threads,
      signal: controller.signal,
      onProgress: (fraction) => progress(fraction),
      onResult: (index, result) => {
        results[index] = result;
        finished++;
        storeResult(index, result);
        options.onResult?.(index, result);
        // On a terminal the bar moves at once; in a log, at most a line a second, and the last.
        progress(finished / jobs.length, io.isTerminal === true || finished === jobs.length);
      },
      onFailure: (index, message) => {
        finished++;
        io.stderr(`${drawn ? '\n' : ''}run ${index + 1} of ${jobs.length} failed: ${message}\n`);
        drawn = false;
      },
    });
    if (drawn) write('\n');
    return {
      results,
      failed: outcome.failed,
      stored,
      interrupted: interruptedByUser && outcome.cancelled,
      wallSeconds: (Date.now() - started) / 1000,
    };
  } finally {
    removeListener?.();
  }
}
