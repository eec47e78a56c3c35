/**
 * What a package does with a call once the call's own work is done (DESIGN.md §3). Each kind of
 * behaviour lives in a file of its own here; ./index.ts registers which behaviour each package
 * profile's `behaviour` stands for. A new package is a profile in src/shared/document/packages.ts
 * and, when none of the behaviours here fits, one new file here and its line in ./index.ts.
 */
import type { Topology } from '../../topology/expand.ts';
import type { Callee } from '../callee.ts';
import type { Caller } from '../caller.ts';
import type { CallTable } from '../calls.ts';
import type { InstanceTable } from '../instances.ts';
import type { Routing } from '../routing.ts';
import type { ServiceTable } from '../services.ts';

/** The parts of a run a behaviour works with. */
export interface BehaviourContext {
  readonly topology: Topology;
  readonly calls: CallTable;
  readonly services: ServiceTable;
  readonly instances: InstanceTable;
  readonly routing: Routing;
  /** Makes calls: `attempt` (with timeout, retries, breaker) and `send` (one-way messages). */
  readonly caller: Caller;
  /** Answers calls: `respond`. */
  readonly callee: Callee;
}

export interface PackageBehaviour {
  /**
   * The call's own work is done (or a request has entered, for an entry): make the calls the
   * package makes — as children of `call`, each of which ends in `continueAfter` once every child
   * of the round is over — or answer with the callee's `respond`.
   */
  proceed(call: number, instance: number, service: number): void;
  /**
   * Every child of `call`'s latest round is over (`failed` when one failed for good, `found` when
   * one found the key): true when the behaviour made another round of calls, false to answer
   * with the children's outcome.
   */
  continueAfter(call: number, instance: number, service: number, failed: boolean, found: boolean): boolean;
}

/** Builds a behaviour for a run (its setup — rings, tiers, peers — from the run's topology). */
export type BehaviourFactory = (context: BehaviourContext) => PackageBehaviour;
