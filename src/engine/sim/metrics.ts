/**
 * What a run measures per service, as it happens: counters, the latency histogram and timeline of
 * each service, and the time integrals behind utilisation, mean queue length and Little's law
 * (busy workers, queued calls and alive instances, integrated over simulated time). The results
 * (./results.ts) read them once the run is over.
 */
import { LatencyHistogram } from '../histogram.ts';
import { ERROR_CAUSES, type ErrorCause, type RunEvent } from '@shared/results.ts';
import { BUSY, BUSY_AREA, LAST_CHANGE, REAL_STRIDE, STRIDE, type InstanceTable } from './instances.ts';
import type { Kernel } from './kernel.ts';
import { TimelineRecorder } from './timeline.ts';

/** Error causes by index (0: no error), as calls carry them. */
export const CAUSES = ERROR_CAUSES.length + 1;
const causeIndex = (cause: ErrorCause): number => ERROR_CAUSES.indexOf(cause) + 1;
export const CAUSE = {
  rejected: causeIndex('rejected'),
  unroutable: causeIndex('unroutable'),
  timeout: causeIndex('timeout'),
  failedInstance: causeIndex('failed-instance'),
  breakerOpen: causeIndex('breaker-open'),
  injected: causeIndex('injected'),
  dependency: causeIndex('dependency'),
} as const;

/** Instance events are listed one by one up to this many per failure, then summarised. */
export const MAX_INSTANCE_EVENTS = 50;

export class Metrics {
  /** Calls that reached an instance of the service. */
  readonly requests: Float64Array;
  /** Of those, calls made on behalf of a request through first attempts only (amplification). */
  readonly original: Float64Array;
  /** Calls sent to the service (attempts), and those that succeeded. */
  readonly attempts: Float64Array;
  readonly successes: Float64Array;
  readonly retries: Float64Array;
  readonly fallbacks: Float64Array;
  readonly breakerTrips: Float64Array;
  /** Worker time spent on calls whose caller had given up (ns). */
  readonly wastedNs: Float64Array;
  /** Failed attempts by service × CAUSES + cause. */
  readonly errorsByCause: Float64Array;
  /** Server-side latency (SR → SS) per service, in µs. */
  readonly latency: LatencyHistogram[] = [];
  readonly timeline: TimelineRecorder[] = [];
  /** Workers busy and calls queued over all the service's instances, and their time integrals. */
  readonly busy: Int32Array;
  readonly queued: Int32Array;
  readonly busyArea: Float64Array;
  readonly queuedArea: Float64Array;
  readonly lastChange: Float64Array;
  readonly maxQueue: Int32Array;
  /** Sum of sojourn times (ns) and departures, for Little's law. */
  readonly timeInSystem: Float64Array;
  readonly departures: Float64Array;
  /** Instances alive and serving, and its time integral (capacity for utilisation). */
  readonly alive: Int32Array;
  readonly aliveArea: Float64Array;
  readonly aliveLastChange: Float64Array;
  /** What happened during the run (failures, instances, breakers, scaling), in order. */
  readonly events: RunEvent[] = [];

  constructor(
    private readonly kernel: Kernel,
    private readonly instances: InstanceTable,
    serviceCount: number,
  ) {
    const count = serviceCount;
    this.requests = new Float64Array(count);
    this.original = new Float64Array(count);
    this.attempts = new Float64Array(count);
    this.successes = new Float64Array(count);
    this.retries = new Float64Array(count);
    this.fallbacks = new Float64Array(count);
    this.breakerTrips = new Float64Array(count);
    this.wastedNs = new Float64Array(count);
    this.errorsByCause = new Float64Array(count * CAUSES);
    this.busy = new Int32Array(count);
    this.queued = new Int32Array(count);
    this.busyArea = new Float64Array(count);
    this.queuedArea = new Float64Array(count);
    this.lastChange = new Float64Array(count);
    this.maxQueue = new Int32Array(count);
    this.timeInSystem = new Float64Array(count);
    this.departures = new Float64Array(count);
    this.alive = new Int32Array(count);
    this.aliveArea = new Float64Array(count);
    this.aliveLastChange = new Float64Array(count);
    for (let service = 0; service < count; service++) {
      this.latency.push(new LatencyHistogram());
      this.timeline.push(new TimelineRecorder());
    }
  }

  /** Counts a failed attempt at `service`. */
  error(service: number, cause: number): void {
    this.errorsByCause[service * CAUSES + cause]++;
  }

  /**
   * Time-weighted bookkeeping before the number in a service changes: busy workers and queue
   * length integrals (utilisation, mean queue length, Little's L), per service and instance.
   */
  changeInSystem(service: number, instance: number): void {
    const now = this.kernel.now;
    const elapsed = now - (this.lastChange[service] as number);
    if (elapsed > 0) {
      this.busyArea[service] += (this.busy[service] as number) * elapsed;
      this.queuedArea[service] += (this.queued[service] as number) * elapsed;
      this.lastChange[service] = now;
    }
    const reals = this.instances.reals;
    const real = instance * REAL_STRIDE;
    const instanceElapsed = now - (reals[real + LAST_CHANGE] as number);
    if (instanceElapsed > 0) {
      reals[real + BUSY_AREA] += (this.instances.words[instance * STRIDE + BUSY] as number) * instanceElapsed;
      reals[real + LAST_CHANGE] = now;
    }
  }

  /** The number of alive instances of `service` changes by `delta` (0: bring the integral up to now). */
  changeAlive(service: number, delta: number): void {
    const now = this.kernel.now;
    this.aliveArea[service] +=
      (this.alive[service] as number) * (now - (this.aliveLastChange[service] as number));
    this.aliveLastChange[service] = now;
    this.alive[service] += delta;
  }

  /** Notes what happened at the current time. */
  event(event: Omit<RunEvent, 'atS'>): void {
    this.events.push({ atS: round(this.kernel.now / 1e9, 6), ...event });
  }
}

export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
