/**
 * The result of a simulation run, as the engine returns it, the run store keeps it and the studio
 * shows it. Times in the summaries are milliseconds; encoded histograms hold microseconds.
 */
import type { ArchDocument } from './document/schema.ts';

/** Identifies this result layout, for readers of stored results. */
export const RESULT_FORMAT = 'archsim-result-1';

/** Why a call failed. */
export const ERROR_CAUSES = [
  /** The callee's queue was full. */
  'rejected',
  /** No instance of the dependency could be reached (none discovered, or all gone). */
  'unroutable',
  /** The caller stopped waiting. */
  'timeout',
  /** The instance was dead (killed, its zone or region down). */
  'failed-instance',
  /** A circuit breaker was open. */
  'breaker-open',
  /** An error injected by a scenario. */
  'injected',
  /** A dependency failed and the error propagated. */
  'dependency',
] as const;
export type ErrorCause = (typeof ERROR_CAUSES)[number];

export interface LatencySummary {
  readonly count: number;
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
}

export interface EntryResult {
  readonly name: string;
  readonly instances: number;
  /** Requests that entered through this entry. */
  readonly requests: number;
  readonly completed: number;
  readonly errors: number;
  readonly unfinished: number;
  /** End-to-end response time (client receive − client send at the entry), successes and errors. */
  readonly responseMs: LatencySummary;
}

export interface ServiceResult {
  readonly name: string;
  readonly packageName: string;
  readonly instances: number;
  /** Calls received (including one-way replication messages and retries). */
  readonly requests: number;
  /** Calls to this service that failed, as its callers saw them (every attempt). */
  readonly errors: number;
  readonly errorsByCause: Readonly<Partial<Record<ErrorCause, number>>>;
  /** Share of calls to this service that succeeded (1 when none were made). */
  readonly successRate: number;
  /** Successful calls per simulated second. */
  readonly goodput: number;
  /** Retries callers sent to this service. */
  readonly retries: number;
  /** Calls answered by a fallback because a circuit breaker was open. */
  readonly fallbacks: number;
  /** Times a circuit breaker in front of this service opened. */
  readonly breakerTrips: number;
  /** Busy time (ms) spent on calls whose caller had already given up. */
  readonly wastedMs: number;
  /**
   * Retry amplification: calls received ÷ calls that would have been received without any retry
   * (those made on behalf of entering requests through first attempts only). 1 = no amplification.
   */
  readonly amplification: number;
  /** Time from arrival to response at the service (server send − server receive): queueing, work, downstream. */
  readonly latencyMs: LatencySummary;
  /** Mean fraction of worker capacity busy, over the run. */
  readonly utilisation: number;
  /** Busiest instance's utilisation. */
  readonly maxInstanceUtilisation: number;
  readonly meanQueueLength: number;
  readonly maxQueueLength: number;
  /** Little's law terms: mean number in the service (L), arrival rate per second (λ), mean time in it in ms (W). */
  readonly meanInSystem: number;
  readonly arrivalRate: number;
  readonly meanTimeInSystemMs: number;
}

export interface EdgeResult {
  readonly caller: string;
  readonly callee: string;
  readonly calls: number;
  readonly errors: number;
  /** Client receive − client send. */
  readonly responseMs: LatencySummary;
  /** Server send − server receive. */
  readonly serviceMs: LatencySummary;
  /** (Server receive − client send) + (client receive − server send). */
  readonly networkMs: LatencySummary;
  /** Calls by where the callee sat relative to the caller. */
  readonly locality: { readonly sameZone: number; readonly crossZone: number; readonly crossRegion: number };
}

/** Per simulated second. Percentiles in ms, 0 where a second had no samples. */
export interface TimelineSeries {
  readonly requests: number[];
  readonly errors: number[];
  readonly p50: number[];
  readonly p90: number[];
  readonly p99: number[];
}

export interface ZipkinEndpoint {
  readonly serviceName: string;
  readonly ipv4?: string;
  readonly port?: number;
}

/** A Zipkin v2 span. */
export interface ZipkinSpan {
  readonly traceId: string;
  readonly id: string;
  readonly parentId?: string;
  readonly name: string;
  readonly kind: 'CLIENT' | 'SERVER';
  /** Microseconds since the Unix epoch (simulated). */
  readonly timestamp: number;
  readonly duration: number;
  readonly localEndpoint: ZipkinEndpoint;
  readonly remoteEndpoint?: ZipkinEndpoint;
  readonly shared?: boolean;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface RunOptionsUsed {
  readonly durationS: number;
  readonly rate: number;
  readonly arrival: 'poisson' | 'constant';
  readonly scale: number;
  readonly regions: number;
  readonly seed: number;
  readonly traceSampleRate: number;
  readonly writeFraction: number;
}

/** What happened to one injected failure, read from the entry timelines. */
export interface FailureReport {
  readonly scenario: string;
  readonly type: string;
  /** What failed, in words: "2 instances of backend", "us-east-1/zoneA". */
  readonly target: string;
  readonly atS: number;
  /** null = permanent. */
  readonly durationS: number | null;
  readonly impactStartS: number | null;
  readonly impactEndS: number | null;
  readonly timeToRecoverS: number | null;
  readonly errorsDuringImpact: number;
}

/** Something that happened during a run, for the timeline and replay. */
export interface RunEvent {
  readonly atS: number;
  readonly kind:
    | 'failure-start'
    | 'failure-end'
    | 'instance-down'
    | 'instance-detected-down'
    | 'instance-up'
    | 'instance-detected-up'
    | 'breaker-open'
    | 'scale-out'
    | 'scale-in';
  readonly service?: string;
  readonly instance?: string;
  readonly detail: string;
}

export interface RunResult {
  readonly format: typeof RESULT_FORMAT;
  readonly engineVersion: string;
  readonly arch: string;
  readonly scenario: string | null;
  readonly options: RunOptionsUsed;
  readonly summary: {
    /** Simulated seconds until the last in-flight request finished (or the drain limit). */
    readonly simulatedSeconds: number;
    readonly instances: number;
    readonly requests: number;
    readonly completed: number;
    readonly errors: number;
    readonly unfinished: number;
    readonly calls: number;
    readonly events: number;
  };
  readonly entries: readonly EntryResult[];
  readonly services: readonly ServiceResult[];
  readonly edges: readonly EdgeResult[];
  /** HdrHistogram compressed base64 (µs), per entry, service and edge ("caller->callee"). */
  readonly histograms: {
    readonly entries: Readonly<Record<string, string>>;
    readonly services: Readonly<Record<string, string>>;
    readonly edges: Readonly<Record<string, { response: string; service: string; network: string }>>;
  };
  readonly timeline: {
    readonly bucketSeconds: number;
    readonly entries: Readonly<Record<string, TimelineSeries>>;
    readonly services: Readonly<Record<string, TimelineSeries>>;
  };
  readonly traces: readonly ZipkinSpan[];
  readonly failures: readonly FailureReport[];
  readonly events: readonly RunEvent[];
  /** The exact document the run used. */
  readonly document: ArchDocument;
}
