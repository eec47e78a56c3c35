/**
 * The latency and error failures in effect, as the hot path consults them: instances that are
 * slow, edges that are slow (one caller service's calls to one callee service) and services that
 * answer with injected errors. ./failures.ts starts and ends them.
 */
import type { Sampler } from '../distributions.ts';
import { Random } from '../random.ts';

export class Faults {
  /** The added-latency models of the latency failures started so far (ms). */
  readonly slowSamplers: Sampler[] = [];
  /** Draws every added latency. */
  readonly slowRandom: Random;
  /** Per instance: the index in slowSamplers of the failure slowing it, or -1. */
  readonly instanceSlow: Int32Array;
  /** Added latency on an edge: key caller service × services + callee service → slowSamplers index. */
  readonly edgeSlow = new Map<number, number>();
  /** Per service: the fraction of its calls answered with an injected error. */
  readonly injectedErrorRate: Float64Array;

  constructor(
    seed: number,
    instanceCount: number,
    readonly serviceCount: number,
  ) {
    this.slowRandom = Random.stream(seed, 'latency-monkey');
    this.instanceSlow = new Int32Array(instanceCount).fill(-1);
    this.injectedErrorRate = new Float64Array(serviceCount);
  }
}
