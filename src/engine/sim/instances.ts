/**
 * Every instance's state, in typed arrays indexed by instance: its workers, its FIFO queue of
 * calls (linked through the call table's `next`), whether it is alive and whether callers route
 * to it (discovery lags behind), and the epoch that tells a call from before its death.
 */
import type { Topology } from '../topology/expand.ts';
import { NO_CALL } from './calls.ts';

export class InstanceTable {
  readonly count: number;
  /** Workers busy. */
  readonly busy: Int32Array;
  /** Calls waiting, and the queue's first and last call (NO_CALL when empty). */
  readonly queueLength: Int32Array;
  readonly queueHead: Int32Array;
  readonly queueTail: Int32Array;
  /** Time integral of busy workers (ns), up to `lastChange`. */
  readonly busyArea: Float64Array;
  readonly lastChange: Float64Array;
  /** 1 while the instance answers. */
  readonly alive: Uint8Array;
  /** 1 while callers route to it (discovery's view of `alive`). */
  readonly routable: Uint8Array;
  /** Bumped when the instance dies or comes back: work from an older epoch is lost. */
  readonly epoch: Int32Array;

  constructor(topology: Topology) {
    const count = topology.instanceCount;
    this.count = count;
    this.busy = new Int32Array(count);
    this.queueLength = new Int32Array(count);
    this.queueHead = new Int32Array(count).fill(NO_CALL);
    this.queueTail = new Int32Array(count).fill(NO_CALL);
    this.busyArea = new Float64Array(count);
    this.lastChange = new Float64Array(count);
    this.alive = new Uint8Array(count).fill(1);
    this.routable = new Uint8Array(count).fill(1);
    this.epoch = new Int32Array(count);
    // Standby instances (the autoscaler's spare slots) start stopped.
    for (const group of topology.services) {
      for (
        let instance = group.firstInstance + group.instanceCount - group.standbyCount;
        instance < group.firstInstance + group.instanceCount;
        instance++
      ) {
        this.alive[instance] = 0;
        this.routable[instance] = 0;
      }
    }
  }
}
