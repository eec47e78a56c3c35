/**
 * A service's effective settings: what its document says, and its package profile's defaults for
 * everything it leaves out. The document itself is never filled in, so it saves back as written.
 */
import { latencyMean, type LatencyModel } from './latency.ts';
import {
  PACKAGE_PROFILES,
  isPackageName,
  type CallMode,
  type EvolutionStage,
  type PackageName,
} from './packages.ts';
import type { ArchDocument, CircuitBreaker, RetryPolicy, Service } from './schema.ts';

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
  /** Resilience settings this service sets for its calls to one dependency (calls.edges). */
  readonly edgeSettings: (dependency: string) => EdgeSettings;
  readonly evolution: EvolutionStage;
}

/** Default probability that a store, cache or volume read finds its key. */
export const DEFAULT_CACHE_HIT_RATE = 1;

export interface EdgeSettings {
  readonly timeoutMs?: number;
  readonly retries?: RetryPolicy;
  readonly circuitBreaker?: CircuitBreaker;
}

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
    edgeSettings: (dependency) => service.calls?.edges?.[dependency] ?? {},
    evolution: service.evolution ?? defaults.evolution,
  };
}

/**
 * Every service's effective settings, with timeouts a service leaves out derived from its
 * dependencies: a caller waits at least as long as the service may itself wait on its
 * dependencies (their timeout × (retries + 1), in sequence or the longest in parallel) plus its
 * own mean work, with a 25 % margin, and never less than its package's default. So, by default,
 * upstream timeouts are longer than downstream timeouts × retries (the seed talks' rule) and the
 * resilience lint only fires for timeouts a document sets itself.
 */
export function resolveServices(document: ArchDocument): ResolvedService[] {
  const byName = new Map(document.services.map((service) => [service.name, service]));
  const base = new Map(document.services.map((service) => [service.name, resolveService(service)]));
  const derived = new Map<string, number>();
  const visiting = new Set<string>();
  const timeoutOf = (name: string): number => {
    const known = derived.get(name);
    if (known !== undefined) return known;
    const service = byName.get(name) as Service;
    const resolved = base.get(name) as ResolvedService;
    if (service.timeoutMs !== undefined || visiting.has(name)) return resolved.timeoutMs;
    visiting.add(name);
    const dependencies = (service.dependencies ?? []).filter(
      (dependency) => dependency !== 'eureka' && dependency !== name && byName.has(dependency),
    );
    const waits = dependencies.map((dependency) => {
      const edge = resolved.edgeSettings(dependency);
      const retries = edge.retries?.count ?? (base.get(dependency) as ResolvedService).retries.count;
      return (edge.timeoutMs ?? timeoutOf(dependency)) * (retries + 1);
    });
    visiting.delete(name);
    const sequential =
      resolved.callMode === 'sequential' &&
      PACKAGE_PROFILES[resolved.packageName].behaviour !== 'data-access';
    const wait =
      waits.length === 0 ? 0 : sequential ? waits.reduce((sum, value) => sum + value, 0) : Math.max(...waits);
    const needed = wait === 0 ? 0 : Math.ceil(((wait + latencyMean(resolved.latency)) * 1.25) / 10) * 10;
    const timeout = Math.max(resolved.timeoutMs, needed);
    derived.set(name, timeout);
    return timeout;
  };
  return document.services.map((service) => ({
    ...(base.get(service.name) as ResolvedService),
    timeoutMs: timeoutOf(service.name),
  }));
}
