/**
 * The unit of work of replications and sweeps: one run, a pure function of (document, options,
 * seed) → result. Nothing else goes in — no clock, no file, no process — so the same runs give
 * the same results on one thread, on worker threads (./host/job-pool.ts) or as the pods of a
 * Kubernetes Indexed Job, and a run's result does not depend on where it ran.
 */
import type { ArchDocument } from '@shared/document/schema.ts';
import type { RunResult } from '@shared/results.ts';
import { Simulation, type SimulationOptions, type SimulationProgress } from './sim/simulation.ts';

/** A run's options other than the seed (the CLI's `run` options; plain data, so they cross threads). */
export type JobOptions = Omit<SimulationOptions, 'seed'>;

/** One independent run. */
export interface RunJob {
  readonly document: ArchDocument;
  readonly options: JobOptions;
  readonly seed: number;
}

/** Runs one job to its result (the same as `archsim run` with these options and seed). */
export function runJob(
  document: ArchDocument,
  options: JobOptions,
  seed: number,
  onProgress?: (progress: SimulationProgress) => void,
): RunResult {
  return new Simulation(document, { ...options, seed }).run(onProgress);
}

/** The jobs of N replications: the same run with seeds seed, seed + 1, …, seed + N − 1. */
export function replicationJobs(
  document: ArchDocument,
  options: JobOptions,
  seed: number,
  replications: number,
): RunJob[] {
  return Array.from({ length: replications }, (_value, index) => ({
    document,
    options,
    seed: (seed + index) >>> 0,
  }));
}
