/**
 * Replay: a stored run second by second, from what the run record keeps — the per-second timeline
 * of every service (requests, errors, percentiles) and the run's events (failures starting and
 * ending, instances going down and coming back, circuit breakers opening). `replayIndex` reads
 * the run once; `frameAt` then answers for any second at once, so scrubbing is immediate.
 *
 * NOTE: edges have no timeline of their own; a second's traffic on an edge is its callee's
 * requests that second, shared among its callers as their calls were over the whole run.
 */
import type { RunEvent, RunResult } from '@shared/results.ts';
import { instancePlace } from './traces-model.ts';
import { heatFrom, type Heat } from './heat.ts';

/** A failure in force at a moment. */
export interface ActiveFailure {
  /** "zone-outage: us-east-1/zoneA", as the run's events name it. */
  readonly label: string;
  readonly type: string;
  readonly target: string;
  readonly startS: number;
}

export interface ReplayFrame {
  /** The second shown (0-based; the second from `second` to `second + 1`). */
  readonly second: number;
  readonly seconds: number;
  readonly heat: Heat;
  /** Per service: instances not answering at the end of the second. */
  readonly down: ReadonlyMap<string, number>;
  /** Per service: circuit breakers (in its callers) open in front of it. */
  readonly openBreakers: ReadonlyMap<string, number>;
  readonly failures: readonly ActiveFailure[];
  /** "region/zone" of zones that are down, and regions that are down. */
  readonly failedZones: ReadonlySet<string>;
  readonly failedRegions: ReadonlySet<string>;
  /** What happened in this second. */
  readonly events: readonly RunEvent[];
}

export interface ReplayIndex {
  readonly result: RunResult;
  readonly seconds: number;
  /** Instance-down/up and breaker-open events, in time order. */
  readonly events: readonly RunEvent[];
  /** Failure windows: start and end (null: to the end) in seconds. */
  readonly failures: readonly (ActiveFailure & { readonly endS: number | null })[];
  /** Per service name, how long a breaker in front of it stays open (s). */
  readonly sleepWindowS: ReadonlyMap<string, number>;
  /** Per edge "caller->callee", its share of the callee's calls. */
  readonly edgeShare: ReadonlyMap<string, number>;
}

/** Hystrix's default sleep window: how long an opened breaker stays open before a probe. */
const DEFAULT_SLEEP_WINDOW_S = 5;

function parseFailure(detail: string): { type: string; target: string } {
  const colon = detail.indexOf(': ');
  return colon === -1
    ? { type: detail, target: '' }
    : { type: detail.slice(0, colon), target: detail.slice(colon + 2) };
}

export function replayIndex(result: RunResult): ReplayIndex {
  const services = Object.values(result.timeline.services);
  const seconds = Math.max(
    1,
    ...services.map((series) => series.requests.length),
    Math.ceil(result.options.durationS),
  );

  const failures: (ActiveFailure & { endS: number | null })[] = [];
  const open: (ActiveFailure & { endS: number | null })[] = [];
  for (const event of result.events) {
    if (event.kind === 'failure-start') {
      const failure = { ...parseFailure(event.detail), label: event.detail, startS: event.atS, endS: null };
      failures.push(failure);
      open.push(failure);
    } else if (event.kind === 'failure-end') {
      const index = open.findIndex((failure) => failure.label === event.detail);
      if (index !== -1) {
        (open[index] as { endS: number | null }).endS = event.atS;
        open.splice(index, 1);
      }
    }
  }

  const sleepWindowS = new Map<string, number>();
  const documentServices = result.document.services;
  for (const service of documentServices) {
    const own = service.circuitBreaker?.sleepWindowMs;
    if (own !== undefined) sleepWindowS.set(service.name, own / 1000);
  }
  // A caller's per-edge breaker settings win for that edge; the longest such window is used.
  for (const caller of documentServices) {
    for (const [callee, settings] of Object.entries(caller.calls?.edges ?? {})) {
      const window = settings.circuitBreaker?.sleepWindowMs;
      if (window !== undefined)
        sleepWindowS.set(callee, Math.max(sleepWindowS.get(callee) ?? 0, window / 1000));
    }
  }

  const callsInto = new Map<string, number>();
  for (const edge of result.edges) callsInto.set(edge.callee, (callsInto.get(edge.callee) ?? 0) + edge.calls);
  const edgeShare = new Map(
    result.edges.map((edge) => [
      `${edge.caller}->${edge.callee}`,
      (callsInto.get(edge.callee) ?? 0) === 0 ? 0 : edge.calls / (callsInto.get(edge.callee) as number),
    ]),
  );

  return {
    result,
    seconds,
    events: result.events.filter((event) => event.kind !== 'failure-start' && event.kind !== 'failure-end'),
    failures,
    sleepWindowS,
    edgeShare,
  };
}

