/**
 * The result of a finished run (src/shared/results.ts): summaries of every entry, service and
 * edge, their histograms in HdrHistogram's compressed form, the per-second timeline, the impact
 * of each failure, the run's events and its sampled traces. The order of every list and key is
 * part of the result: the same run gives the same file, byte for byte.
 */
import { LatencyHistogram } from '../histogram.ts';
import type { ServiceGroup, Topology } from '../topology/expand.ts';
import { ENGINE_VERSION } from '../version.ts';
import type { ArchDocument, Scenario } from '@shared/document/schema.ts';
import {
  ERROR_CAUSES,
  RESULT_FORMAT,
  type EdgeResult,
  type EntryResult,
  type ErrorCause,
  type FailureReport,
  type LatencySummary,
  type RunResult,
  type ServiceResult,
  type TimelineSeries,
} from '@shared/results.ts';
import type { Edge } from './edges.ts';
import type { Entries, Entry } from './entries.ts';
import type { ActiveFailure } from './failures.ts';
import { impactOf } from './impact.ts';
import type { InstanceTable } from './instances.ts';
import { CAUSES, round, type Metrics } from './metrics.ts';
import type { ServiceTable } from './services.ts';
import type { Traces } from './traces.ts';

/** Everything a finished run hands to its result. */
export interface FinishedRun {
  readonly document: ArchDocument;
  readonly topology: Topology;
  readonly scenario: Scenario | null;
  readonly durationNs: number;
  readonly rate: number;
  readonly poisson: boolean;
  readonly seed: number;
  readonly traceSampleRate: number;
  readonly writeFraction: number;
  /** When the run ended (ns) and how many events it handled. */
  readonly endNs: number;
  readonly events: number;
  /** Call slots handed out (calls and request roots). */
  readonly callsAllocated: number;
  readonly services: ServiceTable;
  readonly instances: InstanceTable;
  readonly metrics: Metrics;
  readonly entries: Entries;
  readonly edges: readonly Edge[];
  readonly failures: readonly ActiveFailure[];
  readonly traces: Traces;
}

export function buildResult(run: FinishedRun): RunResult {
  const topology = run.topology;
  const endNs = Math.max(run.endNs, 1);
  const endS = endNs / 1e9;
  const seconds = Math.ceil(endS);
  const { services: settings, metrics, instances } = run;
  const services: ServiceResult[] = [];
  const histogramsByService: Record<string, string> = {};
  const timelineByService: Record<string, TimelineSeries> = {};
  for (let service = 0; service < settings.count; service++) {
    const group = topology.services[service] as ServiceGroup;
    if (settings.entry[service]) continue;
    const errorsByCause: Partial<Record<ErrorCause, number>> = {};
    let errors = 0;
    ERROR_CAUSES.forEach((cause, index) => {
      const value = metrics.errorsByCause[service * CAUSES + index + 1] as number;
      if (value > 0) errorsByCause[cause] = value;
      errors += value;
    });
    const concurrency = settings.concurrency[service] as number;
    // Capacity: worker time of the instances while they were alive (kills, autoscaling).
    const capacity = Math.max(1, (metrics.aliveArea[service] as number) * concurrency);
    let maxInstance = 0;
    for (
      let instance = group.firstInstance;
      instance < group.firstInstance + group.instanceCount;
      instance++
    ) {
      maxInstance = Math.max(maxInstance, instances.busyArea(instance, endNs) / (concurrency * endNs));
    }
    const busyArea = metrics.busyArea(service, endNs);
    const queuedArea = metrics.queuedArea(service, endNs);
    const latency = metrics.latency[service] as LatencyHistogram;
    const departures = metrics.departures[service] as number;
    const attempts = metrics.attempts[service] as number;
    const original = metrics.original[service] as number;
    const requests = metrics.requests[service] as number;
    const successes = metrics.successes[service] as number;
    services.push({
      name: group.name,
      packageName: group.packageName,
      instances: group.instanceCount - group.standbyCount,
      requests,
      errors,
      errorsByCause,
      successRate: round(attempts === 0 ? 1 : successes / attempts, 6),
      goodput: round(successes / endS, 6),
      retries: metrics.retries[service] as number,
      fallbacks: metrics.fallbacks[service] as number,
      breakerTrips: metrics.breakerTrips[service] as number,
      wastedMs: round((metrics.wastedNs[service] as number) / 1e6, 3),
      amplification: round(original === 0 ? 1 : requests / original, 6),
      latencyMs: summarize(latency),
      utilisation: round(busyArea / capacity, 6),
      maxInstanceUtilisation: round(maxInstance, 6),
      meanQueueLength: round(queuedArea / endNs / group.instanceCount, 6),
      maxQueueLength: metrics.maxQueue[service] as number,
      meanInSystem: round((busyArea + queuedArea) / endNs, 6),
      arrivalRate: round(departures / endS, 6),
      meanTimeInSystemMs: round(
        departures === 0 ? 0 : (metrics.timeInSystem[service] as number) / departures / 1e6,
        6,
      ),
    });
    histogramsByService[group.name] = latency.encode();
    timelineByService[group.name] = metrics.timeline[service]!.series(seconds);
  }

  const entriesByService = new Map<number, Entry[]>();
  for (const entry of run.entries.list)
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
  const ordered = run.edges
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
  const failures: FailureReport[] = run.failures.map((active) => {
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

  const requests = run.entries;
  return {
    format: RESULT_FORMAT,
    engineVersion: ENGINE_VERSION,
    arch: topology.arch,
    scenario: run.scenario?.name ?? null,
    options: {
      durationS: run.durationNs / 1e9,
      rate: run.rate,
      arrival: run.poisson ? 'poisson' : 'constant',
      scale: topology.scale,
      regions: topology.runRegions,
      seed: run.seed,
      traceSampleRate: run.traceSampleRate,
      writeFraction: run.writeFraction,
    },
    summary: {
      simulatedSeconds: round(endS, 6),
      instances: topology.instanceCount,
      requests: requests.requestsStarted,
      completed: requests.requestsCompleted,
      errors: requests.requestErrors,
      unfinished: requests.requestsStarted - requests.requestsCompleted,
      calls: run.callsAllocated - requests.requestsStarted,
      events: run.events,
    },
    entries,
    services,
    edges,
    histograms: { entries: histogramsByEntry, services: histogramsByService, edges: histogramsByEdge },
    timeline: { bucketSeconds: 1, entries: timelineByEntry, services: timelineByService },
    traces: run.traces.sorted(),
    failures,
    events: run.metrics.events,
    document: run.document,
  };
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
