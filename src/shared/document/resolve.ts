/**
 * A service's effective settings: what its document says, and its package profile's defaults for
 * everything it leaves out. The document itself is never filled in, so it saves back as written.
 */
import type { LatencyModel } from './latency.ts';
import {
  PACKAGE_PROFILES,
  isPackageName,
  type CallMode,
  type EvolutionStage,
  type PackageName,
} from './packages.ts';
import type { CircuitBreaker, RetryPolicy, Service } from './schema.ts';

export interface ResolvedService {
  readonly name: string;
  readonly packageName: PackageName;
  readonly latency: LatencyModel;
  readonly concurrency: number;
  readonly queue: number | null;
  readonly timeoutMs: number;
  readonly retries: Required<Pick<RetryPolicy, 'count'>> & RetryPolicy;
  readonly deadlinePropagation: boolean;
  readonly circuitBreaker: CircuitBreaker | null;
  readonly cacheHitRate: number;
  readonly callMode: CallMode;
  /** Probability that a request calls each dependency (default 1). */
  readonly callProbability: (dependency: string) => number;
  readonly evolution: EvolutionStage;
}

/** Default probability that a store, cache or volume read finds its key. */
export const DEFAULT_CACHE_HIT_RATE = 1;

export function resolveService(service: Service): ResolvedService {
  if (!isPackageName(service.package)) throw new TypeError(`unknown package "${service.package}"`);
  const defaults = PACKAGE_PROFILES[service.package].defaults;
  const probabilities = service.calls?.probabilities ?? {};
  return {
    name: service.name,
    packageName: service.package,
    latency: service.latency ?? defaults.latency,
    concurrency: service.capacity?.concurrency ?? defaults.concurrency,
    queue: service.capacity?.queue === undefined ? defaults.queue : service.capacity.queue,
    timeoutMs: service.timeoutMs ?? defaults.timeoutMs,
    retries: service.retries ?? { count: defaults.retries },
    deadlinePropagation: service.deadlinePropagation ?? false,
    circuitBreaker: service.circuitBreaker ?? null,
    cacheHitRate: service.cacheHitRate ?? DEFAULT_CACHE_HIT_RATE,
    callMode: service.calls?.mode ?? defaults.callMode,
    callProbability: (dependency) => probabilities[dependency] ?? 1,
    evolution: service.evolution ?? defaults.evolution,
  };
}
