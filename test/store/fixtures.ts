/**
 * A small but complete RunResult for the store tests: every part of a result filled in, with real
 * HdrHistogram encodings, made without running the engine.
 */
import { LatencyHistogram } from '@engine/histogram.ts';
import type { ArchDocument } from '@shared/document/schema.ts';
import {
  RESULT_FORMAT,
  type LatencySummary,
  type RunResult,
  type TimelineSeries,
  type ZipkinSpan,
} from '@shared/results.ts';

export const ENGINE_VERSION = '0.1.0-test';

/** The LAMP stack of resources/examples, with an archsim extra so the document is not trivial. */
export function lampDocument(overrides: Partial<ArchDocument> = {}): ArchDocument {
  return {
    archsimVersion: 1,
    arch: 'lamp',
    description: 'Simple LAMP stack',
    version: 'arch-0.0',
    services: [
      { name: 'rds-mysql', package: 'store', count: 2, regions: 1, dependencies: [] },
      { name: 'memcache', package: 'store', count: 1, regions: 1, dependencies: [] },
      {
        name: 'webserver',
        package: 'monolith',
        count: 18,
        regions: 1,
        dependencies: ['memcache', 'rds-mysql'],
      },
      { name: 'webserver-elb', package: 'elb', count: 0, regions: 1, dependencies: ['webserver'] },
      { name: 'www', package: 'denominator', count: 0, regions: 0, dependencies: ['webserver-elb'] },
    ],
    load: { rate: 100, durationS: 10 },
    seed: 7,
    ...overrides,
  } as ArchDocument;
}

/** A histogram of `count` values spread around `medianMicros`, encoded; and its summary in ms. */
export function histogram(medianMicros: number, count = 200): { encoded: string; summary: LatencySummary } {
  const recorded = new LatencyHistogram();
  for (let index = 0; index < count; index++) {
    recorded.record(medianMicros * (0.5 + (index % 20) / 20) + index);
  }
  const ms = (micros: number) => micros / 1000;
  return {
    encoded: recorded.encode(),
    summary: {
      count: recorded.totalCount,
      mean: ms(recorded.mean),
      p50: ms(recorded.valueAtPercentile(50)),
      p90: ms(recorded.valueAtPercentile(90)),
      p99: ms(recorded.valueAtPercentile(99)),
      p999: ms(recorded.valueAtPercentile(99.9)),
      max: ms(recorded.max),
    },
  };
}

function series(seconds: number, scale: number): TimelineSeries {
  const values = (factor: number) => Array.from({ length: seconds }, (_, second) => (second + 1) * factor);
  return {
    requests: values(scale),
    errors: values(0),
    p50: values(scale / 100),
    p90: values(scale / 50),
    p99: values(scale / 10 + 0.25),
  };
}

export interface ResultOptions {
  readonly arch?: string;
  readonly seed?: number;
  readonly document?: ArchDocument;
  readonly scenario?: string | null;
}

