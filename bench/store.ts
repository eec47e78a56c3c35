/**
 * Run store benchmark (issue 5's goals: list 10,000 runs under 100 ms, load one run's results
 * under 200 ms). Builds a temporary history of 10,000 runs through the store's own API, then
 * times opening it, listing all of it, listing the first page and loading one run in full.
 *
 * The results are synthetic but shaped like the engine's for the bundled examples (one entry,
 * service and edge row for each the example has; real HdrHistogram encodings), so that the
 * benchmark measures the store whatever state the engine is in. Every run has its summaries; one
 * in a hundred also keeps its histograms, timeline and traces. The run that is loaded is the
 * heaviest kind: netflixoss over 60 s with 1000 sampled traces of 11 spans and an event log.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { LatencyHistogram } from '@engine/histogram.ts';
import type { ArchDocument } from '@shared/document/schema.ts';
import {
  RESULT_FORMAT,
  type EdgeResult,
  type LatencySummary,
  type RunEvent,
  type RunResult,
  type ServiceResult,
  type TimelineSeries,
  type ZipkinSpan,
} from '@shared/results.ts';
import { openRunStore, type RunId } from '@store/index.ts';
import { loadExample } from './topology.ts';
import { median } from './stats.ts';

export interface StoreBenchResult {
  /** Runs in the history. */
  runs: number;
  /** Seconds to write the history (10,000 create + complete transactions). */
  fillS: number;
  /** Size of the database file. */
  databaseMB: number;
  /** Opening the history (integrity check, migrations, recovery), median. */
  openMs: number;
  /** listRuns({ limit: 10000 }), median. */
  listMs: number;
  /** listRuns() — the first page of 100, as the runs panel asks — median. */
  listPageMs: number;
  /** getRun of the heaviest run, result reassembled, median. */
  loadMs: number;
  /** Spans in the loaded run. */
  loadedSpans: number;
}

const ARCHITECTURES = ['netflixoss', 'lamp', 'riak', 'storage'] as const;
const ENGINE_VERSION = 'bench';

function timed(repetitions: number, action: () => void): number {
  action(); // warm-up: statement preparation, first page reads
  const times: number[] = [];
  for (let repetition = 0; repetition < repetitions; repetition++) {
    const start = performance.now();
    action();
    times.push(performance.now() - start);
  }
  return Number(median(times).toFixed(2));
}

/** A small deterministic generator (mulberry32), so every benchmark stores the same history. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Rounded as the engine rounds: ms to the µs, ratios to six digits. */
const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Latency in ms, summarised; with its encoded histogram when `detail` (values in µs). */
function latency(random: () => number, medianMs: number, count: number, detail: boolean) {
  const at = (quantile: number) => round(medianMs * Math.exp(0.6 * Math.log(quantile / (1 - quantile) + 1)));
  const summary: LatencySummary = {
    count,
    mean: round(medianMs * 1.2, 6),
    p50: round(medianMs),
    p90: at(0.9),
    p99: at(0.99),
    p999: at(0.999),
    max: round(at(0.9999) * (1 + random())),
  };
  if (!detail) return { summary, encoded: '' };
  const histogram = new LatencyHistogram();
  for (let index = 0; index < Math.min(count, 20_000); index++) {
    histogram.record(medianMs * 1000 * Math.exp(0.6 * (random() + random() + random() - 1.5)));
  }
  return { summary, encoded: histogram.encode() };
}

function series(random: () => number, seconds: number, rate: number): TimelineSeries {
  const values = (scale: number) =>
    Array.from({ length: seconds }, () => Number((scale * (0.9 + 0.2 * random())).toFixed(3)));
  return {
    requests: values(rate),
    errors: values(rate / 500),
    p50: values(4),
    p90: values(9),
    p99: values(25),
  };
}

function traces(random: () => number, services: readonly string[], count: number): ZipkinSpan[] {
  const spans: ZipkinSpan[] = [];
  for (let trace = 0; trace < count; trace++) {
    const traceId = (0x1000_0000 + trace).toString(16).padStart(16, '0');
    const start = 1_700_000_000_000_000 + trace * 60_000;
    for (let span = 0; span < 11; span++) {
      const service = services[span % services.length] as string;
      spans.push({
        traceId,
        id: (trace * 11 + span + 1).toString(16).padStart(16, '0'),
        ...(span === 0 ? {} : { parentId: (trace * 11 + span).toString(16).padStart(16, '0') }),
        name: 'get',
        kind: span % 2 === 0 ? 'SERVER' : 'CLIENT',
        timestamp: start + span * 150,
        duration: Math.round(10_000 * random()) + 100,
        localEndpoint: { serviceName: service },
        tags: { 'archsim.instance': `${service}${span % 3}` },
      });
    }
  }
  return spans;
}

