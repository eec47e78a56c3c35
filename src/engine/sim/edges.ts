/**
 * Edges of a run: each caller service → callee service pair that has been called, with the
 * resilience settings of its calls and its measurements. An edge is made the first time its
 * caller calls its callee, so that a run's cost grows with the pairs that carry traffic, not with
 * the square of the document's services (5,000 services used to mean 25 million pairs, each with
 * its settings, retry budget and timer queue, before a single request).
 */
import { LatencyHistogram } from '../histogram.ts';
import type { ResolvedService } from '@shared/document/resolve.ts';
import { breakerSettings, type BreakerSettings } from './breaker.ts';
import type { TimeoutQueue } from './timeout-queue.ts';

/** How a caller retries the calls of one edge. */
export interface RetryPolicy {
  readonly count: number;
  /** 0 none, 1 fixed, 2 exponential. */
  readonly backoff: number;
  readonly baseNs: number;
  readonly maxNs: number;
  readonly jitter: boolean;
  readonly failover: boolean;
  /** Tokens earned per first attempt, or -1 when there is no budget. */
  readonly budgetRatio: number;
}

export interface Edge {
  readonly caller: number;
  readonly callee: number;
  /** How long the caller waits, in whole ns (the callee's timeout unless calls.edges overrides it). */
  readonly timeoutNs: number;
  /** The retry policy of the caller's calls to the callee. */
  readonly retryPolicy: RetryPolicy;
  /** The circuit breaker in front of the callee, in each caller instance; null for none. */
  readonly breaker: BreakerSettings | null;
  /** Retry budget tokens (Finagle-style), 10 to start with. */
  retryTokens: number;
  /** The FIFO of standard-length timers on this edge, made at the first such timer. */
  timeoutQueue: TimeoutQueue | null;
  calls: number;
  errors: number;
  sameZone: number;
  crossZone: number;
  crossRegion: number;
  readonly response: LatencyHistogram;
  readonly service: LatencyHistogram;
  readonly network: LatencyHistogram;
}

/**
 * Up to this many services, edges are found through a dense table of services² entries (16 MB at
 * most, and only the pages of pairs that are called are ever touched: a fresh buffer's zero pages
 * stay virtual until written); beyond it, through a map.
 */
const DENSE_EDGE_SERVICES = 2048;

/** Answers whose three times wait in EdgeTable's batch before they reach the histograms. */
const SAMPLE_BATCH = 1024;

export class EdgeTable {
  /** The edges made so far, by index (their order of first use). */
  readonly edges: Edge[] = [];
  private readonly serviceCount: number;
  /** Edge index + 1 (0: none yet) by caller service × services + callee service. */
  private readonly dense: Int32Array | null;
  private readonly sparse = new Map<number, number>();
  /**
   * Answers not yet in their edge's histograms: edge index, then response, service and network
   * time (µs, whole). NOTE: batched because the three histogram records in the middle of an
   * answer's handling are ~10 % of a run (netflixoss, 65 instances: a run without them is 10 %
   * faster); recorded together in `flushSamples`, in a tight loop, the run is 1–3 % faster
   * (side by side, four sets of runs; no change at 100,802 instances). A histogram does not
   * depend on the order of its values, so the results are the same.
   */
  private readonly sampleEdges = new Int32Array(SAMPLE_BATCH);
  private readonly sampleTimes = new Float64Array(SAMPLE_BATCH * 3);
  private sampleCount = 0;

  /** `services`: every service's effective settings, in the document's order. */
  constructor(private readonly services: readonly ResolvedService[]) {
    this.serviceCount = services.length;
    this.dense =
      services.length <= DENSE_EDGE_SERVICES ? new Int32Array(services.length * services.length) : null;
  }

  /** The index of the caller service → callee service edge, made on its first use. */
  indexOf(callerService: number, calleeService: number): number {
    const key = callerService * this.serviceCount + calleeService;
    const dense = this.dense;
    if (dense !== null) {
      const stored = dense[key] as number;
      if (stored !== 0) return stored - 1;
    } else {
      const stored = this.sparse.get(key);
      if (stored !== undefined) return stored;
    }
    const index = this.edges.length;
    if (dense !== null) dense[key] = index + 1;
    else this.sparse.set(key, index);
    this.edges.push(this.make(callerService, calleeService));
    return index;
  }

  /** One answer's response, service and network time (µs, whole) on edge `edge`. */
  recordAnswer(edge: number, responseMicros: number, serviceMicros: number, networkMicros: number): void {
    const count = this.sampleCount;
    this.sampleEdges[count] = edge;
    const times = this.sampleTimes;
    times[count * 3] = responseMicros;
    times[count * 3 + 1] = serviceMicros;
    times[count * 3 + 2] = networkMicros;
    this.sampleCount = count + 1;
    if (count + 1 === SAMPLE_BATCH) this.flushSamples();
  }

  /** Records the answers waiting in the batch: before any edge histogram is read. */
  flushSamples(): void {
    const edges = this.edges;
    const sampleEdges = this.sampleEdges;
    const times = this.sampleTimes;
    for (let index = 0, count = this.sampleCount; index < count; index++) {
      const edge = edges[sampleEdges[index] as number] as Edge;
      edge.response.record(times[index * 3] as number);
      edge.service.record(times[index * 3 + 1] as number);
      edge.network.record(times[index * 3 + 2] as number);
    }
    this.sampleCount = 0;
  }

  /** A new edge: the callee's own settings, unless the caller overrides them in calls.edges. */
  private make(callerService: number, calleeService: number): Edge {
    const calleeSettings = this.services[calleeService] as ResolvedService;
    const settings = (this.services[callerService] as ResolvedService).edgeSettings(calleeSettings.name);
    const breaker = settings.circuitBreaker ?? calleeSettings.circuitBreaker;
    return {
      caller: callerService,
      callee: calleeService,
      // Whole nanoseconds, so that deadlines and timer lengths stay exact integers.
      timeoutNs: Math.round((settings.timeoutMs ?? calleeSettings.timeoutMs) * 1e6),
      retryPolicy: retryPolicyOf(settings.retries ?? calleeSettings.retries),
      breaker: breaker ? breakerSettings(breaker) : null,
      retryTokens: 10,
      timeoutQueue: null,
      calls: 0,
      errors: 0,
      sameZone: 0,
      crossZone: 0,
      crossRegion: 0,
      response: new LatencyHistogram(),
      service: new LatencyHistogram(),
      network: new LatencyHistogram(),
    };
  }
}

function retryPolicyOf(retries: {
  count: number;
  backoff?: { type: string; baseMs?: number; maxMs?: number; jitter?: boolean };
  failover?: boolean;
  budgetPercent?: number;
}): RetryPolicy {
  const backoff = retries.backoff;
  return {
    count: Math.min(retries.count, 250),
    backoff: !backoff || backoff.type === 'none' ? 0 : backoff.type === 'fixed' ? 1 : 2,
    baseNs: (backoff?.baseMs ?? 10) * 1e6,
    maxNs: (backoff?.maxMs ?? 1000) * 1e6,
    jitter: backoff?.jitter ?? false,
    failover: retries.failover ?? false,
    budgetRatio: retries.budgetPercent === undefined ? -1 : retries.budgetPercent / 100,
  };
}
