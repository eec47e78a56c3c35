/**
 * The discrete-event simulation of request traffic through an expanded topology.
 *
 * Time is simulated in integer nanoseconds (held in float64, exact up to 104 days). Events live in
 * a (time, sequence) heap; calls live in parallel typed arrays recycled through a free list, so a
 * run allocates almost nothing per request. Every random draw comes from a stream named after its
 * purpose and service, so the same document, options and seed give the same result, bit for bit.
 *
 * A request enters at an entry instance (a denominator), which calls one instance of its
 * dependencies. Each call crosses the network (delay by locality), waits in the callee's FIFO
 * queue when all its workers are busy (a full queue rejects), holds a worker while it does its
 * own work (service time from the latency model) and while it calls its own dependencies as its
 * package says, then answers back across the network. Each call records the seed talk's four
 * timestamps: client send (CS), server receive (SR), server send (SS), client receive (CR).
 *
 * Failures (a scenario of the document) kill instances, zones and regions (they stop answering:
 * callers time out), add latency, inject errors and partition the network. Callers keep routing
 * to a dead instance until discovery notices. Resilience: per-call timeouts (the callee's work
 * continues and is wasted), retries with backoff, failover and a budget, propagated deadlines,
 * and Hystrix-style circuit breakers with optional fallbacks.
 */
import { compileSampler, type Sampler } from '../distributions.ts';
import { LatencyHistogram } from '../histogram.ts';
import { Random } from '../random.ts';
import {
  ANYWHERE,
  calleeCandidates,
  expandTopology,
  instanceLabel,
  instanceName,
  regionName,
  zoneName,
  type ServiceGroup,
  type Topology,
} from '../topology/expand.ts';
import { DEFAULT_GRAPH_EPOCH_MS, instanceAddresses } from '../topology/graph.ts';
import { ENGINE_VERSION } from '../version.ts';
import { CircuitBreakerState, type BreakerSettings } from './breaker.ts';
import { EdgeTable, type Edge } from './edges.ts';
import { CALL_FLAGS, CallTable, NO_CALL } from './calls.ts';
import { EventQueue } from './event-queue.ts';
import { impactOf } from './impact.ts';
import { nextArrival, peakRate, rateFunction } from './load.ts';
import { TimelineRecorder, secondOf } from './timeline.ts';
import { LiveReader } from './live.ts';
import type { LiveNumbers } from '@shared/runs.ts';
import { TimeoutQueue } from './timeout-queue.ts';
import { resolveServices } from '@shared/document/resolve.ts';
import { STAASH_TIER_ORDER, type PackageName } from '@shared/document/packages.ts';
import type { LatencyModel } from '@shared/document/latency.ts';
import type { ArchDocument, Failure, Scenario } from '@shared/document/schema.ts';
import {
  ERROR_CAUSES,
  RESULT_FORMAT,
  type EdgeResult,
  type EntryResult,
  type ErrorCause,
  type FailureReport,
  type LatencySummary,
  type RunEvent,
  type RunResult,
  type ServiceResult,
  type TimelineSeries,
  type ZipkinSpan,
} from '@shared/results.ts';

export interface SimulationOptions {
  /** Seconds of arrivals (default: document load.durationS, else 60). */
  readonly durationS?: number;
  /** Requests per second entering the system (default: document load.rate, else 100). */
  readonly rate?: number;
  /** Random seed (default: document seed, else 1). */
  readonly seed?: number;
  readonly scale?: number;
  readonly regions?: number;
  /** Name used in instance names (spigo's -a). */
  readonly arch?: string;
  /** Scenario to run (see `scenarioNames`); none = no failures. */
  readonly scenario?: string | null;
  /** Fraction of requests whose traces are kept (default: document traceSampleRate, else 0.001). */
  readonly traceSampleRate?: number;
  /** At most this many traces are kept (default 1000). */
  readonly maxTraces?: number;
  /** How long in-flight requests may take to finish after the last arrival (default 60 s). */
  readonly drainS?: number;
  /** Refuse a topology of more instances than this (default DEFAULT_MAX_INSTANCES). */
  readonly maxInstances?: number;
}

/** Default one-way network delays by locality (ms). */
export const DEFAULT_NETWORK: {
  readonly sameZone: LatencyModel;
  readonly crossZone: LatencyModel;
  readonly crossRegion: LatencyModel;
} = {
  sameZone: { type: 'lognormal', median: 0.1, sigma: 0.3 },
  crossZone: { type: 'lognormal', median: 0.6, sigma: 0.3 },
  crossRegion: { type: 'lognormal', median: 35, sigma: 0.1 },
};

export const DEFAULT_RATE = 100;
export const DEFAULT_DURATION_S = 60;
export const DEFAULT_TRACE_SAMPLE_RATE = 0.001;
export const DEFAULT_DETECTION_S = 1;
/** The scenario a document's spigo `victim` stands for: one instance killed at half the run. */
export const CHAOS_MONKEY_SCENARIO = 'chaos-monkey';

/** The scenarios a document can run: its own, plus chaos-monkey when it names a victim. */
export function scenarioNames(document: ArchDocument): string[] {
  return documentScenarios(document).map((scenario) => scenario.name);
}

function documentScenarios(document: ArchDocument): Scenario[] {
  const scenarios = [...(document.scenarios ?? [])];
  const victim = document.victim;
  if (victim && document.services.some((service) => service.name === victim)) {
    if (!scenarios.some((scenario) => scenario.name === CHAOS_MONKEY_SCENARIO)) {
      scenarios.push({
        name: CHAOS_MONKEY_SCENARIO,
        description: `spigo's chaos monkey: one instance of ${victim} dies at half the run`,
        failures: [{ type: 'kill-instances', service: victim, count: 1 }],
      });
    }
  }
  return scenarios;
}

// Event kinds.
const ARRIVAL = 0;
const CALL_ARRIVE = 1;
const WORK_DONE = 2;
const RESPONSE_ARRIVE = 3;
const TIMEOUT = 4;
const RETRY = 5;
const FAILURE = 6;
const ROUTING_CHANGE = 7;
const REPLACE = 8;
const TIMEOUT_QUEUE = 9;
const AUTOSCALE = 10;
const ACTIVATE = 11;

/** How often a reactive autoscaler looks at utilisation. */
const AUTOSCALE_PERIOD_NS = 5e9;

// Package behaviours.
const ENTRY = 0;
const FORWARD = 1; // elb, zuul, karyon, monolith: local work, then dependencies by call mode
const DATA_ACCESS = 2;
const STORE = 3;
const RING = 4;

// Call modes.
const SEQUENTIAL = 0;
const PARALLEL = 1;
const ONE_OF = 2;

const {
  oneWay: ONE_WAY,
  write: WRITE,
  found: FOUND,
  sampled: SAMPLED,
  callerDone: CALLER_DONE,
  serverDone: SERVER_DONE,
  timedOut: TIMED_OUT,
  timerPending: TIMER_PENDING,
  original: ORIGINAL,
  retryPending: RETRY_PENDING,
  deadCallee: DEAD_CALLEE,
  responsePending: RESPONSE_PENDING,
  resolved: RESOLVED,
} = CALL_FLAGS;

const CAUSES = ERROR_CAUSES.length + 1;
const causeIndex = (cause: ErrorCause): number => ERROR_CAUSES.indexOf(cause) + 1;
const REJECTED = causeIndex('rejected');
const UNROUTABLE = causeIndex('unroutable');
const TIMED_OUT_CAUSE = causeIndex('timeout');
const FAILED_INSTANCE = causeIndex('failed-instance');
const BREAKER_OPEN_CAUSE = causeIndex('breaker-open');
const INJECTED = causeIndex('injected');
const DEPENDENCY = causeIndex('dependency');

/** Instance events are listed one by one up to this many per failure, then summarised. */
const MAX_INSTANCE_EVENTS = 50;

interface RouteGroup {
  /** Candidate list ids per dependency position of the caller's service. */
  readonly perDependency: readonly number[];
  /** All candidates of all dependencies (one-of mode, spigo's routing). */
  readonly oneOf: number;
  /** staash: candidate list id per tier, in tier order. */
  readonly tiers: readonly number[];
  /** store: peers of the same package to replicate writes to. */
  readonly peers: number;
}

interface Entry {
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

interface Autoscaler {
  readonly service: number;
  readonly target: number;
  readonly minimum: number;
  readonly maximum: number;
  readonly cooldownNs: number;
  readonly startupNs: number;
  /** Standby instances, in the order they are started. */
  readonly standby: readonly number[];
  /** Standby instances started (or starting), most recent last. */
  readonly started: number[];
  lastActionNs: number;
  lastBusyArea: number;
  lastAliveArea: number;
}

interface Place {
  readonly region: number;
  /** Zone index, or ANYWHERE for a whole region. */
  readonly zone: number;
}

interface ActiveFailure {
  readonly scenario: string;
  readonly failure: Failure;
  readonly atNs: number;
  readonly durationNs: number | null;
  /** Instances it killed or slowed. */
  instances: number[];
  target: string;
  samplerIndex: number;
  partition: [Place, Place] | null;
}

export interface SimulationProgress {
  readonly simulatedNs: number;
  readonly durationNs: number;
  readonly events: number;
  readonly requests: number;
  readonly completed: number;
  readonly done: boolean;
}

export class Simulation {
  readonly topology: Topology;
  readonly document: ArchDocument;
  private readonly seed: number;
  private readonly scenario: Scenario | null;
  private readonly durationNs: number;
  private readonly drainNs: number;
  private readonly detectionNs: number;
  private readonly rate: number;
  private readonly poisson: boolean;
  private readonly writeFraction: number;
  private readonly traceSampleRate: number;
  private readonly maxTraces: number;

  private readonly queue = new EventQueue(4096);
  private readonly calls = new CallTable(1024);
  private now = 0;
  private events = 0;
  private finished = false;

  // Services.
  private readonly serviceCount: number;
  private readonly behaviour: Uint8Array;
  private readonly callMode: Uint8Array;
  private readonly concurrency: Int32Array;
  private readonly queueLimit: Int32Array;
  private readonly cacheHitRate: Float64Array;
  private readonly propagatesDeadline: Uint8Array;
  private readonly replaceAfterNs: Float64Array;
  private readonly serviceSampler: Sampler[] = [];
  private readonly serviceRandom: Random[] = [];
  private readonly routeRandom: Random[] = [];
  private readonly dataRandom: Random[] = [];
  private readonly networkRandom: Random[] = [];
  private readonly retryRandom: Random[] = [];
  private readonly callProbability: Float64Array[] = [];
  private readonly serviceRequests: Float64Array;
  private readonly serviceOriginal: Float64Array;
  private readonly serviceAttempts: Float64Array;
  private readonly serviceSuccesses: Float64Array;
  private readonly serviceRetries: Float64Array;
  private readonly serviceFallbacks: Float64Array;
  private readonly serviceBreakerTrips: Float64Array;
  private readonly serviceWastedNs: Float64Array;
  private readonly serviceErrorsByCause: Float64Array;
  private readonly serviceLatency: LatencyHistogram[] = [];
  private readonly serviceTimeline: TimelineRecorder[] = [];
  private readonly liveReader = new LiveReader();
  private liveNames: string[] | null = null;
  private liveEntries: Map<number, Entry[]> | null = null;
  private readonly serviceBusy: Int32Array;
  private readonly serviceQueued: Int32Array;
  private readonly serviceBusyArea: Float64Array;
  private readonly serviceQueuedArea: Float64Array;
  private readonly serviceLastChange: Float64Array;
  private readonly serviceMaxQueue: Int32Array;
  private readonly serviceTimeInSystem: Float64Array;
  private readonly serviceDepartures: Float64Array;
  private readonly injectedErrorRate: Float64Array;

