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
 */
import { compileSampler, type Sampler } from '../distributions.ts';
import { LatencyHistogram } from '../histogram.ts';
import { Random } from '../random.ts';
import {
  ANYWHERE,
  calleeCandidates,
  expandTopology,
  instanceName,
  zoneName,
  type ServiceGroup,
  type Topology,
} from '../topology/expand.ts';
import { DEFAULT_GRAPH_EPOCH_MS, FakeIpAllocator } from '../topology/graph.ts';
import { EventQueue } from './event-queue.ts';
import { nextArrival, peakRate, rateFunction } from './load.ts';
import { TimelineRecorder } from './timeline.ts';
import { ENGINE_VERSION } from '../version.ts';
import { resolveService } from '@shared/document/resolve.ts';
import { STAASH_TIER_ORDER, type PackageName } from '@shared/document/packages.ts';
import type { LatencyModel } from '@shared/document/latency.ts';
import type { ArchDocument } from '@shared/document/schema.ts';
import {
  ERROR_CAUSES,
  RESULT_FORMAT,
  type EdgeResult,
  type EntryResult,
  type ErrorCause,
  type LatencySummary,
  type RunResult,
  type ServiceResult,
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
  /** Fraction of requests whose traces are kept (default: document traceSampleRate, else 0.001). */
  readonly traceSampleRate?: number;
  /** At most this many traces are kept (default 1000). */
  readonly maxTraces?: number;
  /** How long in-flight requests may take to finish after the last arrival (default 60 s). */
  readonly drainS?: number;
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

// Event kinds.
const ARRIVAL = 0;
const CALL_ARRIVE = 1;
const WORK_DONE = 2;
const RESPONSE_ARRIVE = 3;

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

// Call flags.
const ONE_WAY = 1;
const WRITE = 2;
const FOUND = 4;
const SAMPLED = 8;
const CALLER_DONE = 16;
const SERVER_DONE = 32;

const NO_CALL = -1;
const causeIndex = (cause: ErrorCause): number => ERROR_CAUSES.indexOf(cause) + 1;
const REJECTED = causeIndex('rejected');
const UNROUTABLE = causeIndex('unroutable');
const DEPENDENCY = causeIndex('dependency');

interface RouteGroup {
  /** Candidates per dependency position of the caller's service. */
  readonly perDependency: readonly Int32Array[];
  /** All candidates of all dependencies (one-of mode, spigo's routing). */
  readonly oneOf: Int32Array;
  /** staash: candidates per tier, in tier order; and the service index of each tier's first dependency. */
  readonly tiers: readonly Int32Array[];
  /** store: peers of the same package to replicate writes to. */
  readonly peers: Int32Array;
}

interface Entry {
  readonly service: number;
  readonly instance: number;
  readonly arrivals: Random;
  readonly requests: Random;
  nextArrivalNs: number;
  started: number;
  completed: number;
  errors: number;
  readonly histogram: LatencyHistogram;
  readonly timeline: TimelineRecorder;
}

interface Edge {
  readonly caller: number;
  readonly callee: number;
  calls: number;
  errors: number;
  sameZone: number;
  crossZone: number;
  crossRegion: number;
  readonly response: LatencyHistogram;
  readonly service: LatencyHistogram;
  readonly network: LatencyHistogram;
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
  private readonly durationNs: number;
  private readonly drainNs: number;
  private readonly rate: number;
  private readonly poisson: boolean;
  private readonly writeFraction: number;
  private readonly traceSampleRate: number;
  private readonly maxTraces: number;

  private readonly queue = new EventQueue(4096);
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
  private readonly serviceSampler: Sampler[];
  private readonly serviceRandom: Random[];
  private readonly routeRandom: Random[];
  private readonly dataRandom: Random[];
  private readonly networkRandom: Random[];
  private readonly callProbability: Float64Array[];
  private readonly serviceRequests: Float64Array;
  private readonly serviceErrors: Float64Array;
  private readonly serviceErrorsByCause: Float64Array;
  private readonly serviceLatency: LatencyHistogram[];
  private readonly serviceTimeline: TimelineRecorder[];
  private readonly serviceBusy: Int32Array;
  private readonly serviceQueued: Int32Array;
  private readonly serviceBusyArea: Float64Array;
  private readonly serviceQueuedArea: Float64Array;
  private readonly serviceLastChange: Float64Array;
  private readonly serviceMaxQueue: Int32Array;
  private readonly serviceTimeInSystem: Float64Array;
  private readonly serviceDepartures: Float64Array;

  // Instances.
  private readonly instanceBusy: Int32Array;
  private readonly instanceQueueLength: Int32Array;
  private readonly instanceQueueHead: Int32Array;
  private readonly instanceQueueTail: Int32Array;
  private readonly instanceBusyArea: Float64Array;
  private readonly instanceLastChange: Float64Array;
  private readonly routeGroupOf: Int32Array;
  private readonly routeGroups: RouteGroup[] = [];
  private readonly ringOf: Int32Array;
  private readonly rings: Int32Array[] = [];
  private readonly replicaRings: number[][] = [];
  private readonly networkSampler: [Sampler, Sampler, Sampler];

  // Edges (caller service × callee service).
  private readonly edgeIndex: Int32Array;
  private readonly edges: Edge[] = [];

  // Entries.
  private readonly entries: Entry[] = [];
  private readonly rateAt: (seconds: number) => number;
  private readonly peak: number;
  private readonly traceRandom: Random;

  // Calls (parallel arrays, recycled).
  private callCapacity = 0;
  private callParent = new Int32Array(0);
  private callCaller = new Int32Array(0);
  private callCallee = new Int32Array(0);
  private callCalleeService = new Int32Array(0);
  private callEntry = new Int32Array(0);
  private callClientSend = new Float64Array(0);
  private callServerReceive = new Float64Array(0);
  private callServerSend = new Float64Array(0);
  private callFlags = new Uint8Array(0);
  private callError = new Uint8Array(0);
  private callStep = new Int32Array(0);
  private callPending = new Int32Array(0);
  private callKey = new Uint32Array(0);
  private callNext = new Int32Array(0);
  private callTrace = new Int32Array(0);
  private callSpan = new Int32Array(0);
  private freeCall = NO_CALL;
  private callsMade = 0;
  private requestsStarted = 0;
  private requestsCompleted = 0;
  private requestErrors = 0;
  private spanCounter = 0;
  private tracesKept = 0;
  private readonly spans: ZipkinSpan[] = [];
  private instanceIps: string[] | null = null;
  /** Scratch space for parallel fan-out decisions. */
  private scratch: Int32Array = new Int32Array(0);

  constructor(document: ArchDocument, options: SimulationOptions = {}) {
    this.document = document;
    this.topology = expandTopology(document, {
      arch: options.arch,
      scale: options.scale,
      regions: options.regions,
    });
    const load = document.load ?? {};
    this.seed = (options.seed ?? document.seed ?? 1) >>> 0;
    this.durationNs = Math.round((options.durationS ?? load.durationS ?? DEFAULT_DURATION_S) * 1e9);
    this.drainNs = Math.round((options.drainS ?? 60) * 1e9);
    this.rate = options.rate ?? load.rate ?? DEFAULT_RATE;
    this.poisson = (load.arrival ?? 'poisson') === 'poisson';
    this.writeFraction = load.writeFraction ?? 0;
    this.traceSampleRate = options.traceSampleRate ?? document.traceSampleRate ?? DEFAULT_TRACE_SAMPLE_RATE;
    this.maxTraces = options.maxTraces ?? 1000;
    this.traceRandom = Random.stream(this.seed, 'traces');

    const topology = this.topology;
    const services = topology.services;
    const count = services.length;
    this.serviceCount = count;
    this.behaviour = new Uint8Array(count);
    this.callMode = new Uint8Array(count);
    this.concurrency = new Int32Array(count);
    this.queueLimit = new Int32Array(count);
    this.cacheHitRate = new Float64Array(count);
    this.serviceSampler = [];
    this.serviceRandom = [];
    this.routeRandom = [];
    this.dataRandom = [];
    this.networkRandom = [];
    this.callProbability = [];
    this.serviceRequests = new Float64Array(count);
    this.serviceErrors = new Float64Array(count);
    this.serviceErrorsByCause = new Float64Array(count * (ERROR_CAUSES.length + 1));
    this.serviceLatency = [];
    this.serviceTimeline = [];
    this.serviceBusy = new Int32Array(count);
    this.serviceQueued = new Int32Array(count);
    this.serviceBusyArea = new Float64Array(count);
    this.serviceQueuedArea = new Float64Array(count);
    this.serviceLastChange = new Float64Array(count);
    this.serviceMaxQueue = new Int32Array(count);
    this.serviceTimeInSystem = new Float64Array(count);
    this.serviceDepartures = new Float64Array(count);
    document.services.forEach((service, index) => {
      const resolved = resolveService(service);
      const group = services[index] as ServiceGroup;
      this.behaviour[index] = behaviourOf(group.packageName);
      this.callMode[index] =
        resolved.callMode === 'parallel' ? PARALLEL : resolved.callMode === 'one-of' ? ONE_OF : SEQUENTIAL;
      this.concurrency[index] = resolved.concurrency;
      this.queueLimit[index] = resolved.queue === null ? -1 : resolved.queue;
      this.cacheHitRate[index] = resolved.cacheHitRate;
      this.serviceSampler.push(compileSampler(resolved.latency));
      this.serviceRandom.push(Random.stream(this.seed, `service:${service.name}`));
      this.routeRandom.push(Random.stream(this.seed, `route:${service.name}`));
      this.dataRandom.push(Random.stream(this.seed, `data:${service.name}`));
      this.networkRandom.push(Random.stream(this.seed, `network:${service.name}`));
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
    this.routeGroupOf = new Int32Array(instances).fill(-1);
    this.ringOf = new Int32Array(instances).fill(-1);
    this.edgeIndex = new Int32Array(count * count).fill(-1);
    this.buildRouteGroups();
    this.buildRings();
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
        const label = instanceName(topology, instance);
        this.entries.push({
          service: service.index,
          instance,
          arrivals: Random.stream(this.seed, `arrivals:${label}`),
          requests: Random.stream(this.seed, `requests:${label}`),
          nextArrivalNs: 0,
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
      entry.nextArrivalNs = nextArrival(
        0,
        this.durationNs,
        this.rateAt,
        this.peak,
        this.poisson,
        entry.arrivals,
      );
      if (Number.isFinite(entry.nextArrivalNs)) this.queue.push(entry.nextArrivalNs, ARRIVAL, index);
    });
    this.growCalls(1024);
  }

  /** Runs up to `maxEvents` events; returns true when the run is complete. */
  runSlice(maxEvents: number): boolean {
    if (this.finished) return true;
    const limit = this.durationNs + this.drainNs;
    const queue = this.queue;
    let remaining = maxEvents;
    while (remaining-- > 0) {
      if (queue.size === 0 || queue.peekTime() > limit) {
        this.finish(queue.size === 0 ? this.now : limit);
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
        const perDependency = service.dependencies.map((dependency) =>
          calleeCandidates(topology, instance, dependency),
        );
        const oneOf = concatenate(perDependency);
        const tiers: Int32Array[] = [];
        if (this.behaviour[serviceIndex] === DATA_ACCESS) {
          for (const packageName of STAASH_TIER_ORDER) {
            const tier = service.dependencies
              .map((dependency, position) => ({ dependency, position }))
              .filter(
                ({ dependency }) =>
                  (topology.services[dependency] as ServiceGroup).packageName === packageName,
              )
              .map(({ position }) => perDependency[position] as Int32Array);
            const candidates = concatenate(tier);
            if (candidates.length > 0) tiers.push(candidates);
          }
        }
        const peers = concatenate(
          service.dependencies
            .map((dependency, position) => ({ dependency, position }))
            .filter(
              ({ dependency }) =>
                (topology.services[dependency] as ServiceGroup).packageName === service.packageName,
            )
            .map(({ position }) => perDependency[position] as Int32Array),
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
   * largest token not above crc(key); archsim draws the key hash uniformly per request.
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

  // ---------------------------------------------------------------------------------------------
  // Calls

  private growCalls(capacity: number): void {
    const grow = <T extends Int32Array | Uint32Array | Float64Array | Uint8Array>(
      array: T,
      make: (size: number) => T,
    ): T => {
      const next = make(capacity);
      next.set(array);
      return next;
    };
    this.callParent = grow(this.callParent, (size) => new Int32Array(size));
    this.callCaller = grow(this.callCaller, (size) => new Int32Array(size));
    this.callCallee = grow(this.callCallee, (size) => new Int32Array(size));
    this.callCalleeService = grow(this.callCalleeService, (size) => new Int32Array(size));
    this.callEntry = grow(this.callEntry, (size) => new Int32Array(size));
    this.callClientSend = grow(this.callClientSend, (size) => new Float64Array(size));
    this.callServerReceive = grow(this.callServerReceive, (size) => new Float64Array(size));
    this.callServerSend = grow(this.callServerSend, (size) => new Float64Array(size));
    this.callFlags = grow(this.callFlags, (size) => new Uint8Array(size));
    this.callError = grow(this.callError, (size) => new Uint8Array(size));
    this.callStep = grow(this.callStep, (size) => new Int32Array(size));
    this.callPending = grow(this.callPending, (size) => new Int32Array(size));
    this.callKey = grow(this.callKey, (size) => new Uint32Array(size));
    this.callNext = grow(this.callNext, (size) => new Int32Array(size));
    this.callTrace = grow(this.callTrace, (size) => new Int32Array(size));
    this.callSpan = grow(this.callSpan, (size) => new Int32Array(size));
    // Thread the new slots onto the free list, lowest first.
    for (let slot = capacity - 1; slot >= this.callCapacity; slot--) {
      this.callNext[slot] = this.freeCall;
      this.freeCall = slot;
    }
    this.callCapacity = capacity;
  }

  private allocateCall(): number {
    if (this.freeCall === NO_CALL) this.growCalls(this.callCapacity * 2);
    const call = this.freeCall;
    this.freeCall = this.callNext[call] as number;
    this.callNext[call] = NO_CALL;
    this.callsMade++;
    return call;
  }

  private release(call: number, side: number): void {
    const flags = (this.callFlags[call] as number) | side;
    this.callFlags[call] = flags;
    if ((flags & (CALLER_DONE | SERVER_DONE)) === (CALLER_DONE | SERVER_DONE)) {
      this.callNext[call] = this.freeCall;
      this.freeCall = call;
    }
  }

  /** Starts a call from `caller` (instance) to `callee`, made on behalf of `parent`. */
  private send(
    parent: number,
    caller: number,
    callerService: number,
    callee: number,
    inherit: number,
    oneWay: boolean,
  ): number {
    const call = this.allocateCall();
    const topology = this.topology;
    const calleeService = topology.instanceService[callee] as number;
    this.callParent[call] = parent;
    this.callCaller[call] = caller;
    this.callCallee[call] = callee;
    this.callCalleeService[call] = calleeService;
    this.callEntry[call] = this.callEntry[inherit] as number;
    this.callClientSend[call] = this.now;
    this.callServerReceive[call] = 0;
    this.callServerSend[call] = 0;
    this.callFlags[call] =
      ((this.callFlags[inherit] as number) & (WRITE | SAMPLED)) | (oneWay ? ONE_WAY | CALLER_DONE : 0);
    this.callError[call] = 0;
    this.callStep[call] = 0;
    this.callPending[call] = 0;
    this.callKey[call] = this.callKey[inherit] as number;
    this.callTrace[call] = this.callTrace[inherit] as number;
    this.callSpan[call] = (this.callFlags[call] as number) & SAMPLED ? ++this.spanCounter : 0;
    const edge = this.edgeFor(callerService, calleeService);
    edge.calls++;
    const locality = this.locality(caller, callee);
    if (locality === 0) edge.sameZone++;
    else if (locality === 1) edge.crossZone++;
    else edge.crossRegion++;
    const delay = (this.networkSampler[locality] as Sampler)(this.networkRandom[callerService] as Random);
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

  private edgeFor(callerService: number, calleeService: number): Edge {
    const key = callerService * this.serviceCount + calleeService;
    let index = this.edgeIndex[key] as number;
    if (index < 0) {
      index = this.edges.length;
      this.edgeIndex[key] = index;
      this.edges.push({
        caller: callerService,
        callee: calleeService,
        calls: 0,
        errors: 0,
        sameZone: 0,
        crossZone: 0,
        crossRegion: 0,
        response: new LatencyHistogram(),
        service: new LatencyHistogram(),
        network: new LatencyHistogram(),
      });
    }
    return this.edges[index] as Edge;
  }

  // ---------------------------------------------------------------------------------------------
  // Events

  private onArrival(entryIndex: number): void {
    const entry = this.entries[entryIndex] as Entry;
    const next = nextArrival(this.now, this.durationNs, this.rateAt, this.peak, this.poisson, entry.arrivals);
    if (Number.isFinite(next)) this.queue.push(next, ARRIVAL, entryIndex);

    entry.started++;
    this.requestsStarted++;
    entry.timeline.countRequest(Math.floor(this.now / 1e9));
    // The request itself is a pseudo-call at the entry instance; its children are real calls.
    const root = this.allocateCall();
    this.callParent[root] = NO_CALL;
    this.callCaller[root] = entry.instance;
    this.callCallee[root] = entry.instance;
    this.callCalleeService[root] = entry.service;
    this.callEntry[root] = entryIndex;
    this.callClientSend[root] = this.now;
    this.callServerReceive[root] = this.now;
    this.callServerSend[root] = 0;
    const write = entry.requests.chance(this.writeFraction);
    const sampled = this.tracesKept < this.maxTraces && this.traceRandom.chance(this.traceSampleRate);
    if (sampled) this.tracesKept++;
    this.callFlags[root] = (write ? WRITE : 0) | (sampled ? SAMPLED : 0) | CALLER_DONE;
    this.callError[root] = 0;
    this.callStep[root] = 0;
    this.callPending[root] = 0;
    this.callKey[root] = entry.requests.nextUint32();
    this.callTrace[root] = this.requestsStarted;
    this.callSpan[root] = 0;
    this.proceed(root);
  }

  private onCallArrive(call: number): void {
    const instance = this.callCallee[call] as number;
    const service = this.callCalleeService[call] as number;
    this.callServerReceive[call] = this.now;
    this.serviceRequests[service]++;
    (this.serviceTimeline[service] as TimelineRecorder).countRequest(Math.floor(this.now / 1e9));
    this.changeInSystem(service, instance);
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
    else this.callNext[tail] = call;
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
    const work = (this.serviceSampler[service] as Sampler)(this.serviceRandom[service] as Random);
    this.queue.push(this.now + Math.round(work * 1e6), WORK_DONE, call);
  }

  private onWorkDone(call: number): void {
    this.proceed(call);
  }

  private onResponseArrive(call: number): void {
    const parent = this.callParent[call] as number;
    const calleeService = this.callCalleeService[call] as number;
    const callerService = this.topology.instanceService[this.callCaller[call] as number] as number;
    const edge = this.edgeFor(callerService, calleeService);
    const clientSend = this.callClientSend[call] as number;
    const serverReceive = this.callServerReceive[call] as number;
    const serverSend = this.callServerSend[call] as number;
    edge.response.record((this.now - clientSend) / 1000);
    edge.service.record((serverSend - serverReceive) / 1000);
    edge.network.record((serverReceive - clientSend + (this.now - serverSend)) / 1000);
    const error = this.callError[call] as number;
    if (error !== 0) edge.errors++;
    const found = ((this.callFlags[call] as number) & FOUND) !== 0;
    if (((this.callFlags[call] as number) & SAMPLED) !== 0) this.recordSpans(call);
    this.release(call, CALLER_DONE);
    this.childDone(parent, error, found);
  }

  // ---------------------------------------------------------------------------------------------
  // Behaviour

  /**
   * Advances a call whose local work is done (or a request at its entry): calls the next
   * dependencies its package and call mode ask for, or answers.
   */
  private proceed(call: number): void {
    const instance = this.callCallee[call] as number;
    const service = this.callCalleeService[call] as number;
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
    const groupIndex = this.routeGroupOf[instance] as number;
    if (groupIndex < 0) {
      this.respond(call, 0, true); // a leaf answers (spigo's leaf karyon never did)
      return;
    }
    const group = this.routeGroups[groupIndex] as RouteGroup;
    const random = this.routeRandom[service] as Random;
    const mode = this.behaviour[service] === ENTRY ? ONE_OF : (this.callMode[service] as number);
    if (mode === ONE_OF) {
      this.callStep[call] = 1;
      this.callPending[call] = 1;
      this.callOne(call, instance, service, group.oneOf, random);
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
      this.callStep[call] = group.perDependency.length;
      if (launched === 0) {
        this.respond(call, 0, true);
        return;
      }
      this.callPending[call] = launched;
      const positions = chosen.slice(0, launched);
      for (const position of positions) {
        this.callOne(call, instance, service, group.perDependency[position] as Int32Array, random);
      }
      return;
    }
    // Sequential: the next dependency (by position) that this request calls.
    let position = this.callStep[call] as number;
    while (position < group.perDependency.length && !random.chance(probabilities[position] as number))
      position++;
    if (position >= group.perDependency.length) {
      this.respond(call, 0, true);
      return;
    }
    this.callStep[call] = position + 1;
    this.callPending[call] = 1;
    this.callOne(call, instance, service, group.perDependency[position] as Int32Array, random);
  }

  /** staash: reads try the tiers in order until one finds the key; writes go to every tier. */
  private dataAccess(call: number, instance: number, service: number): void {
    const groupIndex = this.routeGroupOf[instance] as number;
    const group = groupIndex < 0 ? null : (this.routeGroups[groupIndex] as RouteGroup);
    if (!group || group.tiers.length === 0) {
      this.respond(call, 0, false);
      return;
    }
    const random = this.routeRandom[service] as Random;
    if (((this.callFlags[call] as number) & WRITE) !== 0) {
      this.callStep[call] = group.tiers.length;
      this.callPending[call] = group.tiers.length;
      for (const tier of group.tiers) this.callOne(call, instance, service, tier, random);
      return;
    }
    const tier = this.callStep[call] as number;
    this.callStep[call] = tier + 1;
    this.callPending[call] = 1;
    this.callOne(call, instance, service, group.tiers[tier] as Int32Array, random);
  }

  /** store, cache, volume: answer from local data; writes replicate to same-package peers. */
  private store(call: number, instance: number, service: number): void {
    const flags = this.callFlags[call] as number;
    if ((flags & WRITE) !== 0) {
      if ((flags & ONE_WAY) === 0) {
        const groupIndex = this.routeGroupOf[instance] as number;
        if (groupIndex >= 0) {
          const peers = (this.routeGroups[groupIndex] as RouteGroup).peers;
          for (let index = 0; index < peers.length; index++) {
            const peer = peers[index] as number;
            if (peer !== instance) this.send(NO_CALL, instance, service, peer, call, true);
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
    const step = this.callStep[call] as number;
    if (step > 0) return; // a forwarded call answered: handled in childDone
    const ringIndex = this.ringOf[instance] as number;
    const key = this.callKey[call] as number;
    const members = ringIndex >= 0 ? (this.rings[ringIndex] as Int32Array) : null;
    const owner = members
      ? (members[Math.min(members.length - 1, Math.floor((key * members.length) / 4294967296))] as number)
      : instance;
    if (owner !== instance) {
      this.callStep[call] = 1;
      this.callPending[call] = 1;
      this.send(call, instance, service, owner, call, false);
      return;
    }
    const flags = this.callFlags[call] as number;
    if ((flags & WRITE) !== 0 && (flags & ONE_WAY) === 0 && ringIndex >= 0) {
      for (const other of this.replicaRings[ringIndex] as number[]) {
        const replicas = this.rings[other] as Int32Array;
        const replicaOwner = replicas[
          Math.min(replicas.length - 1, Math.floor((key * replicas.length) / 4294967296))
        ] as number;
        this.send(NO_CALL, instance, service, replicaOwner, call, true);
      }
    }
    this.respond(
      call,
      0,
      (flags & WRITE) !== 0 ||
        (this.dataRandom[service] as Random).chance(this.cacheHitRate[service] as number),
    );
  }

  /** Calls one instance among `candidates`, avoiding the caller itself. */
  private callOne(
    parent: number,
    instance: number,
    service: number,
    candidates: Int32Array,
    random: Random,
  ): void {
    const length = candidates.length;
    let target = -1;
    if (length > 0) {
      let index = random.below(length);
      if (candidates[index] === instance)
        index = length > 1 ? (index + 1 + random.below(length - 1)) % length : -1;
      if (index >= 0) target = candidates[index] as number;
    }
    if (target < 0) {
      // Nothing to call: fails at once, without crossing the network.
      this.serviceErrorsByCause[service * (ERROR_CAUSES.length + 1) + UNROUTABLE]++;
      this.childDone(parent, UNROUTABLE, false);
      return;
    }
    this.send(parent, instance, service, target, parent, false);
  }

  /** A child of `call` finished (answered, failed, or could not be sent). */
  private childDone(call: number, error: number, found: boolean): void {
    if (call === NO_CALL) return;
    const pending = (this.callPending[call] as number) - 1;
    this.callPending[call] = pending;
    if (error !== 0 && (this.callError[call] as number) === 0) this.callError[call] = DEPENDENCY;
    if (found) this.callFlags[call] = (this.callFlags[call] as number) | FOUND;
    if (pending > 0) return;
    const service = this.callCalleeService[call] as number;
    const behaviour = this.behaviour[service] as number;
    const failed = (this.callError[call] as number) !== 0;
    if (behaviour === DATA_ACCESS && ((this.callFlags[call] as number) & WRITE) === 0) {
      // Fall through to the next tier on a miss or a failure; answer with the last tier's outcome.
      const group = this.routeGroups[
        this.routeGroupOf[this.callCallee[call] as number] as number
      ] as RouteGroup;
      if ((!found || failed) && (this.callStep[call] as number) < group.tiers.length) {
        this.callError[call] = 0;
        this.dataAccess(call, this.callCallee[call] as number, service);
        return;
      }
    }
    if (behaviour === FORWARD || behaviour === ENTRY) {
      const mode = behaviour === ENTRY ? ONE_OF : (this.callMode[service] as number);
      if (mode === SEQUENTIAL && !failed) {
        this.forward(call, this.callCallee[call] as number, service);
        return;
      }
    }
    this.respond(call, this.callError[call] as number, ((this.callFlags[call] as number) & FOUND) !== 0);
  }

  /** The server side of `call` answers (or fails with `error`). Frees its worker. */
  private respond(call: number, error: number, found: boolean): void {
    const instance = this.callCallee[call] as number;
    const service = this.callCalleeService[call] as number;
    this.callServerSend[call] = this.now;
    this.callError[call] = error;
    if (found) this.callFlags[call] = (this.callFlags[call] as number) | FOUND;
    else this.callFlags[call] = (this.callFlags[call] as number) & ~FOUND;

    if (
      this.callParent[call] === NO_CALL &&
      this.callCaller[call] === instance &&
      this.behaviour[service] === ENTRY
    ) {
      this.completeRequest(call, error);
      return;
    }
    const sojourn = this.now - (this.callServerReceive[call] as number);
    const micros = sojourn / 1000;
    (this.serviceLatency[service] as LatencyHistogram).record(micros);
    (this.serviceTimeline[service] as TimelineRecorder).recordOutcome(
      Math.floor(this.now / 1e9),
      micros,
      error !== 0,
    );
    this.serviceTimeInSystem[service] += sojourn;
    this.serviceDepartures[service]++;
    if (error !== 0) {
      this.serviceErrors[service]++;
      this.serviceErrorsByCause[service * (ERROR_CAUSES.length + 1) + error]++;
    }
    this.changeInSystem(service, instance);
    if (error !== REJECTED) {
      this.instanceBusy[instance]--;
      this.serviceBusy[service]--;
      const next = this.instanceQueueHead[instance] as number;
      if (next !== NO_CALL) {
        this.instanceQueueHead[instance] = this.callNext[next] as number;
        if (this.instanceQueueHead[instance] === NO_CALL) this.instanceQueueTail[instance] = NO_CALL;
        this.callNext[next] = NO_CALL;
        this.instanceQueueLength[instance]--;
        this.serviceQueued[service]--;
        this.startWork(next, instance, service);
      }
    }
    const oneWay = ((this.callFlags[call] as number) & ONE_WAY) !== 0;
    if (oneWay) {
      if (((this.callFlags[call] as number) & SAMPLED) !== 0) this.recordSpans(call);
      this.release(call, SERVER_DONE);
      return;
    }
    const delay = (this.networkSampler[this.locality(instance, this.callCaller[call] as number)] as Sampler)(
      this.networkRandom[service] as Random,
    );
    this.queue.push(this.now + Math.round(delay * 1e6), RESPONSE_ARRIVE, call);
    this.release(call, SERVER_DONE);
  }

  private completeRequest(root: number, error: number): void {
    const entry = this.entries[this.callEntry[root] as number] as Entry;
    const micros = (this.now - (this.callClientSend[root] as number)) / 1000;
    entry.histogram.record(micros);
    entry.completed++;
    entry.timeline.recordOutcome(Math.floor(this.now / 1e9), micros, error !== 0);
    this.requestsCompleted++;
    if (error !== 0) {
      entry.errors++;
      this.requestErrors++;
    }
    this.release(root, SERVER_DONE);
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
  // Traces

  private recordSpans(call: number): void {
    const ips = this.ips();
    const topology = this.topology;
    const caller = this.callCaller[call] as number;
    const callee = this.callCallee[call] as number;
    const traceId = hex16(this.callTrace[call] as number);
    const id = hex16(((this.callTrace[call] as number) * 65536 + (this.callSpan[call] as number)) % 2 ** 53);
    const parent = this.callParent[call] as number;
    const parentSpan = parent === NO_CALL ? 0 : (this.callSpan[parent] as number);
    const parentId =
      parentSpan > 0 ? hex16(((this.callTrace[call] as number) * 65536 + parentSpan) % 2 ** 53) : undefined;
    const flags = this.callFlags[call] as number;
    const name = (flags & ONE_WAY) !== 0 ? 'replicate' : (flags & WRITE) !== 0 ? 'put' : 'get';
    const epochMicros = DEFAULT_GRAPH_EPOCH_MS * 1000;
    const endpoint = (instance: number) => ({
      serviceName: (topology.services[topology.instanceService[instance] as number] as ServiceGroup).name,
      ipv4: ips[instance] as string,
      port: 8080,
    });
    const tags: Record<string, string> = { 'archsim.instance': instanceName(topology, callee) };
    const error = this.callError[call] as number;
    if (error !== 0) tags['error'] = ERROR_CAUSES[error - 1] as string;
    const clientSend = this.callClientSend[call] as number;
    const serverReceive = this.callServerReceive[call] as number;
    const serverSend = this.callServerSend[call] as number;
    if ((flags & ONE_WAY) === 0) {
      this.spans.push({
        traceId,
        id,
        ...(parentId ? { parentId } : {}),
        name,
        kind: 'CLIENT',
        timestamp: epochMicros + Math.round(clientSend / 1000),
        duration: Math.max(1, Math.round((this.now - clientSend) / 1000)),
        localEndpoint: endpoint(caller),
        remoteEndpoint: endpoint(callee),
        ...(error !== 0 ? { tags: { error: tags['error'] as string } } : {}),
      });
    }
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

  private ips(): string[] {
    if (!this.instanceIps) {
      const allocator = new FakeIpAllocator(this.topology.regions);
      this.instanceIps = [];
      for (let instance = 0; instance < this.topology.instanceCount; instance++) {
        this.instanceIps.push(
          allocator.next(
            this.topology.instanceRegion[instance] as number,
            this.topology.instanceZone[instance] as number,
          ),
        );
      }
    }
    return this.instanceIps;
  }

  // ---------------------------------------------------------------------------------------------
  // Results

  private finish(endNs: number): void {
    this.now = Math.max(this.now, endNs);
    for (let service = 0; service < this.serviceCount; service++) {
      const group = this.topology.services[service] as ServiceGroup;
      this.changeInSystem(service, group.firstInstance);
      for (
        let instance = group.firstInstance;
        instance < group.firstInstance + group.instanceCount;
        instance++
      ) {
        this.changeInSystem(service, instance);
      }
    }
    this.finished = true;
  }

  result(): RunResult {
    if (!this.finished) throw new Error('the run has not finished');
    const topology = this.topology;
    const endNs = Math.max(this.now, 1);
    const seconds = Math.ceil(endNs / 1e9);
    const services: ServiceResult[] = [];
    const histogramsByService: Record<string, string> = {};
    const timelineByService: Record<string, ReturnType<TimelineRecorder['series']>> = {};
    for (let service = 0; service < this.serviceCount; service++) {
      const group = topology.services[service] as ServiceGroup;
      if (this.behaviour[service] === ENTRY) continue;
      const errorsByCause: Partial<Record<ErrorCause, number>> = {};
      ERROR_CAUSES.forEach((cause, index) => {
        const value = this.serviceErrorsByCause[service * (ERROR_CAUSES.length + 1) + index + 1] as number;
        if (value > 0) errorsByCause[cause] = value;
      });
      const capacity = group.instanceCount * (this.concurrency[service] as number) * endNs;
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
      services.push({
        name: group.name,
        packageName: group.packageName,
        instances: group.instanceCount,
        requests: this.serviceRequests[service] as number,
        errors: this.serviceErrors[service] as number,
        errorsByCause,
        latencyMs: summarize(latency),
        utilisation: round((this.serviceBusyArea[service] as number) / capacity, 6),
        maxInstanceUtilisation: round(maxInstance, 6),
        meanQueueLength: round((this.serviceQueuedArea[service] as number) / endNs / group.instanceCount, 6),
        maxQueueLength: this.serviceMaxQueue[service] as number,
        meanInSystem: round(
          ((this.serviceBusyArea[service] as number) + (this.serviceQueuedArea[service] as number)) / endNs,
          6,
        ),
        arrivalRate: round(departures / (endNs / 1e9), 6),
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
    const timelineByEntry: Record<string, ReturnType<TimelineRecorder['series']>> = {};
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
    const ordered = [...this.edges].sort(
      (left, right) => left.caller - right.caller || left.callee - right.callee,
    );
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

    return {
      format: RESULT_FORMAT,
      engineVersion: ENGINE_VERSION,
      arch: topology.arch,
      scenario: null,
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
        simulatedSeconds: round(endNs / 1e9, 6),
        instances: topology.instanceCount,
        requests: this.requestsStarted,
        completed: this.requestsCompleted,
        errors: this.requestErrors,
        unfinished: this.requestsStarted - this.requestsCompleted,
        calls: this.callsMade - this.requestsStarted,
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

function mergeSeries(list: ReturnType<TimelineRecorder['series']>[]): ReturnType<TimelineRecorder['series']> {
  if (list.length === 1) return list[0] as ReturnType<TimelineRecorder['series']>;
  const first = list[0] as ReturnType<TimelineRecorder['series']>;
  // Percentiles of several entry instances: the busiest instance's value per second (conservative).
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
