/**
 * Every instance's state: its workers, its FIFO queue of calls (linked through the call table's
 * `next`), whether it is alive and whether callers route to it (discovery lags behind), the epoch
 * that tells a call from before its death, the latency failure slowing it, its route group and
 * token ring, and — copied from the topology — its service, region and zone.
 *
 * NOTE: interleaved, one 64-byte record per instance (sixteen int32 words, the last pair of which
 * holds a float64 number), rather than one typed array per field. A call picks its callee
 * at random among up to hundreds of thousands of instances, then reads and writes a dozen of
 * these fields: as separate arrays that is a dozen cache misses per call, interleaved it is one
 * or two (measured at 100,802 instances: 3.5 → 3.95 M events/s; at a million, +15 %). Hot code
 * indexes `words` and `reals` directly with the offsets below; other code uses the methods.
 */
import type { Topology } from '../topology/expand.ts';
import { NO_CALL } from './calls.ts';

/** int32 words per instance (64 bytes). */
export const STRIDE = 16;
/** Word offsets within an instance's record: index `instance * STRIDE + OFFSET`. */
export const BUSY = 0;
export const QUEUE_LENGTH = 1;
export const QUEUE_HEAD = 2;
export const QUEUE_TAIL = 3;
export const EPOCH = 4;
export const SERVICE = 5;
/** Region and zone: `(region << 16) | (zone & 0xffff)` (both ANYWHERE, -1, or small). */
export const PLACE = 6;
/** The instance's route group (./routing.ts), -1 without dependencies. */
export const GROUP = 7;
export const ALIVE = 8;
export const ROUTABLE = 9;
/** Index in Faults.slowSamplers of the latency failure slowing the instance, or -1. */
export const SLOW = 10;
/** The token ring the instance belongs to (./behaviours/ring.ts), or -1. */
export const RING = 11;
/** float64 numbers per instance, and their offsets: index `instance * REAL_STRIDE + OFFSET`. */
export const REAL_STRIDE = STRIDE / 2;
/** The moment of the busy workers' time integral (ns; see Metrics.busyMoment). */
export const BUSY_MOMENT = 7;

export class InstanceTable {
  readonly count: number;
  /** The records as int32 words. */
  readonly words: Int32Array;
  /** The same records as float64 numbers (BUSY_MOMENT). */
  readonly reals: Float64Array;

  constructor(topology: Topology) {
    const count = topology.instanceCount;
    this.count = count;
    const buffer = new ArrayBuffer(count * STRIDE * 4);
    const words = new Int32Array(buffer);
    this.words = words;
    this.reals = new Float64Array(buffer);
    for (let instance = 0; instance < count; instance++) {
      const base = instance * STRIDE;
      words[base + QUEUE_HEAD] = NO_CALL;
      words[base + QUEUE_TAIL] = NO_CALL;
      words[base + SERVICE] = topology.instanceService[instance] as number;
      words[base + PLACE] =
        ((topology.instanceRegion[instance] as number) << 16) |
        ((topology.instanceZone[instance] as number) & 0xffff);
      words[base + GROUP] = -1;
      words[base + ALIVE] = 1;
      words[base + ROUTABLE] = 1;
      words[base + SLOW] = -1;
      words[base + RING] = -1;
    }
    // Standby instances (the autoscaler's spare slots) start stopped.
    for (const group of topology.services) {
      for (
        let instance = group.firstInstance + group.instanceCount - group.standbyCount;
        instance < group.firstInstance + group.instanceCount;
        instance++
      ) {
        words[instance * STRIDE + ALIVE] = 0;
        words[instance * STRIDE + ROUTABLE] = 0;
      }
    }
  }

  /** Whether the instance answers. */
  isAlive(instance: number): boolean {
    return this.words[instance * STRIDE + ALIVE] !== 0;
  }

  /** Whether callers route to it (discovery's view of `isAlive`). */
  isRoutable(instance: number): boolean {
    return this.words[instance * STRIDE + ROUTABLE] !== 0;
  }

  /** Reads one word of an instance's record. */
  get(instance: number, offset: number): number {
    return this.words[instance * STRIDE + offset] as number;
  }

  /** Writes one word of an instance's record. */
  set(instance: number, offset: number, value: number): void {
    this.words[instance * STRIDE + offset] = value;
  }

  /** The instance dies or comes back: work from its earlier epoch is lost. */
  nextEpoch(instance: number): void {
    this.words[instance * STRIDE + EPOCH]++;
  }

  /** Time integral of the instance's busy workers (ns × workers) from 0 to `until` (not before its last change). */
  busyArea(instance: number, until: number): number {
    return (
      (this.reals[instance * REAL_STRIDE + BUSY_MOMENT] as number) +
      (this.words[instance * STRIDE + BUSY] as number) * until
    );
  }
}