/**
 * A result shaped like the engine's for `document`: an entry per denominator, a service per
 * service, an edge per dependency on a listed service. `detail` adds histograms, a 60-s timeline,
 * `traceCount` traces (6: the default sample rate of 0.001 over 6000 requests) and events.
 */
function syntheticResult(
  document: ArchDocument,
  arch: string,
  seed: number,
  detail: boolean,
  traceCount = 6,
): RunResult {
  const random = generator(seed);
  const durationS = detail ? 60 : 30;
  const rate = 100;
  const requests = durationS * rate;
  const names = document.services.map((service) => service.name);
  const entryServices = document.services.filter((service) => service.package === 'denominator');
  const entries = entryServices.map((service) => {
    const response = latency(random, 20 + 10 * random(), requests, detail);
    return {
      result: {
        name: service.name,
        instances: 1,
        requests,
        completed: requests - 3,
        errors: 3,
        unfinished: 0,
        responseMs: response.summary,
      },
      encoded: response.encoded,
    };
  });
  const services = document.services.map((service) => {
    const measured = latency(random, 2 + 8 * random(), requests, detail);
    const result: ServiceResult = {
      name: service.name,
      packageName: service.package,
      instances: service.count ?? 1,
      requests,
      errors: 1,
      errorsByCause: { timeout: 1 },
      successRate: round(1 - 1 / requests, 6),
      goodput: rate,
      retries: 1,
      fallbacks: 0,
      breakerTrips: 0,
      wastedMs: round(2 * random(), 6),
      amplification: 1,
      latencyMs: measured.summary,
      utilisation: round(random(), 6),
      maxInstanceUtilisation: round(random(), 6),
      meanQueueLength: round(random(), 6),
      maxQueueLength: Math.floor(10 * random()),
      meanInSystem: round(3 * random(), 6),
      arrivalRate: rate,
      meanTimeInSystemMs: measured.summary.mean,
    };
    return { result, encoded: measured.encoded };
  });
  const edges = document.services.flatMap((service) =>
    (service.dependencies ?? [])
      .filter((callee) => names.includes(callee))
      .map((callee) => {
        const response = latency(random, 3 + 5 * random(), requests, detail);
        const served = latency(random, 2 + 5 * random(), requests, detail);
        const network = latency(random, 0.2 + random(), requests, detail);
        const result: EdgeResult = {
          caller: service.name,
          callee,
          calls: requests,
          errors: 0,
          responseMs: response.summary,
          serviceMs: served.summary,
          networkMs: network.summary,
          locality: { sameZone: requests * 0.7, crossZone: requests * 0.3, crossRegion: 0 },
        };
        return {
          result,
          encoded: { response: response.encoded, service: served.encoded, network: network.encoded },
        };
      }),
  );
  const events: RunEvent[] = detail
    ? Array.from({ length: 200 }, (_, index) => ({
        atS: 20 + index * 0.1,
        kind: index % 2 === 0 ? 'instance-down' : 'instance-detected-down',
        service: names[index % names.length] as string,
        instance: `${names[index % names.length] as string}${index % 6}`,
        detail: 'zone-outage us-east-1/zoneA',
      }))
    : [];
  return {
    format: RESULT_FORMAT,
    engineVersion: ENGINE_VERSION,
    arch,
    scenario: detail ? 'zone-outage' : null,
    options: {
      durationS,
      rate,
      arrival: 'poisson',
      scale: 100,
      regions: 1,
      seed,
      traceSampleRate: detail ? 0.25 : 0.001,
      writeFraction: 0.1,
    },
    summary: {
      simulatedSeconds: round(durationS + random(), 6),
      instances: document.services.reduce((sum, service) => sum + (service.count ?? 1), 0),
      requests,
      completed: requests - 3,
      errors: 3,
      unfinished: 0,
      calls: requests * edges.length,
      events: requests * 40,
    },
    entries: entries.map((entry) => entry.result),
    services: services.map((service) => service.result),
    edges: edges.map((edge) => edge.result),
    histograms: detail
      ? {
          entries: Object.fromEntries(entries.map((entry) => [entry.result.name, entry.encoded])),
          services: Object.fromEntries(services.map((service) => [service.result.name, service.encoded])),
          edges: Object.fromEntries(
            edges.map((edge) => [`${edge.result.caller}->${edge.result.callee}`, edge.encoded]),
          ),
        }
      : { entries: {}, services: {}, edges: {} },
    timeline: {
      bucketSeconds: 1,
      entries: detail
        ? Object.fromEntries(entries.map((entry) => [entry.result.name, series(random, durationS, rate)]))
        : {},
      services: detail
        ? Object.fromEntries(names.map((name) => [name, series(random, durationS, rate)]))
        : {},
    },
    traces: detail ? traces(random, names, traceCount) : [],
    failures: [],
    events,
    document,
  };
}