/** A complete result of the LAMP document: 1 entry, 5 services, 4 edges, traces and a timeline. */
export function makeResult(options: ResultOptions = {}): RunResult {
  const document = options.document ?? lampDocument();
  const seed = options.seed ?? 7;
  const entry = histogram(12_000);
  const names = ['www', 'webserver-elb', 'webserver', 'memcache', 'rds-mysql'] as const;
  const packages = ['denominator', 'elb', 'monolith', 'store', 'store'] as const;
  const serviceHistograms = names.map((_, index) => histogram(10_000 / (index + 1)));
  const edgePairs = [
    ['www', 'webserver-elb'],
    ['webserver-elb', 'webserver'],
    ['webserver', 'memcache'],
    ['webserver', 'rds-mysql'],
  ] as const;
  const edgeHistograms = edgePairs.map((_, index) => ({
    response: histogram(8000 / (index + 1)),
    service: histogram(7000 / (index + 1)),
    network: histogram(300 + index),
  }));
  const spans: ZipkinSpan[] = [
    {
      traceId: '00000000000000a1',
      id: '00000000000000a1',
      name: 'get',
      kind: 'SERVER',
      timestamp: 1_700_000_000_000_000,
      duration: 11_800,
      localEndpoint: { serviceName: 'www' },
      tags: { 'archsim.instance': 'lamp.us-east-1.zoneA.www0' },
    },
    {
      traceId: '00000000000000a1',
      id: '00000000000000a2',
      parentId: '00000000000000a1',
      name: 'get',
      kind: 'CLIENT',
      timestamp: 1_700_000_000_000_150,
      duration: 11_300,
      localEndpoint: { serviceName: 'www' },
      remoteEndpoint: { serviceName: 'webserver-elb', ipv4: '10.0.0.2', port: 8080 },
      shared: false,
    },
  ];
  return {
    format: RESULT_FORMAT,
    engineVersion: ENGINE_VERSION,
    arch: options.arch ?? 'lamp',
    scenario: options.scenario ?? null,
    options: {
      durationS: 10,
      rate: 100,
      arrival: 'poisson',
      scale: 100,
      regions: 1,
      seed,
      traceSampleRate: 0.001,
      writeFraction: 0.1,
    },
    summary: {
      simulatedSeconds: 10.042,
      instances: 21,
      requests: 1003,
      completed: 1001,
      errors: 2,
      unfinished: 0,
      calls: 3120,
      events: 12_345,
    },
    entries: [
      {
        name: 'www',
        instances: 1,
        requests: 1003,
        completed: 1001,
        errors: 2,
        unfinished: 0,
        responseMs: entry.summary,
      },
    ],
    services: names.map((name, index) => ({
      name,
      packageName: packages[index] as string,
      instances: [1, 3, 18, 1, 2][index] as number,
      requests: 1003 + index * 7,
      errors: index === 4 ? 2 : 0,
      errorsByCause: index === 4 ? { timeout: 1, rejected: 1 } : {},
      successRate: index === 4 ? 0.998 : 1,
      goodput: 100.1 + index / 10,
      retries: index === 4 ? 3 : 0,
      fallbacks: 0,
      breakerTrips: index === 4 ? 1 : 0,
      wastedMs: index * 1.5,
      amplification: index === 4 ? 1.003 : 1,
      latencyMs: (serviceHistograms[index] as { summary: LatencySummary }).summary,
      utilisation: 0.125 * (index + 1),
      maxInstanceUtilisation: 0.15 * (index + 1),
      meanQueueLength: 0.01 * index,
      maxQueueLength: index,
      meanInSystem: 0.5 + index,
      arrivalRate: 100.3,
      meanTimeInSystemMs: 4.75 + index,
    })),
    edges: edgePairs.map(([caller, callee], index) => {
      const encoded = edgeHistograms[index] as (typeof edgeHistograms)[number];
      return {
        caller,
        callee,
        calls: 1003 + index,
        errors: index === 3 ? 2 : 0,
        responseMs: encoded.response.summary,
        serviceMs: encoded.service.summary,
        networkMs: encoded.network.summary,
        locality: { sameZone: 700 + index, crossZone: 303, crossRegion: 0 },
      };
    }),
    histograms: {
      entries: { www: entry.encoded },
      services: Object.fromEntries(
        names.map((name, index) => [name, (serviceHistograms[index] as { encoded: string }).encoded]),
      ),
      edges: Object.fromEntries(
        edgePairs.map(([caller, callee], index) => {
          const encoded = edgeHistograms[index] as (typeof edgeHistograms)[number];
          return [
            `${caller}->${callee}`,
            {
              response: encoded.response.encoded,
              service: encoded.service.encoded,
              network: encoded.network.encoded,
            },
          ];
        }),
      ),
    },
    timeline: {
      bucketSeconds: 1,
      entries: { www: series(11, 100) },
      services: Object.fromEntries(names.map((name, index) => [name, series(11, 100 + index)])),
    },
    traces: spans,
    failures: [
      {
        scenario: 'mysql-down',
        type: 'kill-instances',
        target: '1 instance of rds-mysql',
        atS: 5,
        durationS: 2,
        impactStartS: 5,
        impactEndS: 7.5,
        timeToRecoverS: 2.5,
        errorsDuringImpact: 2,
      },
    ],
    events: [
      { atS: 5, kind: 'failure-start', service: 'rds-mysql', detail: 'kill 1 instance of rds-mysql' },
      {
        atS: 5,
        kind: 'instance-down',
        service: 'rds-mysql',
        instance: 'lamp.us-east-1.zoneA.rds-mysql0',
        detail: 'killed',
      },
      { atS: 5.2, kind: 'breaker-open', service: 'rds-mysql', detail: 'webserver → rds-mysql' },
      { atS: 7, kind: 'failure-end', service: 'rds-mysql', detail: 'kill 1 instance of rds-mysql' },
    ],
    document,
  };
}
