/**
 * What a run measures per service, as it happens: counters, the latency histogram and timeline of
 * each service, and the time integrals behind utilisation, mean queue length and Little's law
 * (busy workers, queued calls and alive instances, integrated over simulated time). The results
 * (./results.ts) read them once the run is over.
 */
import { LatencyHistogram } from '../histogram.ts';
import { ERROR_CAUSES, type ErrorCause, type RunEvent } from '@shared/results.ts';
import { BUSY, BUSY_MOMENT, REAL_STRIDE, STRIDE, type InstanceTable } from './instances.ts';
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
  /** Workers busy and calls queued over all the service's instances. */
  readonly busy: Int32Array;
  readonly queued: Int32Array;
  /**
   * Their time integrals, kept as moments: a count that changes by d at time t adds −d·t to its
   * moment, so that its integral from 0 to T is moment + count·T (see `busyArea`). NOTE: rather
   * than bringing an integral up to date before each change (elapsed time × count), which cost
   * two updates per call on the hot path, each for the service and the instance. Times are whole
   * nanoseconds, so both ways give the same number exactly while the sums stay below 2^53 (about
   * 104 days of worker time in one service); beyond that both round, a little differently.
   */
  readonly busyMoment: Float64Array;
  readonly queuedMoment: Float64Array;
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
    this.busyMoment = new Float64Array(count);
    this.queuedMoment = new Float64Array(count);
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

  /** Time integral of the service's busy workers (ns × workers) from 0 to `until` (not before the last change). */
  busyArea(service: number, until: number): number {
    return (this.busyMoment[service] as number) + (this.busy[service] as number) * until;
  }

  /** Time integral of the service's queued calls from 0 to `until` (not before the last change). */
  queuedArea(service: number, until: number): number {
    return (this.queuedMoment[service] as number) + (this.queued[service] as number) * until;
  }

  /** `workers` of `instance` (of `service`) stop working now (done, or lost with their instance). */
  releaseWorkers(service: number, instance: number, workers: number): void {
    const now = this.kernel.now;
    this.instances.words[instance * STRIDE + BUSY] -= workers;
    this.busy[service] -= workers;
    this.busyMoment[service] += workers * now;
    this.instances.reals[instance * REAL_STRIDE + BUSY_MOMENT] += workers * now;
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