/**
 * Writes a history of `runs` synthetic runs into the run database `file` (created), through the
 * store's own API; returns the run whose result is the heaviest (netflixoss, 1000 traces). The
 * studio benchmark fills the web host's history with it too.
 */
export function fillHistory(file: string, runs: number): RunId {
  const documents = ARCHITECTURES.map((arch) => loadExample(arch));

  // About one run a minute (the store reads the clock some three times a run), ending about now.
  let clock = Date.now() - runs * 60_000;
  const store = openRunStore(file, { now: () => (clock += 20_000) });
  let loadedId: RunId | null = null;
  for (let index = 0; index < runs; index++) {
    const which = index % ARCHITECTURES.length;
    const base = documents[which] as ArchDocument;
    // People edit between runs: a new version of the document every ten runs.
    const document = {
      ...base,
      description: `${base.description ?? ''} (version ${Math.floor(index / 10)})`,
    };
    const isLoaded = index === Math.floor(runs / 2);
    const id = store.createRun({
      label: index % 5 === 0 ? `try ${index}` : null,
      document: isLoaded ? (documents[0] as ArchDocument) : document,
      seed: index,
      engineVersion: ENGINE_VERSION,
      options: { durationS: 30, rate: 100 },
    });
    const outcome = index % 100; // per hundred runs: 90 done, 6 failed, 4 cancelled
    if (isLoaded) {
      store.completeRun(id, syntheticResult(documents[0] as ArchDocument, 'netflixoss', index, true, 1000));
      loadedId = id;
    } else if (outcome < 90) {
      store.completeRun(id, syntheticResult(document, ARCHITECTURES[which] as string, index, outcome === 0));
    } else if (outcome < 96) {
      store.failRun(id, 'engine crashed: worker exited with code 134');
    } else {
      store.cancelRun(id);
    }
  }
  store.close();
  if (loadedId === null) throw new Error('no run was loaded');
  return loadedId;
}

export function benchStore(runs = 10_000, repetitions = 7): StoreBenchResult {
  const folder = mkdtempSync(path.join(tmpdir(), 'archsim-bench-store-'));
  const file = path.join(folder, 'runs.db');
  try {
    const fillStart = performance.now();
    const loadedId = fillHistory(file, runs);
    const fillS = Number(((performance.now() - fillStart) / 1000).toFixed(2));

    const openTimes: number[] = [];
    for (let repetition = 0; repetition < 3; repetition++) {
      const start = performance.now();
      openRunStore(file).close();
      openTimes.push(performance.now() - start);
    }
    const reopened = openRunStore(file);
    try {
      let listed = 0;
      const listMs = timed(repetitions, () => {
        listed = reopened.listRuns({ limit: runs }).length;
      });
      if (listed !== runs) throw new Error(`listed ${listed} runs, expected ${runs}`);
      const listPageMs = timed(repetitions, () => reopened.listRuns());
      let loadedSpans = 0;
      const loadMs = timed(repetitions, () => {
        const run = reopened.getRun(loadedId as RunId);
        if (run?.result === null || run === null) throw new Error('the loaded run has no result');
        loadedSpans = run.result.traces.length;
      });
      return {
        runs,
        fillS,
        databaseMB: Number((statSync(file).size / 1e6).toFixed(1)),
        openMs: Number(median(openTimes).toFixed(2)),
        listMs,
        listPageMs,
        loadMs,
        loadedSpans,
      };
    } finally {
      reopened.close();
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