/** The state of the run in second `second` (clamped to the run). */
export function frameAt(index: ReplayIndex, second: number): ReplayFrame {
  const { result } = index;
  const at = Math.max(0, Math.min(index.seconds - 1, Math.floor(second)));
  const end = at + 1;
  const timeline = result.timeline.services;
  const serviceValues = result.services.map((service) => {
    const series = timeline[service.name];
    const requests = series?.requests[at] ?? 0;
    return {
      name: service.name,
      p99: requests > 0 ? (series?.p99[at] ?? 0) : 0,
      // Utilisation per second is not kept; the heat of a replay is its latency.
      utilisation: 0,
      requests,
      errors: series?.errors[at] ?? 0,
    };
  });
  const requestsOf = new Map(serviceValues.map((service) => [service.name, service.requests]));
  const edgeCalls = new Map(
    [...index.edgeShare].map(([key, share]) => [
      key,
      share * (requestsOf.get(key.split('->')[1] ?? '') ?? 0),
    ]),
  );
  const heat = heatFrom('p99', serviceValues, edgeCalls);
  // Each node also says its load.
  const nodes = new Map(
    [...heat.nodes].map(([name, node]) => [
      name,
      { ...node, text: `${(requestsOf.get(name) ?? 0).toLocaleString('en')} req/s · p99 ${node.text}` },
    ]),
  );

  const down = new Map<string, number>();
  const downInstances = new Map<string, Set<string>>();
  const openBreakers = new Map<string, number>();
  const events: RunEvent[] = [];
  for (const event of index.events) {
    if (event.atS >= end) break;
    if (event.atS >= at) events.push(event);
    if (event.kind === 'breaker-open' && event.service) {
      const window = index.sleepWindowS.get(event.service) ?? DEFAULT_SLEEP_WINDOW_S;
      if (event.atS + window > at)
        openBreakers.set(event.service, (openBreakers.get(event.service) ?? 0) + 1);
    }
    if ((event.kind === 'instance-down' || event.kind === 'instance-up') && event.service && event.instance) {
      const set = downInstances.get(event.service) ?? new Set<string>();
      if (event.kind === 'instance-down') set.add(event.instance);
      else set.delete(event.instance);
      downInstances.set(event.service, set);
    }
  }
  for (const [service, set] of downInstances) if (set.size > 0) down.set(service, set.size);

  const failures = index.failures.filter(
    (failure) => failure.startS < end && (failure.endS === null || failure.endS > at),
  );
  const failedZones = new Set<string>();
  const failedRegions = new Set<string>();
  for (const failure of failures) {
    if (failure.type === 'zone-outage') failedZones.add(failure.target);
    if (failure.type === 'region-outage') failedRegions.add(failure.target);
  }
  for (const set of downInstances.values()) {
    for (const instance of set) {
      const place = instancePlace(instance);
      if (place && failedRegions.has(place.region)) failedZones.add(`${place.region}/${place.zone}`);
    }
  }
  return {
    second: at,
    seconds: index.seconds,
    heat: { ...heat, label: 'p99 latency this second', nodes },
    down,
    openBreakers,
    failures,
    failedZones,
    failedRegions,
    events,
  };
}
