/**
 * A service's effective settings: what its document says, and its package profile's defaults for
 * everything it leaves out. The document itself is never filled in, so it saves back as written.
 */
import { latencyMean, type LatencyModel } from './latency.ts';
import { PACKAGE_PROFILES, isPackageName, type CallMode, type PackageName } from './packages.ts';
import { evolutionValue, stageMidpoint } from '../value-chain/stages.ts';
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
  /** Evolution from 0 (genesis) to 1 (commodity): as written, a stage's midpoint, or the package's. */
  readonly evolution: number;
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
    evolution: evolutionValue(service.evolution) ?? stageMidpoint(defaults.evolution),
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

  /** A timeout known without looking further down: derived already, set, or on the current path. */
  const known = (name: string): number | undefined => {
    const value = derived.get(name);
    if (value !== undefined) return value;
    const service = byName.get(name) as Service;
    return service.timeoutMs !== undefined || visiting.has(name)
      ? (base.get(name) as ResolvedService).timeoutMs
      : undefined;
  };

  interface Frame {
    readonly name: string;
    readonly resolved: ResolvedService;
    readonly dependencies: readonly string[];
    readonly waits: number[];
    next: number;
  }
  const open = (name: string): Frame => {
    visiting.add(name);
    const service = byName.get(name) as Service;
    const dependencies = (service.dependencies ?? []).filter(
      (dependency) => dependency !== 'eureka' && dependency !== name && byName.has(dependency),
    );
    return { name, resolved: base.get(name) as ResolvedService, dependencies, waits: [], next: 0 };
  };
  /** How long a caller waits on one dependency: its timeout × (retries + 1). */
  const wait = (frame: Frame, dependency: string, timeout: number) => {
    const edge = frame.resolved.edgeSettings(dependency);
    const retries = edge.retries?.count ?? (base.get(dependency) as ResolvedService).retries.count;
    return timeout * (retries + 1);
  };
  const close = (frame: Frame): number => {
    visiting.delete(frame.name);
    const { resolved, waits } = frame;
    const sequential =
      resolved.callMode === 'sequential' &&
      PACKAGE_PROFILES[resolved.packageName].behaviour !== 'data-access';
    const total =
      waits.length === 0 ? 0 : sequential ? waits.reduce((sum, value) => sum + value, 0) : Math.max(...waits);
    const needed = total === 0 ? 0 : Math.ceil(((total + latencyMean(resolved.latency)) * 1.25) / 10) * 10;
    const timeout = Math.max(resolved.timeoutMs, needed);
    derived.set(frame.name, timeout);
    return timeout;
  };

  /**
   * Depth first through the dependencies, with an explicit stack rather than recursion: a chain
   * of thousands of services must not exhaust the call stack. A dependency on the current path (a
   * cycle) counts with its own timeout.
   */
  const timeoutOf = (name: string): number => {
    const direct = known(name);
    if (direct !== undefined) return direct;
    const stack: Frame[] = [open(name)];
    let returned = 0;
    while (stack.length > 0) {
      const frame = stack[stack.length - 1] as Frame;
      let descended = false;
      while (frame.next < frame.dependencies.length) {
        const dependency = frame.dependencies[frame.next] as string;
        const edgeTimeout = frame.resolved.edgeSettings(dependency).timeoutMs;
        const timeout = edgeTimeout ?? known(dependency);
        if (timeout === undefined) {
          stack.push(open(dependency));
          descended = true;
          break;
        }
        frame.waits.push(wait(frame, dependency, timeout));
        frame.next++;
      }
      if (descended) continue;
      returned = close(frame);
      stack.pop();
      const caller = stack[stack.length - 1];
      if (caller !== undefined) {
        caller.waits.push(wait(caller, caller.dependencies[caller.next] as string, returned));
        caller.next++;
      }
    }
    return returned;
  };
  return document.services.map((service) => ({
    ...(base.get(service.name) as ResolvedService),
    timeoutMs: timeoutOf(service.name),
  }));
}
