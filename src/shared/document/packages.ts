/**
 * The package catalogue: spigo's package names and, for each, the behaviour archsim gives it and
 * the defaults a service of that package takes when its document leaves a field out.
 *
 * spigo's valid names (actors/packagenames) are all listed. `eureka` and `pirate` pass spigo's
 * check but do nothing useful in an architecture file (eureka instances are created
 * automatically; a pirate has no eureka handling), so archsim reports them as errors.
 */
import type { LatencyModel } from './latency.ts';

/** Package names an architecture may use. */
export const PACKAGE_NAMES = [
  'denominator',
  'elb',
  'zuul',
  'karyon',
  'monolith',
  'staash',
  'priamCassandra',
  'riak',
  'store',
  'cache',
  'volume',
] as const;

export type PackageName = (typeof PACKAGE_NAMES)[number];

/** Packages spigo knows but that may not appear in an architecture file. */
export const INTERNAL_PACKAGE_NAMES = ['eureka', 'pirate'] as const;

export function isPackageName(value: unknown): value is PackageName {
  return typeof value === 'string' && (PACKAGE_NAMES as readonly string[]).includes(value);
}

/**
 * What a package does with a request (DESIGN.md §3):
 * - `entry`: generates traffic (denominator, spigo's DNS root).
 * - `proxy`: forwards each request to one dependency instance (elb, zuul).
 * - `service`: business logic that calls its dependencies (karyon, monolith).
 * - `data-access`: staash, tries its tiers in order (cache, volume, ring, store, staash).
 * - `store`: answers from its own data (store, cache, volume).
 * - `ring`: a partitioned, replicated store (priamCassandra, riak).
 */
export const BEHAVIOURS = ['entry', 'proxy', 'service', 'data-access', 'store', 'ring'] as const;
export type Behaviour = (typeof BEHAVIOURS)[number];

/** Wardley evolution stages, left to right on the value chain. */
export const EVOLUTION_STAGES = ['genesis', 'custom', 'product', 'commodity'] as const;
export type EvolutionStage = (typeof EVOLUTION_STAGES)[number];

/** How a service calls its dependencies when it has several. */
export const CALL_MODES = ['sequential', 'parallel', 'one-of'] as const;
export type CallMode = (typeof CALL_MODES)[number];

export interface PackageProfile {
  readonly name: PackageName;
  readonly summary: string;
  readonly behaviour: Behaviour;
  /**
   * Whether an instance connects to dependency instances in every zone (spigo's cross-zone
   * packages) or only to those whose zone name equals its own (karyon, zuul).
   */
  readonly crossZone: boolean;
  /** Deregisters from eureka at shutdown, which spigo logs as a graph `done` record. */
  readonly deregistersAtShutdown: boolean;
  /** Holds data that must survive the loss of a zone (lint: not all instances in one zone). */
  readonly stateful: boolean;
  readonly defaults: {
    readonly latency: LatencyModel;
    readonly concurrency: number;
    /** Queue capacity per instance; `null` means unbounded. */
    readonly queue: number | null;
    readonly timeoutMs: number;
    readonly retries: number;
    readonly callMode: CallMode;
    readonly evolution: EvolutionStage;
  };
}

const ms = (value: number): LatencyModel => ({ type: 'constant', value });