  // Instances.
  private readonly instanceBusy: Int32Array;
  private readonly instanceQueueLength: Int32Array;
  private readonly instanceQueueHead: Int32Array;
  private readonly instanceQueueTail: Int32Array;
  private readonly instanceBusyArea: Float64Array;
  private readonly instanceLastChange: Float64Array;
  private readonly instanceAlive: Uint8Array;
  private readonly instanceRoutable: Uint8Array;
  private readonly instanceEpoch: Int32Array;
  private readonly instanceSlow: Int32Array;
  private readonly routeGroupOf: Int32Array;
  private readonly routeGroups: RouteGroup[] = [];
  private readonly lists: Int32Array[] = [];
  private readonly listService: number[] = [];
  private readonly ringOf: Int32Array;
  private readonly rings: Int32Array[] = [];
  private readonly replicaRings: number[][] = [];
  private readonly networkSampler: [Sampler, Sampler, Sampler];
  private readonly breakers = new Map<number, CircuitBreakerState>();
  private readonly autoscalers: Autoscaler[] = [];
  /** Per service: instances alive and serving, and its time integral (capacity for utilisation). */
  private readonly serviceAlive: Int32Array;
  private readonly serviceAliveArea: Float64Array;
  private readonly serviceAliveLastChange: Float64Array;
  private scratch: Int32Array = new Int32Array(1);

  // Failures.
  private readonly failures: ActiveFailure[] = [];
  private readonly slowSamplers: Sampler[] = [];
  private readonly slowRandom: Random;
  /** Added latency on an edge: key caller service × S + callee service → sampler index. */
  private readonly edgeSlow = new Map<number, number>();
  private readonly partitions: [Place, Place][] = [];
  private readonly runEvents: RunEvent[] = [];

  // Edges (caller service → callee service), made on first use (./edges.ts).
  private readonly edgeTable: EdgeTable;
  private readonly edges: readonly Edge[];

  // Entries.
  private readonly entries: Entry[] = [];
  private readonly rateAt: (seconds: number) => number;
  private readonly peak: number;
  private readonly traceRandom: Random;

  private requestsStarted = 0;
  private requestsCompleted = 0;
  /** Entries whose next arrival is still to come. */
  private arrivalsPending = 0;
  /** Set when the last arrival has come and every request has finished: the run is over. */
  private allDone = false;
  private requestErrors = 0;
  private spanCounter = 0;
  private tracesKept = 0;
  private readonly spans: ZipkinSpan[] = [];
  private instanceIps: string[] | null = null;

