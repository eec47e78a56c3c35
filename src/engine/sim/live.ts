/**
 * Live numbers of a run in progress, for the studio (about once a second of wall time): per
 * service the requests and errors so far and the last whole simulated second's rate, error rate,
 * p50 and p99 (from the per-second timeline the replay uses); per dependency the calls and errors
 * so far and the calls per simulated second since the previous reading. Reading them changes
 * nothing the simulation computes, so results stay the same with or without a studio watching.
 */
import {
  LIVE_EDGE_LIMIT,
  LIVE_SERVICE_LIMIT,
  type LiveEdgeNumbers,
  type LiveNumbers,
  type LiveServiceNumbers,
} from '@shared/runs.ts';
import type { Entry } from './entries.ts';
import { CAUSES, type Metrics } from './metrics.ts';
import { secondOf, type SecondNumbers } from './timeline.ts';

export interface LiveSource {
  readonly nowNs: number;
  /** Per service index: its name (entry points too: their nodes carry load), or null to leave out. */
  readonly names: readonly (string | null)[];
  readonly requests: (service: number) => number;
  readonly errors: (service: number) => number;
  /** One second of a service's per-second series. */
  readonly second: (service: number, second: number) => SecondNumbers;
  readonly edges: readonly { caller: number; callee: number; calls: number; errors: number }[];
}

/** Remembers the previous reading, for rates of the counters that have no per-second series. */
export class LiveReader {
  private previousNs = 0;
  private previousCalls: number[] = [];

  read(source: LiveSource): LiveNumbers {
    const second = Math.max(0, Math.floor(source.nowNs / 1e9) - 1);
    const services: LiveServiceNumbers[] = [];
    source.names.forEach((name, service) => {
      if (name === null) return;
      const last = source.second(service, second);
      services.push({
        name,
        requests: source.requests(service),
        errors: source.errors(service),
        rate: last.requests,
        errorRate: last.requests > 0 ? Math.min(1, last.errors / last.requests) : 0,
        p50Ms: last.p50,
        p99Ms: last.p99,
      });
    });
    services.sort((left, right) => right.requests - left.requests || compare(left.name, right.name));

    const elapsedS = (source.nowNs - this.previousNs) / 1e9;
    const edges: LiveEdgeNumbers[] = [];
    source.edges.forEach((edge, index) => {
      const caller = source.names[edge.caller];
      const callee = source.names[edge.callee];
      if (edge.calls === 0 || caller == null || callee == null) return;
      const before = this.previousCalls[index] ?? 0;
      edges.push({
        caller,
        callee,
        calls: edge.calls,
        errors: edge.errors,
        rate: elapsedS > 0 ? (edge.calls - before) / elapsedS : 0,
      });
    });
    edges.sort((left, right) => right.calls - left.calls);
    this.previousNs = source.nowNs;
    this.previousCalls = source.edges.map((edge) => edge.calls);
    return {
      second,
      services: services.slice(0, LIVE_SERVICE_LIMIT),
      edges: edges.slice(0, LIVE_EDGE_LIMIT),
    };
  }
}

const compare = (left: string, right: string) => (left < right ? -1 : left > right ? 1 : 0);

/** The live numbers' view of a run's parts: services by name, entry points by their entries. */
export function liveSource(
  names: readonly string[],
  metrics: Metrics,
  entries: readonly Entry[],
  edges: LiveSource['edges'],
): (nowNs: number) => LiveSource {
  // An entry point's numbers are its entries' (one per instance), not a service's.
  const byService = new Map<number, Entry[]>();
  for (const entry of entries) byService.set(entry.service, [...(byService.get(entry.service) ?? []), entry]);
  const sum = (list: readonly Entry[], count: (entry: Entry) => number) =>
    list.reduce((total, entry) => total + count(entry), 0);
  const source: Omit<LiveSource, 'nowNs'> = {
    names,
    requests: (service) => {
      const list = byService.get(service);
      return list ? sum(list, (entry) => entry.started) : (metrics.requests[service] as number);
    },
    errors: (service) => {
      const list = byService.get(service);
      if (list) return sum(list, (entry) => entry.errors);
      let errors = 0;
      for (let cause = 1; cause < CAUSES; cause++)
        errors += metrics.errorsByCause[service * CAUSES + cause] as number;
      return errors;
    },
    second: (service, second) => {
      const list = byService.get(service);
      const recorders = list ? list.map((entry) => entry.timeline) : [metrics.timeline[service]];
      return secondOf(
        recorders.filter((recorder) => recorder !== undefined),
        second,
      );
    },
    edges,
  };
  return (nowNs) => ({ ...source, nowNs });
}