/** Package profiles, keyed by package name. Latencies are in milliseconds. */
export const PACKAGE_PROFILES: Readonly<Record<PackageName, PackageProfile>> = {
  denominator: {
    name: 'denominator',
    summary: 'Global DNS and the entry point of traffic (Netflix OSS Denominator).',
    behaviour: 'entry',
    crossZone: true,
    deregistersAtShutdown: false,
    stateful: false,
    defaults: {
      latency: ms(0),
      concurrency: 1_000_000,
      queue: null,
      timeoutMs: 5000,
      retries: 0,
      callMode: 'one-of',
      evolution: 'commodity',
    },
  },
  elb: {
    name: 'elb',
    summary: 'Regional load balancer: forwards each request to one instance of its dependencies.',
    behaviour: 'proxy',
    crossZone: true,
    deregistersAtShutdown: false,
    stateful: false,
    defaults: {
      latency: { type: 'lognormal', median: 0.2, sigma: 0.3 },
      concurrency: 10_000,
      queue: null,
      timeoutMs: 4000,
      retries: 0,
      callMode: 'one-of',
      evolution: 'commodity',
    },
  },
  zuul: {
    name: 'zuul',
    summary: 'API proxy: forwards to instances of its dependencies in its own zone only.',
    behaviour: 'proxy',
    crossZone: false,
    deregistersAtShutdown: true,
    stateful: false,
    defaults: {
      latency: { type: 'lognormal', median: 0.5, sigma: 0.4 },
      concurrency: 200,
      queue: 1000,
      timeoutMs: 3000,
      retries: 1,
      callMode: 'one-of',
      evolution: 'product',
    },
  },
  karyon: {
    name: 'karyon',
    summary: 'Business-logic microservice: calls its dependencies in its own zone only.',
    behaviour: 'service',
    crossZone: false,
    deregistersAtShutdown: true,
    stateful: false,
    defaults: {
      latency: { type: 'lognormal', median: 5, sigma: 0.5 },
      concurrency: 50,
      queue: 500,
      timeoutMs: 2000,
      retries: 1,
      callMode: 'sequential',
      evolution: 'custom',
    },
  },
  monolith: {
    name: 'monolith',
    summary: 'Monolithic application server: calls its dependencies in every zone of its region.',
    behaviour: 'service',
    crossZone: true,
    deregistersAtShutdown: true,
    stateful: false,
    defaults: {
      latency: { type: 'lognormal', median: 20, sigma: 0.6 },
      concurrency: 100,
      queue: 1000,
      timeoutMs: 5000,
      retries: 0,
      callMode: 'sequential',
      evolution: 'custom',
    },
  },
  staash: {
    name: 'staash',
    summary: 'Data access layer: reads from the first tier that has the key (cache, volume, ring, store).',
    behaviour: 'data-access',
    crossZone: true,
    deregistersAtShutdown: true,
    stateful: false,
    defaults: {
      latency: { type: 'lognormal', median: 1, sigma: 0.4 },
      concurrency: 100,
      queue: 1000,
      timeoutMs: 1000,
      retries: 1,
      callMode: 'sequential',
      evolution: 'product',
    },
  },
  priamCassandra: {
    name: 'priamCassandra',
    summary: 'Cassandra managed by Priam: a token ring per zone, writes replicated across zones and regions.',
    behaviour: 'ring',
    crossZone: true,
    deregistersAtShutdown: false,
    stateful: true,
    defaults: {
      latency: { type: 'lognormal', median: 2, sigma: 0.5 },
      concurrency: 64,
      queue: 2000,
      timeoutMs: 500,
      retries: 1,
      callMode: 'sequential',
      evolution: 'product',
    },
  },
  riak: {
    name: 'riak',
    summary: 'Riak: behaves as priamCassandra (a token ring with cross-zone replication).',
    behaviour: 'ring',
    crossZone: true,
    deregistersAtShutdown: false,
    stateful: true,
    defaults: {
      latency: { type: 'lognormal', median: 2, sigma: 0.5 },
      concurrency: 64,
      queue: 2000,
      timeoutMs: 500,
      retries: 1,
      callMode: 'sequential',
      evolution: 'product',
    },
  },
  store: {
    name: 'store',
    summary: 'Key-value store (e.g. RDS MySQL, EVCache): answers from its own data.',
    behaviour: 'store',
    crossZone: true,
    deregistersAtShutdown: false,
    stateful: true,
    defaults: {
      latency: { type: 'lognormal', median: 2, sigma: 0.5 },
      concurrency: 64,
      queue: 2000,
      timeoutMs: 500,
      retries: 0,
      callMode: 'sequential',
      evolution: 'product',
    },
  },
  cache: {
    name: 'cache',
    summary: 'Cache tier (e.g. memcached): fast, staash tries it first.',
    behaviour: 'store',
    crossZone: true,
    deregistersAtShutdown: false,
    stateful: false,
    defaults: {
      latency: { type: 'lognormal', median: 0.3, sigma: 0.3 },
      concurrency: 256,
      queue: 5000,
      timeoutMs: 100,
      retries: 0,
      callMode: 'sequential',
      evolution: 'product',
    },
  },
  volume: {
    name: 'volume',
    summary: 'Block or object storage (e.g. a disk, S3): slow, durable.',
    behaviour: 'store',
    crossZone: true,
    deregistersAtShutdown: false,
    stateful: true,
    defaults: {
      latency: { type: 'lognormal', median: 8, sigma: 0.6 },
      concurrency: 32,
      queue: 1000,
      timeoutMs: 1000,
      retries: 0,
      callMode: 'sequential',
      evolution: 'commodity',
    },
  },
};

/** Order in which staash tries its tiers (spigo's order), by callee package. */
export const STAASH_TIER_ORDER: readonly PackageName[] = [
  'cache',
  'volume',
  'priamCassandra',
  'riak',
  'store',
  'staash',
];