  constructor(document: ArchDocument, options: SimulationOptions = {}) {
    this.document = document;
    this.topology = expandTopology(document, {
      arch: options.arch,
      scale: options.scale,
      regions: options.regions,
      standby: true,
      maxInstances: options.maxInstances,
    });
    const load = document.load ?? {};
    this.seed = (options.seed ?? document.seed ?? 1) >>> 0;
    this.durationNs = Math.round((options.durationS ?? load.durationS ?? DEFAULT_DURATION_S) * 1e9);
    this.drainNs = Math.round((options.drainS ?? 60) * 1e9);
    this.detectionNs = Math.round((document.discovery?.detectionS ?? DEFAULT_DETECTION_S) * 1e9);
    this.rate = options.rate ?? load.rate ?? DEFAULT_RATE;
    this.poisson = (load.arrival ?? 'poisson') === 'poisson';
    this.writeFraction = load.writeFraction ?? 0;
    this.traceSampleRate = options.traceSampleRate ?? document.traceSampleRate ?? DEFAULT_TRACE_SAMPLE_RATE;
    this.maxTraces = options.maxTraces ?? 1000;
    this.traceRandom = Random.stream(this.seed, 'traces');
    this.slowRandom = Random.stream(this.seed, 'latency-monkey');
    const scenarioName = options.scenario ?? null;
    this.scenario = null;
    if (scenarioName !== null) {
      const scenario = documentScenarios(document).find((candidate) => candidate.name === scenarioName);
      if (!scenario) {
        const known = scenarioNames(document);
        throw new RangeError(
          `unknown scenario "${scenarioName}" (${known.length > 0 ? `known: ${known.join(', ')}` : 'the document has none'})`,
        );
      }
      this.scenario = scenario;
    }

    const topology = this.topology;
    const services = topology.services;
    const count = services.length;
    this.serviceCount = count;
    this.behaviour = new Uint8Array(count);
    this.callMode = new Uint8Array(count);
    this.concurrency = new Int32Array(count);
    this.queueLimit = new Int32Array(count);
    this.cacheHitRate = new Float64Array(count);
    this.propagatesDeadline = new Uint8Array(count);
    this.replaceAfterNs = new Float64Array(count).fill(-1);
    this.serviceRequests = new Float64Array(count);
    this.serviceOriginal = new Float64Array(count);
    this.serviceAttempts = new Float64Array(count);
    this.serviceSuccesses = new Float64Array(count);
    this.serviceRetries = new Float64Array(count);
    this.serviceFallbacks = new Float64Array(count);
    this.serviceBreakerTrips = new Float64Array(count);
    this.serviceWastedNs = new Float64Array(count);
    this.serviceErrorsByCause = new Float64Array(count * CAUSES);
    this.serviceBusy = new Int32Array(count);
    this.serviceQueued = new Int32Array(count);
    this.serviceBusyArea = new Float64Array(count);
    this.serviceQueuedArea = new Float64Array(count);
    this.serviceLastChange = new Float64Array(count);
    this.serviceMaxQueue = new Int32Array(count);
    this.serviceTimeInSystem = new Float64Array(count);
    this.serviceDepartures = new Float64Array(count);
    this.injectedErrorRate = new Float64Array(count);
    this.serviceAlive = new Int32Array(count);
    this.serviceAliveArea = new Float64Array(count);
    this.serviceAliveLastChange = new Float64Array(count);
    const resolvedServices = resolveServices(document);
    this.edgeTable = new EdgeTable(resolvedServices);
    this.edges = this.edgeTable.edges;
    document.services.forEach((service, index) => {
      const resolved = resolvedServices[index]!;
      const group = services[index] as ServiceGroup;
      this.behaviour[index] = behaviourOf(group.packageName);
      this.callMode[index] =
        resolved.callMode === 'parallel' ? PARALLEL : resolved.callMode === 'one-of' ? ONE_OF : SEQUENTIAL;
      this.concurrency[index] = resolved.concurrency;
      this.queueLimit[index] = resolved.queue === null ? -1 : resolved.queue;
      this.cacheHitRate[index] = resolved.cacheHitRate;
      this.propagatesDeadline[index] = resolved.deadlinePropagation ? 1 : 0;
      if (service.autoscaling?.replaceAfterS !== undefined)
        this.replaceAfterNs[index] = service.autoscaling.replaceAfterS * 1e9;
      this.serviceSampler.push(compileSampler(resolved.latency));
      this.serviceRandom.push(Random.stream(this.seed, `service:${service.name}`));
      this.routeRandom.push(Random.stream(this.seed, `route:${service.name}`));
      this.dataRandom.push(Random.stream(this.seed, `data:${service.name}`));
      this.networkRandom.push(Random.stream(this.seed, `network:${service.name}`));
      this.retryRandom.push(Random.stream(this.seed, `retry:${service.name}`));
      this.callProbability.push(
        Float64Array.from(group.dependencies, (dependency) =>
          resolved.callProbability((services[dependency] as ServiceGroup).name),
        ),
      );
      this.serviceLatency.push(new LatencyHistogram());
      this.serviceTimeline.push(new TimelineRecorder());
    });

    const network = { ...DEFAULT_NETWORK, ...(document.network ?? {}) };
    this.networkSampler = [
      compileSampler(network.sameZone),
      compileSampler(network.crossZone),
      compileSampler(network.crossRegion),
    ];

    const instances = topology.instanceCount;
    this.instanceBusy = new Int32Array(instances);
    this.instanceQueueLength = new Int32Array(instances);
    this.instanceQueueHead = new Int32Array(instances).fill(NO_CALL);
    this.instanceQueueTail = new Int32Array(instances).fill(NO_CALL);
    this.instanceBusyArea = new Float64Array(instances);
    this.instanceLastChange = new Float64Array(instances);
    this.instanceAlive = new Uint8Array(instances).fill(1);
    this.instanceRoutable = new Uint8Array(instances).fill(1);
    this.instanceEpoch = new Int32Array(instances);
    this.instanceSlow = new Int32Array(instances).fill(-1);
    this.routeGroupOf = new Int32Array(instances).fill(-1);
    this.ringOf = new Int32Array(instances).fill(-1);
    for (const group of services) {
      this.serviceAlive[group.index] = group.instanceCount - group.standbyCount;
      for (
        let instance = group.firstInstance + group.instanceCount - group.standbyCount;
        instance < group.firstInstance + group.instanceCount;
        instance++
      ) {
        this.instanceAlive[instance] = 0;
        this.instanceRoutable[instance] = 0;
      }
    }
    this.buildRouteGroups();
    this.buildRings();
    this.buildAutoscalers();
    this.scratch = new Int32Array(Math.max(1, ...services.map((service) => service.dependencies.length)));

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
        this.entries.push({
          service: service.index,
          instance,
          arrivals: Random.stream(this.seed, `arrivals:${label}`),
          requests: Random.stream(this.seed, `requests:${label}`),
          started: 0,
          completed: 0,
          errors: 0,
          histogram: new LatencyHistogram(),
          timeline: new TimelineRecorder(),
        });
      }
    }
    const perEntry = this.entries.length > 0 ? this.rate / this.entries.length : 0;
    this.rateAt = rateFunction(
      perEntry,
      (load.changes ?? []).map((change) => scaleChange(change, this.entries.length)),
    );
    this.peak = peakRate(this.rateAt, this.durationNs / 1e9);
    this.entries.forEach((entry, index) => {
      const first = nextArrival(0, this.durationNs, this.rateAt, this.peak, this.poisson, entry.arrivals);
      if (Number.isFinite(first)) {
        this.queue.push(first, ARRIVAL, index);
        this.arrivalsPending++;
      }
    });
    this.scheduleFailures();
  }

  /** Runs up to `maxEvents` events; returns true when the run is complete. */
  runSlice(maxEvents: number): boolean {
    if (this.finished) return true;
    const limit = this.durationNs + this.drainNs;
    const queue = this.queue;
    let remaining = maxEvents;
    while (remaining-- > 0) {
      if (this.allDone || queue.size === 0 || queue.peekTime() > limit) {
        // Timers and one-way messages still queued after the last request finished do not
        // extend the run.
        this.finish(this.allDone || queue.size === 0 ? this.now : limit);
        return true;
      }
      this.now = queue.pop();
      this.events++;
      const argument = queue.poppedArg;
      switch (queue.poppedKind) {
        case ARRIVAL:
          this.onArrival(argument);
          break;
        case CALL_ARRIVE:
          this.onCallArrive(argument);
          break;
        case WORK_DONE:
          this.onWorkDone(argument);
          break;
        case RESPONSE_ARRIVE:
          this.onResponseArrive(argument);
          break;
        case TIMEOUT:
          this.onTimeout(argument);
          break;
        case RETRY:
          this.onRetry(argument);
          break;
        case FAILURE:
          this.onFailure(argument);
          break;
        case ROUTING_CHANGE:
          this.onRoutingChange(argument);
          break;
        case REPLACE:
          this.onReplace(argument);
          break;
        case TIMEOUT_QUEUE:
          this.onTimeoutQueue(argument);
          break;
        case AUTOSCALE:
          this.onAutoscale(argument);
          break;
        case ACTIVATE:
          this.onActivate(argument);
          break;
        default:
          throw new Error(`unknown event kind ${queue.poppedKind}`);
      }
    }
    return false;
  }

  /** Runs to the end (in slices, calling `onProgress` between them). */
  run(onProgress?: (progress: SimulationProgress) => void, sliceEvents = 200_000): RunResult {
    while (!this.runSlice(sliceEvents)) onProgress?.(this.progress());
    onProgress?.(this.progress());
    return this.result();
  }

  /**
   * Slots in the call table (its high-water mark of calls in flight, rounded up to a power of
   * two). Slots are freed as soon as a call is over, so this follows the calls in flight, not
   * the rate times the timeout.
   */
  get callSlots(): number {
    return this.calls.capacity;
  }

  /** Per-service and per-dependency numbers so far, for a studio watching the run. */
  live(): LiveNumbers {
    this.liveNames ??= this.topology.services.map((group) => (group as ServiceGroup).name);
    // An entry point's numbers are its entries' (one per instance), not a service's.
    if (this.liveEntries === null) {
      this.liveEntries = new Map();
      for (const entry of this.entries)
        this.liveEntries.set(entry.service, [...(this.liveEntries.get(entry.service) ?? []), entry]);
    }
    const entries = this.liveEntries;
    const sum = (list: readonly Entry[], count: (entry: Entry) => number) =>
      list.reduce((total, entry) => total + count(entry), 0);
    return this.liveReader.read({
      nowNs: this.now,
      names: this.liveNames,
      requests: (service) => {
        const list = entries.get(service);
        return list ? sum(list, (entry) => entry.started) : (this.serviceRequests[service] as number);
      },
      errors: (service) => {
        const list = entries.get(service);
        if (list) return sum(list, (entry) => entry.errors);
        let errors = 0;
        for (let cause = 1; cause <= ERROR_CAUSES.length; cause++)
          errors += this.serviceErrorsByCause[service * CAUSES + cause] as number;
        return errors;
      },
      second: (service, second) => {
        const list = entries.get(service);
        return list
          ? secondOf(
              list.map((entry) => entry.timeline),
              second,
            )
          : (this.serviceTimeline[service] as TimelineRecorder).second(second);
      },
      edges: this.edges,
    });
  }

  progress(): SimulationProgress {
    return {
      simulatedNs: this.now,
      durationNs: this.durationNs,
      events: this.events,
      requests: this.requestsStarted,
      completed: this.requestsCompleted,
      done: this.finished,
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Setup

  private addList(list: Int32Array, service: number): number {
    this.lists.push(list);
    this.listService.push(service);
    return this.lists.length - 1;
  }

  private buildRouteGroups(): void {
    const topology = this.topology;
    const keys = new Map<string, number>();
    for (let instance = 0; instance < topology.instanceCount; instance++) {
      const serviceIndex = topology.instanceService[instance] as number;
      const service = topology.services[serviceIndex] as ServiceGroup;
      if (service.dependencies.length === 0) continue;
      const scope = service.global ? '*' : String(topology.instanceRegion[instance]);
      const zone = service.profile.crossZone ? '' : zoneName(topology, instance);
      const key = `${serviceIndex}|${scope}|${zone}|${topology.instanceRegistered[instance]}`;
      let group = keys.get(key);
      if (group === undefined) {
        const candidates = service.dependencies.map((dependency) =>
          calleeCandidates(topology, instance, dependency),
        );
        const perDependency = candidates.map((list, position) =>
          this.addList(list, service.dependencies[position] as number),
        );
        const oneOf = this.addList(concatenate(candidates), service.dependencies[0] as number);
        const tiers: number[] = [];
        if (this.behaviour[serviceIndex] === DATA_ACCESS) {
          for (const packageName of STAASH_TIER_ORDER) {
            const positions = service.dependencies
              .map((dependency, position) => ({ dependency, position }))
              .filter(
                ({ dependency }) =>
                  (topology.services[dependency] as ServiceGroup).packageName === packageName,
              );
            const tier = concatenate(positions.map(({ position }) => candidates[position] as Int32Array));
            if (tier.length > 0)
              tiers.push(this.addList(tier, (positions[0] as { dependency: number }).dependency));
          }
        }
        const peerPositions = service.dependencies
          .map((dependency, position) => ({ dependency, position }))
          .filter(
            ({ dependency }) =>
              (topology.services[dependency] as ServiceGroup).packageName === service.packageName,
          );
        const peers = this.addList(
          concatenate(peerPositions.map(({ position }) => candidates[position] as Int32Array)),
          peerPositions[0]?.dependency ?? serviceIndex,
        );
        group = this.routeGroups.length;
        this.routeGroups.push({ perDependency, oneOf, tiers, peers });
        keys.set(key, group);
      }
      this.routeGroupOf[instance] = group;
    }
  }

  /**
   * Token rings of priamCassandra/riak: one per service, region and zone, with the zone's
   * instances at evenly spaced tokens (spigo's Distribute). A key belongs to the instance with the
   * largest token not above hash(key); archsim draws the key hash uniformly per request.
   */
  private buildRings(): void {
    const topology = this.topology;
    for (const service of topology.services) {
      if (this.behaviour[service.index] !== RING) continue;
      const byPlace = new Map<string, number[]>();
      for (
        let instance = service.firstInstance;
        instance < service.firstInstance + service.instanceCount;
        instance++
      ) {
        if (!topology.instanceRegistered[instance]) continue;
        const place = `${topology.instanceRegion[instance]}/${topology.instanceZone[instance]}`;
        const members = byPlace.get(place) ?? [];
        members.push(instance);
        byPlace.set(place, members);
      }
      const ringIds: number[] = [];
      for (const members of byPlace.values()) {
        const ring = this.rings.length;
        this.rings.push(Int32Array.from(members));
        for (const member of members) this.ringOf[member] = ring;
        ringIds.push(ring);
      }
      // Writes replicate to the key's owner in every other ring the service can see: the other
      // zones of its region, and other regions when it is cross-region (lists eureka).
      for (const ring of ringIds) {
        const region = topology.instanceRegion[(this.rings[ring] as Int32Array)[0] as number];
        this.replicaRings[ring] = ringIds.filter(
          (other) =>
            other !== ring &&
            (service.crossRegion ||
              topology.instanceRegion[(this.rings[other] as Int32Array)[0] as number] === region),
        );
      }
    }
  }

  private scheduleFailures(): void {
    if (!this.scenario) return;
    for (const failure of this.scenario.failures) {
      const atNs = Math.round((failure.atS ?? this.durationNs / 2e9) * 1e9);
      const durationNs = failure.durationS === undefined ? null : Math.round(failure.durationS * 1e9);
      const index = this.failures.length;
      this.failures.push({
        scenario: this.scenario.name,
        failure,
        atNs,
        durationNs,
        instances: [],
        target: '',
        samplerIndex: -1,
        partition: null,
      });
      this.queue.push(atNs, FAILURE, index * 2);
      if (durationNs !== null) this.queue.push(atNs + durationNs, FAILURE, index * 2 + 1);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Calls

  /** Starts one attempt from `caller` to an instance of list `list`, made on behalf of `parent`. */
  private attempt(
    parent: number,
    caller: number,
    callerService: number,
    list: number,
    attempt: number,
    avoid: number,
    inherit: number,
  ): void {
    const target = this.pick(
      this.lists[list] as Int32Array,
      caller,
      avoid,
      this.routeRandom[callerService] as Random,
    );
    if (target < 0) {
      // Nothing to call: fails at once, without crossing the network.
      const service = this.listService[list] as number;
      this.serviceAttempts[service]++;
      this.serviceErrorsByCause[service * CAUSES + UNROUTABLE]++;
      this.childDone(parent, UNROUTABLE, false);
      return;
    }
    const calleeService = this.topology.instanceService[target] as number;
    const edgeIndex = this.edgeTable.indexOf(callerService, calleeService);
    const edge = this.edges[edgeIndex] as Edge;
    const breakerConfig = edge.breaker;
    if (breakerConfig) {
      const breaker = this.breakerFor(caller, calleeService, breakerConfig);
      if (!breaker.allow(this.now)) {
        this.serviceAttempts[calleeService]++;
        if (breakerConfig.fallback) {
          this.serviceFallbacks[calleeService]++;
          this.serviceSuccesses[calleeService]++;
          this.childDone(parent, 0, false);
        } else {
          this.serviceErrorsByCause[calleeService * CAUSES + BREAKER_OPEN_CAUSE]++;
          this.childDone(parent, BREAKER_OPEN_CAUSE, false);
        }
        return;
      }
    }
    const calls = this.calls;
    // Deadline: the caller's own incoming deadline if it propagates deadlines.
    const parentDeadline =
      parent !== NO_CALL && this.propagatesDeadline[callerService]
        ? (calls.deadline[parent] as number)
        : Infinity;
    let timeout = edge.timeoutNs;
    if (parentDeadline - this.now < timeout) timeout = parentDeadline - this.now;
    if (timeout <= 0) {
      this.serviceAttempts[calleeService]++;
      this.serviceErrorsByCause[calleeService * CAUSES + TIMED_OUT_CAUSE]++;
      this.childDone(parent, TIMED_OUT_CAUSE, false);
      return;
    }
    if (attempt === 0) {
      // Retry budget: each first attempt earns a fraction of a retry (capped at 100 tokens).
      const ratio = edge.retryPolicy.budgetRatio;
      if (ratio > 0) edge.retryTokens = Math.min(100, edge.retryTokens + ratio);
    }
    const call = this.send(parent, caller, callerService, target, inherit, false, attempt, edgeIndex);
    calls.list[call] = list;
    // A caller that propagates deadlines tells the callee when nobody will wait any more.
    calls.deadline[call] = this.propagatesDeadline[callerService] ? this.now + timeout : Infinity;
    this.setTimer(call, edgeIndex, timeout);
  }

  /**
   * Starts the caller's timer on `call`. Standard lengths share a FIFO whose entries do not hold
   * the call's slot (see TimeoutQueue); other lengths are heap events that do (TIMER_PENDING).
   */
  private setTimer(call: number, edgeIndex: number, timeout: number): void {
    const calls = this.calls;
    const edge = this.edges[edgeIndex] as Edge;
    if (timeout !== edge.timeoutNs) {
      calls.flags[call] = (calls.flags[call] as number) | TIMER_PENDING;
      this.queue.push(this.now + timeout, TIMEOUT, call);
      return;
    }
    let queue = edge.timeoutQueue;
    if (!queue) {
      queue = new TimeoutQueue();
      edge.timeoutQueue = queue;
    }
    queue.push(call, calls.generation[call] as number, this.now + timeout);
    if (!queue.scheduled) {
      queue.scheduled = true;
      this.queue.push(queue.peekExpiry(), TIMEOUT_QUEUE, edgeIndex);
    }
  }

  /** Expires the due timers of one FIFO, drops stale entries at its head, re-arms its event. */
  private onTimeoutQueue(edgeIndex: number): void {
    const queue = (this.edges[edgeIndex] as Edge).timeoutQueue as TimeoutQueue;
    const calls = this.calls;
    queue.scheduled = false;
    while (queue.length > 0) {
      const call = queue.peekCall();
      // Stale: the call is over and its slot was freed (and perhaps reused), or it was answered.
      // The table's arrays are read afresh each time: a timeout can retry, and a retry can grow them.
      const stale =
        calls.generation[call] !== queue.peekGeneration() || ((calls.flags[call] as number) & RESOLVED) !== 0;
      if (!stale && queue.peekExpiry() > this.now) break;
      queue.shift();
      if (!stale) this.onTimeout(call);
    }
    if (queue.length > 0) {
      queue.scheduled = true;
      this.queue.push(queue.peekExpiry(), TIMEOUT_QUEUE, edgeIndex);
    }
  }

  /** A routable instance of `candidates`, not `caller` nor `avoid`; -1 when there is none. */
  private pick(candidates: Int32Array, caller: number, avoid: number, random: Random): number {
    const length = candidates.length;
    if (length === 0) return -1;
    const routable = this.instanceRoutable;
    for (let attempt = 0; attempt < 8; attempt++) {
      const candidate = candidates[random.below(length)] as number;
      if (candidate !== caller && candidate !== avoid && routable[candidate]) return candidate;
    }
    // Mostly unusable: scan from a random start so the choice stays fair and deterministic.
    const start = random.below(length);
    let fallback = -1;
    for (let offset = 0; offset < length; offset++) {
      const candidate = candidates[(start + offset) % length] as number;
      if (candidate === caller || !routable[candidate]) continue;
      if (candidate !== avoid) return candidate;
      fallback = candidate;
    }
    return fallback;
  }

  /**
   * Sends a call across the network; returns its slot. `edgeIndex` is the caller → callee
   * service edge when the caller has looked it up already.
   */
  private send(
    parent: number,
    caller: number,
    callerService: number,
    callee: number,
    inherit: number,
    oneWay: boolean,
    attempt: number,
    edgeIndex = -1,
  ): number {
    const calls = this.calls;
    const call = calls.allocate();
    const topology = this.topology;
    const calleeService = topology.instanceService[callee] as number;
    const inherited = calls.flags[inherit] as number;
    calls.parent[call] = parent;
    calls.caller[call] = caller;
    calls.callee[call] = callee;
    calls.calleeService[call] = calleeService;
    calls.entry[call] = calls.entry[inherit] as number;
    calls.clientSend[call] = this.now;
    calls.serverReceive[call] = 0;
    calls.serverSend[call] = 0;
    calls.workStart[call] = -1;
    calls.deadline[call] = Infinity;
    calls.flags[call] =
      (inherited & (WRITE | SAMPLED)) |
      (attempt === 0 && (inherited & ORIGINAL) !== 0 ? ORIGINAL : 0) |
      (oneWay ? ONE_WAY | CALLER_DONE : 0);
    calls.error[call] = 0;
    calls.attempt[call] = attempt;
    calls.step[call] = 0;
    calls.pending[call] = 0;
    calls.key[call] = calls.key[inherit] as number;
    calls.trace[call] = calls.trace[inherit] as number;
    calls.span[call] = (calls.flags[call] as number) & SAMPLED ? ++this.spanCounter : 0;
    calls.list[call] = -1;
    if (!oneWay) this.serviceAttempts[calleeService]++;
    if (attempt > 0) this.serviceRetries[calleeService]++;
    const edgeOfCall = edgeIndex >= 0 ? edgeIndex : this.edgeTable.indexOf(callerService, calleeService);
    const edge = this.edges[edgeOfCall] as Edge;
    calls.edge[call] = edgeOfCall;
    edge.calls++;
    const locality = this.locality(caller, callee);
    calls.locality[call] = locality;
    if (locality === 0) edge.sameZone++;
    else if (locality === 1) edge.crossZone++;
    else edge.crossRegion++;
    if (this.partitions.length > 0 && this.partitioned(caller, callee)) {
      calls.mark(call, SERVER_DONE); // lost in the partition
      return call;
    }
    let delay = (this.networkSampler[locality] as Sampler)(this.networkRandom[callerService] as Random);
    if (this.edgeSlow.size > 0) {
      const slow = this.edgeSlow.get(callerService * this.serviceCount + calleeService);
      if (slow !== undefined) delay += (this.slowSamplers[slow] as Sampler)(this.slowRandom);
    }
    this.queue.push(this.now + Math.round(delay * 1e6), CALL_ARRIVE, call);
    return call;
  }

  /** 0 same zone, 1 cross zone (or either side is cross-zone/global), 2 cross region. */
  private locality(caller: number, callee: number): 0 | 1 | 2 {
    const topology = this.topology;
    const callerRegion = topology.instanceRegion[caller] as number;
    const calleeRegion = topology.instanceRegion[callee] as number;
    if (callerRegion !== ANYWHERE && calleeRegion !== ANYWHERE && callerRegion !== calleeRegion) return 2;
    const callerZone = topology.instanceZone[caller] as number;
    const calleeZone = topology.instanceZone[callee] as number;
    if (callerRegion === calleeRegion && callerZone !== ANYWHERE && callerZone === calleeZone) return 0;
    return 1;
  }

  private breakerFor(caller: number, calleeService: number, settings: BreakerSettings): CircuitBreakerState {
    const key = caller * this.serviceCount + calleeService;
    let breaker = this.breakers.get(key);
    if (!breaker) {
      breaker = new CircuitBreakerState(settings);
      this.breakers.set(key, breaker);
    }
    return breaker;
  }

  /** Whether the caller's parent call is gone (its instance died since it arrived). */
  private parentGone(parent: number): boolean {
    if (parent === NO_CALL) return false;
    return this.calls.epoch[parent] !== this.instanceEpoch[this.calls.callee[parent] as number];
  }

  // ---------------------------------------------------------------------------------------------
  // Events

  private onArrival(entryIndex: number): void {
    const entry = this.entries[entryIndex] as Entry;
    const next = nextArrival(this.now, this.durationNs, this.rateAt, this.peak, this.poisson, entry.arrivals);
    if (Number.isFinite(next)) this.queue.push(next, ARRIVAL, entryIndex);
    else this.arrivalsPending--;

    entry.started++;
    this.requestsStarted++;
    entry.timeline.countRequest(Math.floor(this.now / 1e9));
    // The request is a pseudo-call at the entry instance; its children are real calls.
    const calls = this.calls;
    const root = calls.allocate();
    calls.parent[root] = NO_CALL;
    calls.caller[root] = entry.instance;
    calls.callee[root] = entry.instance;
    calls.calleeService[root] = entry.service;
    calls.entry[root] = entryIndex;
    calls.clientSend[root] = this.now;
    calls.serverReceive[root] = this.now;
    calls.serverSend[root] = 0;
    calls.workStart[root] = this.now;
    calls.deadline[root] = Infinity;
    const write = entry.requests.chance(this.writeFraction);
    const sampled = this.tracesKept < this.maxTraces && this.traceRandom.chance(this.traceSampleRate);
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
    calls.epoch[root] = this.instanceEpoch[entry.instance] as number;
    if (!this.instanceAlive[entry.instance]) {
      this.respond(root, FAILED_INSTANCE, false);
      return;
    }
    this.proceed(root);
  }

  private onCallArrive(call: number): void {
    const calls = this.calls;
    const instance = calls.callee[call] as number;
    const service = calls.calleeService[call] as number;
    if (!this.instanceAlive[instance]) {
      calls.mark(call, SERVER_DONE | DEAD_CALLEE); // nobody answers: the caller will time out
      return;
    }
    calls.serverReceive[call] = this.now;
    calls.epoch[call] = this.instanceEpoch[instance] as number;
    this.serviceRequests[service]++;
    if ((calls.flags[call] as number) & ORIGINAL) this.serviceOriginal[service]++;
    (this.serviceTimeline[service] as TimelineRecorder).countRequest(Math.floor(this.now / 1e9));
    this.changeInSystem(service, instance);
    if ((calls.deadline[call] as number) <= this.now) {
      this.respond(call, TIMED_OUT_CAUSE, false); // its caller has already given up: no work
      return;
    }
    if ((this.instanceBusy[instance] as number) < (this.concurrency[service] as number)) {
      this.startWork(call, instance, service);
      return;
    }
    const limit = this.queueLimit[service] as number;
    if (limit >= 0 && (this.instanceQueueLength[instance] as number) >= limit) {
      this.respond(call, REJECTED, false);
      return;
    }
    // FIFO through the calls' next links.
    const tail = this.instanceQueueTail[instance] as number;
    if (tail === NO_CALL) this.instanceQueueHead[instance] = call;
    else calls.next[tail] = call;
    this.instanceQueueTail[instance] = call;
    this.instanceQueueLength[instance]++;
    this.serviceQueued[service]++;
    if ((this.instanceQueueLength[instance] as number) > (this.serviceMaxQueue[service] as number)) {
      this.serviceMaxQueue[service] = this.instanceQueueLength[instance] as number;
    }
  }

  private startWork(call: number, instance: number, service: number): void {
    this.instanceBusy[instance]++;
    this.serviceBusy[service]++;
    this.calls.workStart[call] = this.now;
    let work = (this.serviceSampler[service] as Sampler)(this.serviceRandom[service] as Random);
    const slow = this.instanceSlow[instance] as number;
    if (slow >= 0) work += (this.slowSamplers[slow] as Sampler)(this.slowRandom);
    this.queue.push(this.now + Math.round(work * 1e6), WORK_DONE, call);
  }

  private onWorkDone(call: number): void {
    const calls = this.calls;
    const instance = calls.callee[call] as number;
    if (calls.epoch[call] !== this.instanceEpoch[instance]) {
      calls.mark(call, SERVER_DONE | DEAD_CALLEE); // the instance died while working on it
      return;
    }
    const service = calls.calleeService[call] as number;
    const errorRate = this.injectedErrorRate[service] as number;
    if (errorRate > 0 && (this.dataRandom[service] as Random).chance(errorRate)) {
      this.respond(call, INJECTED, false);
      return;
    }
    this.proceed(call);
  }

  private onResponseArrive(call: number): void {
    const calls = this.calls;
    const flags = calls.flags[call] as number;
    if (flags & RESOLVED) {
      calls.mark(call, 0, RESPONSE_PENDING); // a late answer: the caller gave up already
      return;
    }
    calls.flags[call] = (flags | RESOLVED) & ~RESPONSE_PENDING;
    const edge = this.edges[calls.edge[call] as number] as Edge;
    const clientSend = calls.clientSend[call] as number;
    const serverReceive = calls.serverReceive[call] as number;
    const serverSend = calls.serverSend[call] as number;
    edge.response.record((this.now - clientSend) / 1000);
    edge.service.record((serverSend - serverReceive) / 1000);
    edge.network.record((serverReceive - clientSend + (this.now - serverSend)) / 1000);
    if (flags & SAMPLED) this.recordSpans(call, this.now);
    const error = calls.error[call] as number;
    this.attemptOutcome(call, error);
  }

  private onTimeout(call: number): void {
    const calls = this.calls;
    const flags = calls.flags[call] as number;
    if (flags & RESOLVED) {
      calls.mark(call, 0, TIMER_PENDING); // answered in time
      return;
    }
    // The caller stops waiting. The callee, if alive, goes on working: that work is wasted.
    calls.flags[call] = (flags | TIMED_OUT | RESOLVED) & ~TIMER_PENDING;
    const callee = calls.callee[call] as number;
    const cause =
      (flags & DEAD_CALLEE) !== 0 || !this.instanceAlive[callee] ? FAILED_INSTANCE : TIMED_OUT_CAUSE;
    (this.edges[calls.edge[call] as number] as Edge).response.record(
      (this.now - (calls.clientSend[call] as number)) / 1000,
    );
    calls.error[call] = cause;
    if (flags & SAMPLED) this.recordSpans(call, this.now);
    this.attemptOutcome(call, cause);
  }

  /** The caller learned how an attempt ended: success, or an error that may be retried. */
  private attemptOutcome(call: number, error: number): void {
    const calls = this.calls;
    const calleeService = calls.calleeService[call] as number;
    const caller = calls.caller[call] as number;
    const edge = this.edges[calls.edge[call] as number] as Edge;
    const breakerConfig = edge.breaker;
    if (breakerConfig) {
      if (this.breakerFor(caller, calleeService, breakerConfig).record(this.now, error !== 0)) {
        this.serviceBreakerTrips[calleeService]++;
        if (this.serviceBreakerTrips[calleeService]! <= MAX_INSTANCE_EVENTS) {
          this.runEvents.push({
            atS: round(this.now / 1e9, 6),
            kind: 'breaker-open',
            service: this.topology.services[calleeService]!.name,
            instance: instanceName(this.topology, caller),
            detail: `circuit breaker in ${instanceName(this.topology, caller)} opened`,
          });
        }
      }
    }
    const parent = calls.parent[call] as number;
    if (error === 0) {
      this.serviceSuccesses[calleeService]++;
      const found = ((calls.flags[call] as number) & FOUND) !== 0;
      calls.mark(call, CALLER_DONE);
      this.childDone(parent, 0, found);
      return;
    }
    this.serviceErrorsByCause[calleeService * CAUSES + error]++;
    edge.errors++;
    const policy = edge.retryPolicy;
    const attempt = calls.attempt[call] as number;
    if (
      attempt < policy.count &&
      !this.parentGone(parent) &&
      calls.list[call] >= 0 &&
      this.retryAllowed(edge)
    ) {
      let delay = 0;
      if (policy.backoff === 1) delay = policy.baseNs;
      else if (policy.backoff === 2) delay = Math.min(policy.maxNs, policy.baseNs * 2 ** attempt);
      if (policy.jitter && delay > 0) delay *= (this.retryRandom[edge.caller] as Random).uniform();
      calls.mark(call, RETRY_PENDING);
      this.queue.push(this.now + Math.round(delay), RETRY, call);
      return;
    }
    calls.mark(call, CALLER_DONE);
    this.childDone(parent, error, false);
  }

  /** Retry budget (Finagle-style token bucket per caller and callee service). */
  private retryAllowed(edge: Edge): boolean {
    if (edge.retryPolicy.budgetRatio < 0) return true;
    if (edge.retryTokens < 1) return false;
    edge.retryTokens--;
    return true;
  }

  private onRetry(call: number): void {
    const calls = this.calls;
    const parent = calls.parent[call] as number;
    calls.mark(call, CALLER_DONE, RETRY_PENDING);
    if (this.parentGone(parent)) {
      this.childDone(parent, TIMED_OUT_CAUSE, false);
      return;
    }
    const caller = calls.caller[call] as number;
    const callerService = this.topology.instanceService[caller] as number;
    const policy = (this.edges[calls.edge[call] as number] as Edge).retryPolicy;
    const avoid = policy.failover ? (calls.callee[call] as number) : -1;
    this.attempt(
      parent,
      caller,
      callerService,
      calls.list[call] as number,
      (calls.attempt[call] as number) + 1,
      avoid,
      call,
    );
  }

  // ---------------------------------------------------------------------------------------------
  // Behaviour

  /**
   * Advances a call whose local work is done (or a request at its entry): calls the next
   * dependencies its package and call mode ask for, or answers.
   */
  private proceed(call: number): void {
    const calls = this.calls;
    const instance = calls.callee[call] as number;
    const service = calls.calleeService[call] as number;
    switch (this.behaviour[service]) {
      case ENTRY:
      case FORWARD:
        this.forward(call, instance, service);
        return;
      case DATA_ACCESS:
        this.dataAccess(call, instance, service);
        return;
      case STORE:
        this.store(call, instance, service);
        return;
      case RING:
        this.ring(call, instance, service);
        return;
      default:
        throw new Error(`service ${service} has no behaviour`);
    }
  }

  /** elb, zuul, karyon, monolith and the entry: dependencies in sequence, in parallel, or one of them. */
  private forward(call: number, instance: number, service: number): void {
    const calls = this.calls;
    const groupIndex = this.routeGroupOf[instance] as number;
    if (groupIndex < 0) {
      this.respond(call, 0, true); // a leaf answers (spigo's leaf karyon never did)
      return;
    }
    const group = this.routeGroups[groupIndex] as RouteGroup;
    const random = this.routeRandom[service] as Random;
    const mode = this.behaviour[service] === ENTRY ? ONE_OF : (this.callMode[service] as number);
    if (mode === ONE_OF) {
      calls.step[call] = 1;
      calls.pending[call] = 1;
      this.attempt(call, instance, service, group.oneOf, 0, -1, call);
      return;
    }
    const probabilities = this.callProbability[service] as Float64Array;
    if (mode === PARALLEL) {
      // Decide every dependency first, then send, so that a child failing at once cannot answer
      // the call before all its siblings are counted.
      const chosen = this.scratch;
      let launched = 0;
      for (let position = 0; position < group.perDependency.length; position++) {
        if (random.chance(probabilities[position] as number)) chosen[launched++] = position;
      }
      calls.step[call] = group.perDependency.length;
      if (launched === 0) {
        this.respond(call, 0, true);
        return;
      }
      calls.pending[call] = launched;
      const positions = chosen.slice(0, launched);
      for (const position of positions)
        this.attempt(call, instance, service, group.perDependency[position] as number, 0, -1, call);
      return;
    }
    // Sequential: the next dependency (by position) that this request calls.
    let position = calls.step[call] as number;
    while (position < group.perDependency.length && !random.chance(probabilities[position] as number))
      position++;
    if (position >= group.perDependency.length) {
      this.respond(call, 0, true);
      return;
    }
    calls.step[call] = position + 1;
    calls.pending[call] = 1;
    this.attempt(call, instance, service, group.perDependency[position] as number, 0, -1, call);
  }

  /** staash: reads try the tiers in order until one finds the key; writes go to every tier. */
  private dataAccess(call: number, instance: number, service: number): void {
    const calls = this.calls;
    const groupIndex = this.routeGroupOf[instance] as number;
    const group = groupIndex < 0 ? null : (this.routeGroups[groupIndex] as RouteGroup);
    if (!group || group.tiers.length === 0) {
      this.respond(call, 0, false);
      return;
    }
    if (((calls.flags[call] as number) & WRITE) !== 0) {
      calls.step[call] = group.tiers.length;
      calls.pending[call] = group.tiers.length;
      for (const tier of group.tiers) this.attempt(call, instance, service, tier, 0, -1, call);
      return;
    }
    const tier = calls.step[call] as number;
    calls.step[call] = tier + 1;
    calls.pending[call] = 1;
    this.attempt(call, instance, service, group.tiers[tier] as number, 0, -1, call);
  }

  /** store, cache, volume: answer from local data; writes replicate to same-package peers. */
  private store(call: number, instance: number, service: number): void {
    const calls = this.calls;
    const flags = calls.flags[call] as number;
    if ((flags & WRITE) !== 0) {
      if ((flags & ONE_WAY) === 0) {
        const groupIndex = this.routeGroupOf[instance] as number;
        if (groupIndex >= 0) {
          const peers = this.lists[(this.routeGroups[groupIndex] as RouteGroup).peers] as Int32Array;
          for (let index = 0; index < peers.length; index++) {
            const peer = peers[index] as number;
            if (peer !== instance && this.instanceRoutable[peer])
              this.send(NO_CALL, instance, service, peer, call, true, 0);
          }
        }
      }
      this.respond(call, 0, true);
      return;
    }
    this.respond(call, 0, (this.dataRandom[service] as Random).chance(this.cacheHitRate[service] as number));
  }

  /**
   * priamCassandra, riak: the key's owner in this zone's ring answers; another node forwards to
   * it. The owner of a write replicates it (one way) to the key's owner in each other ring.
   */
  private ring(call: number, instance: number, service: number): void {
    const calls = this.calls;
    const ringIndex = this.ringOf[instance] as number;
    const key = calls.key[call] as number;
    const members = ringIndex >= 0 ? (this.rings[ringIndex] as Int32Array) : null;
    const owner = members
      ? (members[Math.min(members.length - 1, Math.floor((key * members.length) / 4294967296))] as number)
      : instance;
    if (owner !== instance && this.instanceRoutable[owner]) {
      calls.step[call] = 1;
      calls.pending[call] = 1;
      // Forward to the owner (one attempt, the coordinator's own timeout applies).
      const forward = this.send(call, instance, service, owner, call, false, 0);
      const selfEdge = calls.edge[forward] as number;
      this.setTimer(forward, selfEdge, (this.edges[selfEdge] as Edge).timeoutNs);
      return;
    }
    const flags = calls.flags[call] as number;
    if ((flags & WRITE) !== 0 && (flags & ONE_WAY) === 0 && ringIndex >= 0) {
      for (const other of this.replicaRings[ringIndex] as number[]) {
        const replicas = this.rings[other] as Int32Array;
        const replicaOwner = replicas[
          Math.min(replicas.length - 1, Math.floor((key * replicas.length) / 4294967296))
        ] as number;
        if (this.instanceRoutable[replicaOwner])
          this.send(NO_CALL, instance, service, replicaOwner, call, true, 0);
      }
    }
    this.respond(
      call,
      0,
      (flags & WRITE) !== 0 ||
        (this.dataRandom[service] as Random).chance(this.cacheHitRate[service] as number),
    );
  }

  /** A child of `call` finished (answered, failed for good, or could not be sent). */
  private childDone(call: number, error: number, found: boolean): void {
    if (call === NO_CALL) return;
    const calls = this.calls;
    const pending = (calls.pending[call] as number) - 1;
    calls.pending[call] = pending;
    if (this.parentGone(call)) {
      if (pending <= 0) calls.mark(call, SERVER_DONE | DEAD_CALLEE);
      return;
    }
    if (error !== 0 && (calls.error[call] as number) === 0) calls.error[call] = DEPENDENCY;
    if (found) calls.flags[call] = (calls.flags[call] as number) | FOUND;
    if (pending > 0) return;
    const service = calls.calleeService[call] as number;
    const behaviour = this.behaviour[service] as number;
    const failed = (calls.error[call] as number) !== 0;
    if (behaviour === DATA_ACCESS && ((calls.flags[call] as number) & WRITE) === 0) {
      // Fall through to the next tier on a miss or a failure; answer with the last tier's outcome.
      const group = this.routeGroups[this.routeGroupOf[calls.callee[call] as number] as number] as RouteGroup;
      if ((!found || failed) && (calls.step[call] as number) < group.tiers.length) {
        calls.error[call] = 0;
        this.dataAccess(call, calls.callee[call] as number, service);
        return;
      }
    }
    if ((behaviour === FORWARD || behaviour === ENTRY) && !failed) {
      const mode = behaviour === ENTRY ? ONE_OF : (this.callMode[service] as number);
      if (mode === SEQUENTIAL) {
        this.forward(call, calls.callee[call] as number, service);
        return;
      }
    }
    this.respond(call, calls.error[call] as number, ((calls.flags[call] as number) & FOUND) !== 0);
  }

  /** The server side of `call` answers (or fails with `error`). Frees its worker. */
  private respond(call: number, error: number, found: boolean): void {
    const calls = this.calls;
    const instance = calls.callee[call] as number;
    const service = calls.calleeService[call] as number;
    calls.serverSend[call] = this.now;
    calls.error[call] = error;
    if (found) calls.flags[call] = (calls.flags[call] as number) | FOUND;
    else calls.flags[call] = (calls.flags[call] as number) & ~FOUND;

    if (
      calls.parent[call] === NO_CALL &&
      calls.caller[call] === instance &&
      this.behaviour[service] === ENTRY
    ) {
      this.completeRequest(call, error);
      return;
    }
    const sojourn = this.now - (calls.serverReceive[call] as number);
    const micros = sojourn / 1000;
    (this.serviceLatency[service] as LatencyHistogram).record(micros);
    (this.serviceTimeline[service] as TimelineRecorder).recordOutcome(
      Math.floor(this.now / 1e9),
      micros,
      error !== 0,
    );
    this.serviceTimeInSystem[service] += sojourn;
    this.serviceDepartures[service]++;
    this.changeInSystem(service, instance);
    const workStart = calls.workStart[call] as number;
    if (workStart >= 0) {
      if ((calls.flags[call] as number) & TIMED_OUT) this.serviceWastedNs[service] += this.now - workStart;
      this.instanceBusy[instance]--;
      this.serviceBusy[service]--;
      // The freed worker takes the next queued call whose caller still waits; expired ones are
      // answered at once without work (their deadline passed while they queued).
      let next = this.instanceQueueHead[instance] as number;
      while (next !== NO_CALL) {
        this.instanceQueueHead[instance] = calls.next[next] as number;
        if (this.instanceQueueHead[instance] === NO_CALL) this.instanceQueueTail[instance] = NO_CALL;
        calls.next[next] = NO_CALL;
        this.instanceQueueLength[instance]--;
        this.serviceQueued[service]--;
        if ((calls.deadline[next] as number) > this.now) {
          this.startWork(next, instance, service);
          break;
        }
        this.respond(next, TIMED_OUT_CAUSE, false);
        next = this.instanceQueueHead[instance] as number;
      }
    }
    const flags = calls.flags[call] as number;
    if (flags & ONE_WAY) {
      if (flags & SAMPLED) this.recordSpans(call, this.now);
      calls.mark(call, SERVER_DONE);
      return;
    }
    const caller = calls.caller[call] as number;
    if (this.partitions.length > 0 && this.partitioned(instance, caller)) {
      calls.mark(call, SERVER_DONE); // the answer is lost in the partition
      return;
    }
    const delay = (this.networkSampler[calls.locality[call] as number] as Sampler)(
      this.networkRandom[service] as Random,
    );
    this.queue.push(this.now + Math.round(delay * 1e6), RESPONSE_ARRIVE, call);
    calls.mark(call, SERVER_DONE | RESPONSE_PENDING);
  }

  private completeRequest(root: number, error: number): void {
    const calls = this.calls;
    const entry = this.entries[calls.entry[root] as number] as Entry;
    const micros = (this.now - (calls.clientSend[root] as number)) / 1000;
    entry.histogram.record(micros);
    entry.completed++;
    entry.timeline.recordOutcome(Math.floor(this.now / 1e9), micros, error !== 0);
    this.requestsCompleted++;
    if (error !== 0) {
      entry.errors++;
      this.requestErrors++;
    }
    calls.mark(root, SERVER_DONE);
    if (this.arrivalsPending === 0 && this.requestsCompleted === this.requestsStarted) this.allDone = true;
  }

  /**
   * Time-weighted bookkeeping before the number in a service changes: busy workers and queue
   * length integrals (utilisation, mean queue length, Little's L), per service and instance.
   */
  private changeInSystem(service: number, instance: number): void {
    const elapsed = this.now - (this.serviceLastChange[service] as number);
    if (elapsed > 0) {
      this.serviceBusyArea[service] += (this.serviceBusy[service] as number) * elapsed;
      this.serviceQueuedArea[service] += (this.serviceQueued[service] as number) * elapsed;
      this.serviceLastChange[service] = this.now;
    }
    const instanceElapsed = this.now - (this.instanceLastChange[instance] as number);
    if (instanceElapsed > 0) {
      this.instanceBusyArea[instance] += (this.instanceBusy[instance] as number) * instanceElapsed;
      this.instanceLastChange[instance] = this.now;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Failures

  private onFailure(argument: number): void {
    const active = this.failures[argument >> 1] as ActiveFailure;
    const starting = (argument & 1) === 0;
    const failure = active.failure;
    const topology = this.topology;
    if (starting) {
      switch (failure.type) {
        case 'kill-instances': {
          const service = topology.services[
            topology.serviceIndexByName.get(failure.service) as number
          ] as ServiceGroup;
          const alive: number[] = [];
          for (
            let instance = service.firstInstance;
            instance < service.firstInstance + service.instanceCount;
            instance++
          ) {
            if (this.instanceAlive[instance] && topology.instanceRegistered[instance]) alive.push(instance);
          }
          const wanted =
            failure.percent !== undefined
              ? Math.max(1, Math.round((failure.percent / 100) * alive.length))
              : (failure.count ?? 1);
          const random = Random.stream(this.seed, `chaos:${active.scenario}:${argument >> 1}`);
          active.instances = chooseSome(alive, Math.min(wanted, alive.length), random);
          active.target = `${active.instances.length} instance${active.instances.length === 1 ? '' : 's'} of ${service.name}`;
          break;
        }
        case 'zone-outage':
        case 'region-outage': {
          const region = topology.regions.findIndex((layout) => layout.name === failure.region);
          const zone =
            failure.type === 'zone-outage'
              ? (topology.regions[region]?.zones.indexOf(failure.zone) ?? -1)
              : ANYWHERE;
          for (let instance = 0; instance < topology.instanceCount; instance++) {
            if (topology.instanceRegion[instance] !== region) continue;
            if (zone !== ANYWHERE && topology.instanceZone[instance] !== zone) continue;
            if (this.instanceAlive[instance]) active.instances.push(instance);
          }
          active.target =
            failure.type === 'zone-outage' ? `${failure.region}/${failure.zone}` : failure.region;
          break;
        }
        case 'latency': {
          active.samplerIndex = this.slowSamplers.length;
          this.slowSamplers.push(compileSampler(failure.added));
          const serviceIndex = topology.serviceIndexByName.get(failure.service) as number;
          if (failure.caller !== undefined) {
            const caller = topology.serviceIndexByName.get(failure.caller) as number;
            this.edgeSlow.set(caller * this.serviceCount + serviceIndex, active.samplerIndex);
            active.target = `${failure.caller} → ${failure.service}`;
          } else {
            const service = topology.services[serviceIndex] as ServiceGroup;
            const all: number[] = [];
            for (
              let instance = service.firstInstance;
              instance < service.firstInstance + service.instanceCount;
              instance++
            )
              all.push(instance);
            const share = failure.percent ?? 100;
            const random = Random.stream(this.seed, `chaos:${active.scenario}:${argument >> 1}`);
            active.instances =
              share >= 100
                ? all
                : chooseSome(all, Math.max(1, Math.round((share / 100) * all.length)), random);
            for (const instance of active.instances) this.instanceSlow[instance] = active.samplerIndex;
            active.target = `${active.instances.length} instance${active.instances.length === 1 ? '' : 's'} of ${service.name}`;
          }
          break;
        }
        case 'errors': {
          const serviceIndex = topology.serviceIndexByName.get(failure.service) as number;
          this.injectedErrorRate[serviceIndex] = failure.rate;
          active.target = failure.service;
          break;
        }
        case 'partition': {
          const [left, right] = failure.between.map((place) => this.placeOf(place)) as [Place, Place];
          active.partition = [left, right];
          this.partitions.push(active.partition);
          active.target = `${failure.between[0]} ↔ ${failure.between[1]}`;
          break;
        }
      }
      this.runEvents.push({
        atS: round(this.now / 1e9, 6),
        kind: 'failure-start',
        detail: `${failure.type}: ${active.target}`,
      });
      if (
        failure.type === 'kill-instances' ||
        failure.type === 'zone-outage' ||
        failure.type === 'region-outage'
      ) {
        this.killInstances(active.instances, failure.type === 'kill-instances' && active.durationNs === null);
      }
      return;
    }
    // The failure ends.
    switch (failure.type) {
      case 'kill-instances':
      case 'zone-outage':
      case 'region-outage':
        for (const instance of active.instances)
          if (!this.instanceAlive[instance]) this.revive(active.instances.length, instance, 'recovered');
        break;
      case 'latency':
        if (failure.caller !== undefined) {
          const serviceIndex = topology.serviceIndexByName.get(failure.service) as number;
          const caller = topology.serviceIndexByName.get(failure.caller) as number;
          this.edgeSlow.delete(caller * this.serviceCount + serviceIndex);
        }
        for (const instance of active.instances) {
          if (this.instanceSlow[instance] === active.samplerIndex) this.instanceSlow[instance] = -1;
        }
        break;
      case 'errors':
        this.injectedErrorRate[topology.serviceIndexByName.get(failure.service) as number] = 0;
        break;
      case 'partition': {
        const index = this.partitions.indexOf(active.partition as [Place, Place]);
        if (index >= 0) this.partitions.splice(index, 1);
        break;
      }
    }
    this.runEvents.push({
      atS: round(this.now / 1e9, 6),
      kind: 'failure-end',
      detail: `${failure.type}: ${active.target}`,
    });
  }

  private placeOf(text: string): Place {
    const [regionName, zoneText] = text.split('/');
    const region = this.topology.regions.findIndex((layout) => layout.name === regionName);
    const zone =
      zoneText === undefined
        ? ANYWHERE
        : (this.topology.regions[region]?.zones.indexOf(zoneText) ?? ANYWHERE);
    return { region, zone };
  }

  private partitioned(from: number, to: number): boolean {
    const topology = this.topology;
    const inside = (instance: number, place: Place) =>
      topology.instanceRegion[instance] === place.region &&
      (place.zone === ANYWHERE || topology.instanceZone[instance] === place.zone);
    for (const [left, right] of this.partitions) {
      if ((inside(from, left) && inside(to, right)) || (inside(from, right) && inside(to, left))) return true;
    }
    return false;
  }

  /** Instances stop answering; queued and in-progress work is lost. Discovery notices later. */
  private killInstances(instances: readonly number[], permanent: boolean): void {
    const calls = this.calls;
    const detailed = instances.length <= MAX_INSTANCE_EVENTS;
    for (const instance of instances) {
      if (!this.instanceAlive[instance]) continue;
      const service = this.topology.instanceService[instance] as number;
      this.changeInSystem(service, instance);
      this.instanceAlive[instance] = 0;
      this.instanceEpoch[instance]++;
      this.changeAlive(service, -1);
      this.serviceBusy[service] -= this.instanceBusy[instance] as number;
      this.instanceBusy[instance] = 0;
      let queued = this.instanceQueueHead[instance] as number;
      while (queued !== NO_CALL) {
        const next = calls.next[queued] as number;
        calls.next[queued] = NO_CALL;
        calls.mark(queued, SERVER_DONE | DEAD_CALLEE);
        queued = next;
      }
      this.serviceQueued[service] -= this.instanceQueueLength[instance] as number;
      this.instanceQueueLength[instance] = 0;
      this.instanceQueueHead[instance] = NO_CALL;
      this.instanceQueueTail[instance] = NO_CALL;
      this.queue.push(this.now + this.detectionNs, ROUTING_CHANGE, instance);
      if (permanent && (this.replaceAfterNs[service] as number) >= 0) {
        this.queue.push(this.now + (this.replaceAfterNs[service] as number), REPLACE, instance);
      }
      if (detailed) {
        this.runEvents.push({
          atS: round(this.now / 1e9, 6),
          kind: 'instance-down',
          service: this.topology.services[service]!.name,
          instance: instanceName(this.topology, instance),
          detail: 'stopped answering',
        });
      }
    }
    if (!detailed) {
      this.runEvents.push({
        atS: round(this.now / 1e9, 6),
        kind: 'instance-down',
        detail: `${instances.length} instances stopped answering`,
      });
    }
  }

  private revive(affected: number, instance: number, how: string): void {
    const service = this.topology.instanceService[instance] as number;
    this.changeInSystem(service, instance);
    this.instanceAlive[instance] = 1;
    this.instanceEpoch[instance]++;
    this.changeAlive(service, 1);
    this.queue.push(this.now + this.detectionNs, ROUTING_CHANGE, instance);
    if (affected <= MAX_INSTANCE_EVENTS) {
      this.runEvents.push({
        atS: round(this.now / 1e9, 6),
        kind: 'instance-up',
        service: this.topology.services[service]!.name,
        instance: instanceName(this.topology, instance),
        detail: how,
      });
    }
  }

  /** Discovery catches up with an instance's state (eureka's poll). */
  private onRoutingChange(instance: number): void {
    const alive = this.instanceAlive[instance] as number;
    if (this.instanceRoutable[instance] === alive) return;
    this.instanceRoutable[instance] = alive;
    const service = this.topology.instanceService[instance] as number;
    const instances = this.failures.reduce(
      (largest, failure) => Math.max(largest, failure.instances.length),
      0,
    );
    if (instances <= MAX_INSTANCE_EVENTS) {
      this.runEvents.push({
        atS: round(this.now / 1e9, 6),
        kind: alive ? 'instance-detected-up' : 'instance-detected-down',
        service: this.topology.services[service]!.name,
        instance: instanceName(this.topology, instance),
        detail: alive ? 'callers route to it' : 'callers route around it',
      });
    }
  }

  /** An autoscaling group's replacement for a dead instance comes up. */
  private onReplace(instance: number): void {
    if (!this.instanceAlive[instance]) this.revive(1, instance, 'replaced by the autoscaling group');
  }

  // ---------------------------------------------------------------------------------------------
  // Autoscaling

  private buildAutoscalers(): void {
    this.document.services.forEach((service, index) => {
      const settings = service.autoscaling;
      const group = this.topology.services[index] as ServiceGroup;
      if (settings?.targetUtilisation === undefined || group.standbyCount === 0) return;
      const regions = Math.max(1, group.regionSpan);
      const regular = group.instanceCount - group.standbyCount;
      const standby: number[] = [];
      for (
        let instance = group.firstInstance + regular;
        instance < group.firstInstance + group.instanceCount;
        instance++
      ) {
        standby.push(instance);
      }
      this.autoscalers.push({
        service: index,
        target: settings.targetUtilisation,
        minimum: (settings.minInstances ?? group.scaledCount) * regions,
        maximum: regular + group.standbyCount,
        cooldownNs: (settings.cooldownS ?? 60) * 1e9,
        startupNs: (settings.startupS ?? 30) * 1e9,
        standby,
        started: [],
        lastActionNs: Number.NEGATIVE_INFINITY,
        lastBusyArea: 0,
        lastAliveArea: 0,
      });
      this.queue.push(AUTOSCALE_PERIOD_NS, AUTOSCALE, this.autoscalers.length - 1);
    });
  }

  private changeAlive(service: number, delta: number): void {
    this.serviceAliveArea[service] +=
      (this.serviceAlive[service] as number) * (this.now - (this.serviceAliveLastChange[service] as number));
    this.serviceAliveLastChange[service] = this.now;
    this.serviceAlive[service] += delta;
  }

  /**
   * Target tracking: every 5 s, the instances wanted = ceil(serving × utilisation / target), within
   * min and max; scale out by starting standby instances (serving after `startupS`), scale in by
   * deregistering the most recently started ones; at most one action per cooldown.
   */
  private onAutoscale(index: number): void {
    const scaler = this.autoscalers[index] as Autoscaler;
    const service = scaler.service;
    if (this.now < this.durationNs) this.queue.push(this.now + AUTOSCALE_PERIOD_NS, AUTOSCALE, index);
    this.changeAlive(service, 0);
    const busyArea =
      (this.serviceBusyArea[service] as number) +
      (this.serviceBusy[service] as number) * (this.now - (this.serviceLastChange[service] as number));
    const capacity =
      ((this.serviceAliveArea[service] as number) - scaler.lastAliveArea) *
      (this.concurrency[service] as number);
    const utilisation = capacity > 0 ? (busyArea - scaler.lastBusyArea) / capacity : 0;
    scaler.lastBusyArea = busyArea;
    scaler.lastAliveArea = this.serviceAliveArea[service] as number;
    if (this.now - scaler.lastActionNs < scaler.cooldownNs) return;
    const serving = this.serviceAlive[service] as number;
    const regular = this.topology.services[service]!.instanceCount - scaler.standby.length;
    const current = regular + scaler.started.length;
    const wanted = Math.min(
      scaler.maximum,
      Math.max(scaler.minimum, Math.ceil((serving * utilisation) / scaler.target)),
    );
    const name = this.topology.services[service]!.name;
    if (wanted > current) {
      const add = wanted - current;
      for (let count = 0; count < add; count++) {
        const instance = scaler.standby[scaler.started.length] as number;
        scaler.started.push(instance);
        this.queue.push(this.now + scaler.startupNs, ACTIVATE, instance);
      }
      scaler.lastActionNs = this.now;
      this.runEvents.push({
        atS: round(this.now / 1e9, 6),
        kind: 'scale-out',
        service: name,
        detail: `utilisation ${(utilisation * 100).toFixed(0)} % > target ${(scaler.target * 100).toFixed(0)} %: starting ${add} instance${add === 1 ? '' : 's'} (${current} → ${wanted})`,
      });
    } else if (wanted < current && scaler.started.length > 0) {
      const remove = Math.min(current - wanted, scaler.started.length);
      for (let count = 0; count < remove; count++) {
        const instance = scaler.started.pop() as number;
        if (this.instanceAlive[instance]) {
          // Deregister first (no new calls), then stop once discovery has caught up.
          // Graceful: it deregisters at once and finishes the work it already has (same epoch).
          this.instanceRoutable[instance] = 0;
          this.instanceAlive[instance] = 0;
          this.changeAlive(service, -1);
        }
      }
      scaler.lastActionNs = this.now;
      this.runEvents.push({
        atS: round(this.now / 1e9, 6),
        kind: 'scale-in',
        service: name,
        detail: `utilisation ${(utilisation * 100).toFixed(0)} % < target ${(scaler.target * 100).toFixed(0)} %: stopping ${remove} instance${remove === 1 ? '' : 's'} (${current} → ${current - remove})`,
      });
    }
  }

  /** A started standby instance is up: it serves once discovery has seen it. */
  private onActivate(instance: number): void {
    const service = this.topology.instanceService[instance] as number;
    const scaler = this.autoscalers.find((candidate) => candidate.service === service);
    if (!scaler || !scaler.started.includes(instance) || this.instanceAlive[instance]) return;
    this.revive(1, instance, 'started by the autoscaler');
  }

  // ---------------------------------------------------------------------------------------------
  // Traces

  private recordSpans(call: number, clientReceive: number): void {
    const calls = this.calls;
    const ips = this.ips();
    const topology = this.topology;
    const caller = calls.caller[call] as number;
    const callee = calls.callee[call] as number;
    const trace = calls.trace[call] as number;
    const traceId = hex16(trace);
    const id = hex16((trace * 65536 + (calls.span[call] as number)) % 2 ** 53);
    const parent = calls.parent[call] as number;
    const parentSpan = parent === NO_CALL ? 0 : (calls.span[parent] as number);
    const parentId = parentSpan > 0 ? hex16((trace * 65536 + parentSpan) % 2 ** 53) : undefined;
    const flags = calls.flags[call] as number;
    const name = (flags & ONE_WAY) !== 0 ? 'replicate' : (flags & WRITE) !== 0 ? 'put' : 'get';
    const epochMicros = DEFAULT_GRAPH_EPOCH_MS * 1000;
    const endpoint = (instance: number) => ({
      serviceName: (topology.services[topology.instanceService[instance] as number] as ServiceGroup).name,
      ipv4: ips[instance] as string,
      port: 8080,
    });
    const error = calls.error[call] as number;
    const errorTag = error !== 0 ? (ERROR_CAUSES[error - 1] as string) : null;
    const clientSend = calls.clientSend[call] as number;
    const serverReceive = calls.serverReceive[call] as number;
    const serverSend = calls.serverSend[call] as number;
    const attempt = calls.attempt[call] as number;
    if ((flags & ONE_WAY) === 0) {
      const tags: Record<string, string> = {};
      if (errorTag) tags['error'] = errorTag;
      if (attempt > 0) tags['archsim.attempt'] = String(attempt + 1);
      this.spans.push({
        traceId,
        id,
        ...(parentId ? { parentId } : {}),
        name,
        kind: 'CLIENT',
        timestamp: epochMicros + Math.round(clientSend / 1000),
        duration: Math.max(1, Math.round((clientReceive - clientSend) / 1000)),
        localEndpoint: endpoint(caller),
        remoteEndpoint: endpoint(callee),
        ...(Object.keys(tags).length > 0 ? { tags } : {}),
      });
    }
    if (serverSend > 0) {
      const tags: Record<string, string> = { 'archsim.instance': instanceName(topology, callee) };
      if (errorTag) tags['error'] = errorTag;
      this.spans.push({
        traceId,
        id,
        ...(parentId ? { parentId } : {}),
        name,
        kind: 'SERVER',
        timestamp: epochMicros + Math.round(serverReceive / 1000),
        duration: Math.max(1, Math.round((serverSend - serverReceive) / 1000)),
        localEndpoint: endpoint(callee),
        remoteEndpoint: endpoint(caller),
        shared: true,
        tags,
      });
    }
  }

  private ips(): string[] {
    if (!this.instanceIps) this.instanceIps = instanceAddresses(this.topology);
    return this.instanceIps;
  }

  // ---------------------------------------------------------------------------------------------
  // Results

  private finish(endNs: number): void {
    this.now = Math.max(this.now, endNs);
    for (let service = 0; service < this.serviceCount; service++) {
      const group = this.topology.services[service] as ServiceGroup;
      for (
        let instance = group.firstInstance;
        instance < group.firstInstance + group.instanceCount;
        instance++
      ) {
        this.changeInSystem(service, instance);
      }
    }
    for (let service = 0; service < this.serviceCount; service++) this.changeAlive(service, 0);
    this.finished = true;
  }

  result(): RunResult {
    if (!this.finished) throw new Error('the run has not finished');
    const topology = this.topology;
    const endNs = Math.max(this.now, 1);
    const endS = endNs / 1e9;
    const seconds = Math.ceil(endS);
    const services: ServiceResult[] = [];
    const histogramsByService: Record<string, string> = {};
    const timelineByService: Record<string, TimelineSeries> = {};
    for (let service = 0; service < this.serviceCount; service++) {
      const group = topology.services[service] as ServiceGroup;
      if (this.behaviour[service] === ENTRY) continue;
      const errorsByCause: Partial<Record<ErrorCause, number>> = {};
      let errors = 0;
      ERROR_CAUSES.forEach((cause, index) => {
        const value = this.serviceErrorsByCause[service * CAUSES + index + 1] as number;
        if (value > 0) errorsByCause[cause] = value;
        errors += value;
      });
      // Capacity: worker time of the instances while they were alive (kills, autoscaling).
      const capacity = Math.max(
        1,
        (this.serviceAliveArea[service] as number) * (this.concurrency[service] as number),
      );
      let maxInstance = 0;
      for (
        let instance = group.firstInstance;
        instance < group.firstInstance + group.instanceCount;
        instance++
      ) {
        maxInstance = Math.max(
          maxInstance,
          (this.instanceBusyArea[instance] as number) / ((this.concurrency[service] as number) * endNs),
        );
      }
      const latency = this.serviceLatency[service] as LatencyHistogram;
      const departures = this.serviceDepartures[service] as number;
      const attempts = this.serviceAttempts[service] as number;
      const original = this.serviceOriginal[service] as number;
      services.push({
        name: group.name,
        packageName: group.packageName,
        instances: group.instanceCount - group.standbyCount,
        requests: this.serviceRequests[service] as number,
        errors,
        errorsByCause,
        successRate: round(attempts === 0 ? 1 : (this.serviceSuccesses[service] as number) / attempts, 6),
        goodput: round((this.serviceSuccesses[service] as number) / endS, 6),
        retries: this.serviceRetries[service] as number,
        fallbacks: this.serviceFallbacks[service] as number,
        breakerTrips: this.serviceBreakerTrips[service] as number,
        wastedMs: round((this.serviceWastedNs[service] as number) / 1e6, 3),
        amplification: round(original === 0 ? 1 : (this.serviceRequests[service] as number) / original, 6),
        latencyMs: summarize(latency),
        utilisation: round((this.serviceBusyArea[service] as number) / capacity, 6),
        maxInstanceUtilisation: round(maxInstance, 6),
        meanQueueLength: round((this.serviceQueuedArea[service] as number) / endNs / group.instanceCount, 6),
        maxQueueLength: this.serviceMaxQueue[service] as number,
        meanInSystem: round(
          ((this.serviceBusyArea[service] as number) + (this.serviceQueuedArea[service] as number)) / endNs,
          6,
        ),
        arrivalRate: round(departures / endS, 6),
        meanTimeInSystemMs: round(
          departures === 0 ? 0 : (this.serviceTimeInSystem[service] as number) / departures / 1e6,
          6,
        ),
      });
      histogramsByService[group.name] = latency.encode();
      timelineByService[group.name] = (this.serviceTimeline[service] as TimelineRecorder).series(seconds);
    }

    const entriesByService = new Map<number, Entry[]>();
    for (const entry of this.entries)
      entriesByService.set(entry.service, [...(entriesByService.get(entry.service) ?? []), entry]);
    const entries: EntryResult[] = [];
    const histogramsByEntry: Record<string, string> = {};
    const timelineByEntry: Record<string, TimelineSeries> = {};
    for (const [service, list] of entriesByService) {
      const name = (topology.services[service] as ServiceGroup).name;
      const histogram = new LatencyHistogram();
      for (const entry of list) histogram.add(entry.histogram);
      const started = list.reduce((sum, entry) => sum + entry.started, 0);
      const completed = list.reduce((sum, entry) => sum + entry.completed, 0);
      entries.push({
        name,
        instances: list.length,
        requests: started,
        completed,
        errors: list.reduce((sum, entry) => sum + entry.errors, 0),
        unfinished: started - completed,
        responseMs: summarize(histogram),
      });
      histogramsByEntry[name] = histogram.encode();
      timelineByEntry[name] = mergeSeries(list.map((entry) => entry.timeline.series(seconds)));
    }

    const edges: EdgeResult[] = [];
    const histogramsByEdge: Record<string, { response: string; service: string; network: string }> = {};
    // Edges made for an attempt that never left (an open breaker) carried no call.
    const ordered = this.edges
      .filter((edge) => edge.calls > 0)
      .sort((left, right) => left.caller - right.caller || left.callee - right.callee);
    for (const edge of ordered) {
      const caller = (topology.services[edge.caller] as ServiceGroup).name;
      const callee = (topology.services[edge.callee] as ServiceGroup).name;
      edges.push({
        caller,
        callee,
        calls: edge.calls,
        errors: edge.errors,
        responseMs: summarize(edge.response),
        serviceMs: summarize(edge.service),
        networkMs: summarize(edge.network),
        locality: { sameZone: edge.sameZone, crossZone: edge.crossZone, crossRegion: edge.crossRegion },
      });
      histogramsByEdge[`${caller}->${callee}`] = {
        response: edge.response.encode(),
        service: edge.service.encode(),
        network: edge.network.encode(),
      };
    }

    const allEntries = mergeSeries(Object.values(timelineByEntry));
    const failures: FailureReport[] = this.failures.map((active) => {
      const impact = impactOf(allEntries, active.atNs / 1e9, endS);
      return {
        scenario: active.scenario,
        type: active.failure.type,
        target: active.target,
        atS: round(active.atNs / 1e9, 6),
        durationS: active.durationNs === null ? null : round(active.durationNs / 1e9, 6),
        impactStartS: impact.impactStartS,
        impactEndS: impact.impactEndS,
        timeToRecoverS: impact.timeToRecoverS === null ? null : round(impact.timeToRecoverS, 6),
        errorsDuringImpact: impact.errors,
      };
    });

    return {
      format: RESULT_FORMAT,
      engineVersion: ENGINE_VERSION,
      arch: topology.arch,
      scenario: this.scenario?.name ?? null,
      options: {
        durationS: this.durationNs / 1e9,
        rate: this.rate,
        arrival: this.poisson ? 'poisson' : 'constant',
        scale: topology.scale,
        regions: topology.runRegions,
        seed: this.seed,
        traceSampleRate: this.traceSampleRate,
        writeFraction: this.writeFraction,
      },
      summary: {
        simulatedSeconds: round(endS, 6),
        instances: topology.instanceCount,
        requests: this.requestsStarted,
        completed: this.requestsCompleted,
        errors: this.requestErrors,
        unfinished: this.requestsStarted - this.requestsCompleted,
        calls: this.calls.allocated - this.requestsStarted,
        events: this.events,
      },
      entries,
      services,
      edges,
      histograms: { entries: histogramsByEntry, services: histogramsByService, edges: histogramsByEdge },
      timeline: { bucketSeconds: 1, entries: timelineByEntry, services: timelineByService },
      traces: [...this.spans].sort(
        (left, right) => left.timestamp - right.timestamp || compareText(left.id, right.id),
      ),
      failures,
      events: this.runEvents,
      document: this.document,
    };
  }
}

/** Convenience: simulate a document to completion. */
export function simulate(
  document: ArchDocument,
  options: SimulationOptions = {},
  onProgress?: (progress: SimulationProgress) => void,
): RunResult {
  return new Simulation(document, options).run(onProgress);
}

function behaviourOf(packageName: PackageName): number {
  switch (packageName) {
    case 'denominator':
      return ENTRY;
    case 'staash':
      return DATA_ACCESS;
    case 'store':
    case 'cache':
    case 'volume':
      return STORE;
    case 'priamCassandra':
    case 'riak':
      return RING;
    default:
      return FORWARD;
  }
}

function concatenate(lists: readonly Int32Array[]): Int32Array {
  const total = lists.reduce((sum, list) => sum + list.length, 0);
  const result = new Int32Array(total);
  let offset = 0;
  for (const list of lists) {
    result.set(list, offset);
    offset += list.length;
  }
  return result;
}

/** `count` members of `items`, chosen without replacement, in their original order. */
function chooseSome(items: readonly number[], count: number, random: Random): number[] {
  const pool = [...items];
  for (let index = 0; index < count; index++) {
    const swap = index + random.below(pool.length - index);
    [pool[index], pool[swap]] = [pool[swap] as number, pool[index] as number];
  }
  return pool.slice(0, count).sort((a, b) => a - b);
}

/** A rate change scaled from the whole system to one of `entries` entry instances. */
function scaleChange<T extends { type: string }>(change: T, entries: number): T {
  if (entries <= 1) return change;
  const copy = { ...change } as Record<string, unknown>;
  for (const field of ['rate', 'toRate'])
    if (typeof copy[field] === 'number') copy[field] = (copy[field] as number) / entries;
  return copy as T;
}

function summarize(histogram: LatencyHistogram): LatencySummary {
  const ms = (micros: number) => Math.round(micros) / 1000;
  return {
    count: histogram.totalCount,
    mean: round(histogram.mean / 1000, 6),
    p50: ms(histogram.valueAtPercentile(50)),
    p90: ms(histogram.valueAtPercentile(90)),
    p99: ms(histogram.valueAtPercentile(99)),
    p999: ms(histogram.valueAtPercentile(99.9)),
    max: ms(histogram.totalCount === 0 ? 0 : histogram.max),
  };
}

function mergeSeries(list: TimelineSeries[]): TimelineSeries {
  if (list.length === 1) return list[0] as TimelineSeries;
  if (list.length === 0) return { requests: [], errors: [], p50: [], p90: [], p99: [] };
  const first = list[0] as TimelineSeries;
  // Percentiles of several series: the largest value per second (conservative).
  return {
    requests: first.requests.map((_value, second) =>
      list.reduce((sum, series) => sum + (series.requests[second] ?? 0), 0),
    ),
    errors: first.errors.map((_value, second) =>
      list.reduce((sum, series) => sum + (series.errors[second] ?? 0), 0),
    ),
    p50: first.p50.map((_value, second) => Math.max(...list.map((series) => series.p50[second] ?? 0))),
    p90: first.p90.map((_value, second) => Math.max(...list.map((series) => series.p90[second] ?? 0))),
    p99: first.p99.map((_value, second) => Math.max(...list.map((series) => series.p99[second] ?? 0))),
  };
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function hex16(value: number): string {
  return Math.floor(value).toString(16).padStart(16, '0');
}

function compareText(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
