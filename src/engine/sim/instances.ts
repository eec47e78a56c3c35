/**
 * Every instance's state: its workers, its FIFO queue of calls (linked through the call table's
 * `next`), whether it is alive and whether callers route to it (discovery lags behind), the epoch
 * that tells a call from before its death, its route group, the latency failure slowing it and
 * its token ring, and — copied from the topology — its service, region and zone.
 *
 * NOTE: what every call reads or writes on its callee is interleaved in one 32-byte record per
 * instance (eight int32 words, the last pair of which holds a float64 number), rather than one
 * typed array per field: a call picks its callee at random among up to hundreds of thousands of
 * instances, then reads and writes a handful of these fields — as separate arrays that is a
 * handful of cache misses per call, interleaved it is one. The record is as small as that allows
 * (alive and routable are two bits of the service's word) because the records of a large run do
 * not fit in the cache: at 100,802 instances (netflixoss, side by side), these 32-byte records
 * run 1.5–3 % faster than the 64-byte ones before them, and 128-byte ones ran 6 % slower than
 * those (+1 % at 65 instances, +1.5 % at a million). What only some calls touch — the queue's length and tail
 * (a call that waits), the latency failure (while one is on), the token ring (stores) — is in
 * plain arrays beside it. Hot code indexes `words` and `reals` directly with the offsets below;
 * other code uses the methods.
 */
import type { Topology } from '../topology/expand.ts';
import { NO_CALL } from './calls.ts';

/** int32 words per instance (32 bytes). */
export const STRIDE = 8;
/** Word offsets within an instance's record: index `instance * STRIDE + OFFSET`. */
export const BUSY = 0;
export const QUEUE_HEAD = 1;
export const EPOCH = 2;
/** The service, alive and routable: `(service << SERVICE_SHIFT) | ROUTABLE_BIT? | ALIVE_BIT?`. */
export const STATE = 3;
/** Region and zone: `(region << 16) | (zone & 0xffff)` (both ANYWHERE, -1, or small). */
export const PLACE = 4;
/** The instance's route group (./routing.ts), -1 without dependencies. */
export const GROUP = 5;
/** STATE's bits: the instance answers; callers route to it (discovery's view of alive). */
export const ALIVE_BIT = 1;
export const ROUTABLE_BIT = 2;
/** STATE holds the service above its two bits: `words[record + STATE] >> SERVICE_SHIFT`. */
export const SERVICE_SHIFT = 2;
/** float64 numbers per instance, and their offsets: index `instance * REAL_STRIDE + OFFSET`. */
export const REAL_STRIDE = STRIDE / 2;
/** The moment of the busy workers' time integral (ns; see Metrics.busyMoment). */
export const BUSY_MOMENT = 3;

export class InstanceTable {
  readonly count: number;
  /** The records as int32 words. */
  readonly words: Int32Array;
  /** The same records as float64 numbers (BUSY_MOMENT). */
  readonly reals: Float64Array;
  /** Per instance: calls waiting in its queue, and the last of them (NO_CALL: none). */
  readonly queueLength: Int32Array;
  readonly queueTail: Int32Array;
  /** Per instance: index in Faults.slowSamplers of the latency failure slowing it, or -1. */
  readonly slow: Int32Array;
  /** Instances with a latency failure (`slow` ≥ 0): while there are none, calls skip `slow`. */
  slowCount = 0;
  /** Per instance: the token ring it belongs to (./behaviours/ring.ts), or -1. */
  readonly ring: Int32Array;

  constructor(topology: Topology) {
    const count = topology.instanceCount;
    this.count = count;
    const buffer = new ArrayBuffer(count * STRIDE * 4);
    const words = new Int32Array(buffer);
    this.words = words;
    this.reals = new Float64Array(buffer);
    this.queueLength = new Int32Array(count);
    this.queueTail = new Int32Array(count).fill(NO_CALL);
    this.slow = new Int32Array(count).fill(-1);
    this.ring = new Int32Array(count).fill(-1);
    for (let instance = 0; instance < count; instance++) {
      const base = instance * STRIDE;
      words[base + QUEUE_HEAD] = NO_CALL;
      words[base + STATE] =
        ((topology.instanceService[instance] as number) << SERVICE_SHIFT) | ALIVE_BIT | ROUTABLE_BIT;
      words[base + PLACE] =
        ((topology.instanceRegion[instance] as number) << 16) |
        ((topology.instanceZone[instance] as number) & 0xffff);
      words[base + GROUP] = -1;
    }
    // Standby instances (the autoscaler's spare slots) start stopped.
    for (const group of topology.services) {
      for (
        let instance = group.firstInstance + group.instanceCount - group.standbyCount;
        instance < group.firstInstance + group.instanceCount;
        instance++
      ) {
        this.setAlive(instance, false);
        this.setRoutable(instance, false);
      }
    }
  }

  /** The instance's service. */
  serviceOf(instance: number): number {
    return (this.words[instance * STRIDE + STATE] as number) >> SERVICE_SHIFT;
  }

  /** Whether the instance answers. */
  isAlive(instance: number): boolean {
    return ((this.words[instance * STRIDE + STATE] as number) & ALIVE_BIT) !== 0;
  }

  /** Whether callers route to it (discovery's view of `isAlive`). */
  isRoutable(instance: number): boolean {
    return ((this.words[instance * STRIDE + STATE] as number) & ROUTABLE_BIT) !== 0;
  }

  setAlive(instance: number, alive: boolean): void {
    this.setBit(instance, ALIVE_BIT, alive);
  }

  setRoutable(instance: number, routable: boolean): void {
    this.setBit(instance, ROUTABLE_BIT, routable);
  }

  /** The latency failure `samplerIndex` slows the instance (-1: none does). */
  setSlow(instance: number, samplerIndex: number): void {
    const before = this.slow[instance] as number;
    if (before < 0 && samplerIndex >= 0) this.slowCount++;
    else if (before >= 0 && samplerIndex < 0) this.slowCount--;
    this.slow[instance] = samplerIndex;
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

  private setBit(instance: number, bit: number, on: boolean): void {
    const index = instance * STRIDE + STATE;
    const state = this.words[index] as number;
    this.words[index] = on ? state | bit : state & ~bit;
  }
}
