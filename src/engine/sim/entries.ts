/**
 * Where requests enter: the entry instances (load.entry, else every denominator), each with its
 * own arrival stream — open loop, so arrivals never wait for a slow system — and its share of the
 * rate. A request is a root pseudo-call at its entry instance whose children are real calls; it is
 * over when the root answers.
 */
import { LatencyHistogram } from '../histogram.ts';
import { Random } from '../random.ts';
import { instanceLabel, regionName, zoneName, type ServiceGroup, type Topology } from '../topology/expand.ts';
import type { ArchDocument } from '@shared/document/schema.ts';
import type { Callee, RequestListener, WorkListener } from './callee.ts';
import { CALL_FLAGS, NO_CALL, type CallTable } from './calls.ts';
import { EPOCH, type InstanceTable } from './instances.ts';
import { EVENT, type Kernel } from './kernel.ts';
import { nextArrival, peakRate, rateFunction } from './load.ts';
import { CAUSE } from './metrics.ts';
import { TimelineRecorder } from './timeline.ts';

const {
  write: WRITE,
  sampled: SAMPLED,
  callerDone: CALLER_DONE,
  serverDone: SERVER_DONE,
  original: ORIGINAL,
} = CALL_FLAGS;

export interface Entry {
  readonly service: number;
  readonly instance: number;
  readonly arrivals: Random;
  readonly requests: Random;
  started: number;
  completed: number;
  errors: number;
  readonly histogram: LatencyHistogram;
  readonly timeline: TimelineRecorder;
}

/** What decides the load: the run's rate, length and trace sampling. */
export interface LoadSettings {
  readonly seed: number;
  readonly rate: number;
  readonly durationNs: number;
  readonly poisson: boolean;
  readonly writeFraction: number;
  readonly traceSampleRate: number;
  readonly maxTraces: number;
}

export class Entries implements RequestListener {
  readonly list: Entry[] = [];
  requestsStarted = 0;
  requestsCompleted = 0;
  requestErrors = 0;
  /** Entries whose next arrival is still to come. */
  private arrivalsPending = 0;
  private tracesKept = 0;
  private readonly rateAt: (seconds: number) => number;
  private readonly peak: number;
  private readonly traceRandom: Random;
  private work: WorkListener | null = null;

  constructor(
    private readonly kernel: Kernel,
    private readonly calls: CallTable,
    private readonly instances: InstanceTable,
    private readonly callee: Callee,
    topology: Topology,
    document: ArchDocument,
    private readonly settings: LoadSettings,
  ) {
    const seed = settings.seed;
    this.traceRandom = Random.stream(seed, 'traces');
    const load = document.load ?? {};
    const services = topology.services;
    // Entries: load.entry, else every denominator; the rate is split evenly over their instances.
    const entryNames =
      load.entry ??
      services.filter((service) => service.packageName === 'denominator').map((service) => service.name);
    for (const name of entryNames) {
      const service = services[topology.serviceIndexByName.get(name) as number] as ServiceGroup;
      for (
        let instance = service.firstInstance;
        instance < service.firstInstance + service.instanceCount;
        instance++
      ) {
        if (!topology.instanceRegistered[instance]) continue;
        // Named without the arch, so the same architecture under another name sees the same load.
        const label = `${regionName(topology, instance)}.${zoneName(topology, instance)}.${instanceLabel(topology, instance)}`;
        this.list.push({
          service: service.index,
          instance,
          arrivals: Random.stream(seed, `arrivals:${label}`),
          requests: Random.stream(seed, `requests:${label}`),
          started: 0,
          completed: 0,
          errors: 0,
          histogram: new LatencyHistogram(),
          timeline: new TimelineRecorder(),
        });
      }
    }
    const perEntry = this.list.length > 0 ? settings.rate / this.list.length : 0;
    this.rateAt = rateFunction(
      perEntry,
      (load.changes ?? []).map((change) => scaleChange(change, this.list.length)),
    );
    this.peak = peakRate(this.rateAt, settings.durationNs / 1e9);
  }

