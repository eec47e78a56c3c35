/**
 * Every service's settings as the hot path reads them: the document's values with their package
 * defaults (resolveServices), flattened into typed arrays indexed by service, with compiled
 * latency samplers and the service's random streams.
 *
 * Each stream is named after its purpose and the service's name ("service:homepage"), so adding
 * a service does not reshuffle anybody else's numbers.
 */
import { compileSampler, type Sampler } from '../distributions.ts';
import { Random } from '../random.ts';
import type { ServiceGroup, Topology } from '../topology/expand.ts';
import { PACKAGE_PROFILES } from '@shared/document/packages.ts';
import type { ResolvedService } from '@shared/document/resolve.ts';
import type { ArchDocument } from '@shared/document/schema.ts';

/** How a service calls its dependencies (a document's calls.mode). */
export const CALL_MODE = { sequential: 0, parallel: 1, oneOf: 2 } as const;

export class ServiceTable {
  readonly count: number;
  /** 1 for entry services (denominator): a request's root call lives there. */
  readonly entry: Uint8Array;
  /** CALL_MODE per service. */
  readonly callMode: Uint8Array;
  /** Workers per instance. */
  readonly concurrency: Int32Array;
  /** Queue places per instance, -1 for unbounded. */
  readonly queueLimit: Int32Array;
  readonly cacheHitRate: Float64Array;
  /** 1 when the service passes its remaining deadline on to its calls. */
  readonly propagatesDeadline: Uint8Array;
  /** How long an autoscaling group takes to replace a dead instance (ns), -1 for never. */
  readonly replaceAfterNs: Float64Array;
  /** Service time in ms. */
  readonly sampler: Sampler[] = [];
  /** Call probability per dependency position. */
  readonly callProbability: Float64Array[] = [];
  /** Draws service times. */
  readonly serviceRandom: Random[] = [];
  /** Picks instances to call and decides which dependencies a request calls. */
  readonly routeRandom: Random[] = [];
  /** Cache hits and injected errors. */
  readonly dataRandom: Random[] = [];
  /** Network delays of the calls it sends and the answers it gives. */
  readonly networkRandom: Random[] = [];
  /** Retry jitter of its calls. */
  readonly retryRandom: Random[] = [];

  constructor(
    document: ArchDocument,
    topology: Topology,
    resolved: readonly ResolvedService[],
    seed: number,
  ) {
    const count = topology.services.length;
    this.count = count;
    this.entry = new Uint8Array(count);
    this.callMode = new Uint8Array(count);
    this.concurrency = new Int32Array(count);
    this.queueLimit = new Int32Array(count);
    this.cacheHitRate = new Float64Array(count);
    this.propagatesDeadline = new Uint8Array(count);
    this.replaceAfterNs = new Float64Array(count).fill(-1);
    document.services.forEach((service, index) => {
      const settings = resolved[index] as ResolvedService;
      const group = topology.services[index] as ServiceGroup;
      this.entry[index] = PACKAGE_PROFILES[group.packageName].behaviour === 'entry' ? 1 : 0;
      this.callMode[index] =
        settings.callMode === 'parallel'
          ? CALL_MODE.parallel
          : settings.callMode === 'one-of'
            ? CALL_MODE.oneOf
            : CALL_MODE.sequential;
      this.concurrency[index] = settings.concurrency;
      this.queueLimit[index] = settings.queue === null ? -1 : settings.queue;
      this.cacheHitRate[index] = settings.cacheHitRate;
      this.propagatesDeadline[index] = settings.deadlinePropagation ? 1 : 0;
      if (service.autoscaling?.replaceAfterS !== undefined)
        this.replaceAfterNs[index] = service.autoscaling.replaceAfterS * 1e9;
      this.sampler.push(compileSampler(settings.latency));
      this.callProbability.push(
        Float64Array.from(group.dependencies, (dependency) =>
          settings.callProbability((topology.services[dependency] as ServiceGroup).name),
        ),
      );
      this.serviceRandom.push(Random.stream(seed, `service:${service.name}`));
      this.routeRandom.push(Random.stream(seed, `route:${service.name}`));
      this.dataRandom.push(Random.stream(seed, `data:${service.name}`));
      this.networkRandom.push(Random.stream(seed, `network:${service.name}`));
      this.retryRandom.push(Random.stream(seed, `retry:${service.name}`));
    });
  }
}
