/**
 * The latency and error failures in effect, as the hot path consults them: instances that are
 * slow, edges that are slow (one caller service's calls to one callee service) and services that
 * answer with injected errors. (The latency failure slowing an instance is in
 * InstanceTable.slow.) ./failures.ts starts and ends them.
 */
import type { Sampler } from '../distributions.ts';
import { Random } from '../random.ts';

export class Faults {
  /** The added-latency models of the latency failures started so far (ms). */
  readonly slowSamplers: Sampler[] = [];
  /** Draws every added latency. */
  readonly slowRandom: Random;
  /** Added latency on an edge: key caller service × services + callee service → slowSamplers index. */
  readonly edgeSlow = new Map<number, number>();
  /** Per service: the fraction of its calls answered with an injected error. */
  readonly injectedErrorRate: Float64Array;

  constructor(
    seed: number,
    readonly serviceCount: number,
  ) {
    this.slowRandom = Random.stream(seed, 'latency-monkey');
    this.injectedErrorRate = new Float64Array(serviceCount);
  }
}