  /** Requests per second entering the whole system at `seconds` (the load's changes included). */
  totalRateAt(seconds: number): number {
    return this.rateAt(seconds) * this.list.length;
  }

  /** Schedules each entry's first arrival; `work` is told when a request has entered. */
  start(work: WorkListener): void {
    this.work = work;
    const { durationNs, poisson } = this.settings;
    this.list.forEach((entry, index) => {
      const first = nextArrival(0, durationNs, this.rateAt, this.peak, poisson, entry.arrivals);
      if (Number.isFinite(first)) {
        this.kernel.schedule(first, EVENT.arrival, index);
        this.arrivalsPending++;
      }
    });
  }

  /** A request enters at an entry instance (and the entry's next arrival is scheduled). */
  onArrival(entryIndex: number): void {
    const kernel = this.kernel;
    const now = kernel.now;
    const settings = this.settings;
    const entry = this.list[entryIndex] as Entry;
    const next = nextArrival(
      now,
      settings.durationNs,
      this.rateAt,
      this.peak,
      settings.poisson,
      entry.arrivals,
    );
    if (Number.isFinite(next)) kernel.schedule(next, EVENT.arrival, entryIndex);
    else this.arrivalsPending--;

    entry.started++;
    this.requestsStarted++;
    entry.timeline.countRequest(this.kernel.second());
    const calls = this.calls;
    const root = calls.allocate();
    calls.parent[root] = NO_CALL;
    calls.caller[root] = entry.instance;
    calls.callee[root] = entry.instance;
    calls.calleeService[root] = entry.service;
    calls.entry[root] = entryIndex;
    calls.clientSend[root] = now;
    calls.serverReceive[root] = now;
    calls.serverSend[root] = 0;
    calls.workStart[root] = now;
    calls.deadline[root] = Infinity;
    const write = entry.requests.chance(settings.writeFraction);
    const sampled = this.tracesKept < settings.maxTraces && this.traceRandom.chance(settings.traceSampleRate);
    if (sampled) this.tracesKept++;
    calls.flags[root] = (write ? WRITE : 0) | (sampled ? SAMPLED : 0) | CALLER_DONE | ORIGINAL;
    calls.error[root] = 0;
    calls.attempt[root] = 0;
    calls.step[root] = 0;
    calls.pending[root] = 0;
    calls.key[root] = entry.requests.nextUint32();
    calls.trace[root] = this.requestsStarted;
    calls.span[root] = 0;
    calls.list[root] = -1;
    calls.epoch[root] = this.instances.get(entry.instance, EPOCH);
    if (!this.instances.isAlive(entry.instance)) {
      this.callee.respond(root, CAUSE.failedInstance, false);
      return;
    }
    (this.work as WorkListener).proceed(root);
  }

  /** A request's root answered: the request is over. Stops the run after the last one. */
  completeRequest(root: number, error: number): void {
    const calls = this.calls;
    const now = this.kernel.now;
    const entry = this.list[calls.entry[root] as number] as Entry;
    const micros = (now - (calls.clientSend[root] as number)) / 1000;
    entry.histogram.record(micros);
    entry.completed++;
    entry.timeline.recordOutcome(this.kernel.second(), micros, error !== 0);
    this.requestsCompleted++;
    if (error !== 0) {
      entry.errors++;
      this.requestErrors++;
    }
    calls.mark(root, SERVER_DONE);
    if (this.arrivalsPending === 0 && this.requestsCompleted === this.requestsStarted) this.kernel.stop();
  }
}

/** A rate change scaled from the whole system to one of `entries` entry instances. */
function scaleChange<T extends { type: string }>(change: T, entries: number): T {
  if (entries <= 1) return change;
  const copy = { ...change } as Record<string, unknown>;
  for (const field of ['rate', 'toRate'])
    if (typeof copy[field] === 'number') copy[field] = (copy[field] as number) / entries;
  return copy as T;
}
