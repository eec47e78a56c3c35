/**
 * The network between instances: one-way delays by locality (same zone, cross zone, cross
 * region), and the partitions in effect, which lose every call and answer that crosses them.
 */
import { compileSampler, type Sampler } from '../distributions.ts';
import { ANYWHERE, type Topology } from '../topology/expand.ts';
import type { LatencyModel } from '@shared/document/latency.ts';
import type { ArchDocument } from '@shared/document/schema.ts';

/** Default one-way network delays by locality (ms). */
export const DEFAULT_NETWORK: {
  readonly sameZone: LatencyModel;
  readonly crossZone: LatencyModel;
  readonly crossRegion: LatencyModel;
} = {
  sameZone: { type: 'lognormal', median: 0.1, sigma: 0.3 },
  crossZone: { type: 'lognormal', median: 0.6, sigma: 0.3 },
  crossRegion: { type: 'lognormal', median: 35, sigma: 0.1 },
};

/** A region, or one zone of it (zone ANYWHERE: the whole region). */
export interface Place {
  readonly region: number;
  readonly zone: number;
}

export class Network {
  /** One-way delay (ms) by locality: 0 same zone, 1 cross zone, 2 cross region. */
  readonly samplers: readonly [Sampler, Sampler, Sampler];
  /** The partitions in effect. */
  readonly partitions: [Place, Place][] = [];

  constructor(
    private readonly topology: Topology,
    document: ArchDocument,
  ) {
    const network = { ...DEFAULT_NETWORK, ...(document.network ?? {}) };
    this.samplers = [
      compileSampler(network.sameZone),
      compileSampler(network.crossZone),
      compileSampler(network.crossRegion),
    ];
  }

  /** Whether a partition separates instance `from` from instance `to`. */
  partitioned(from: number, to: number): boolean {
    const topology = this.topology;
    const inside = (instance: number, place: Place) =>
      topology.instanceRegion[instance] === place.region &&
      (place.zone === ANYWHERE || topology.instanceZone[instance] === place.zone);
    for (const [left, right] of this.partitions) {
      if ((inside(from, left) && inside(to, right)) || (inside(from, right) && inside(to, left))) return true;
    }
    return false;
  }

  /** The place a failure names: "region" or "region/zone". */
  placeOf(text: string): Place {
    const [regionName, zoneText] = text.split('/');
    const region = this.topology.regions.findIndex((layout) => layout.name === regionName);
    const zone =
      zoneText === undefined
        ? ANYWHERE
        : (this.topology.regions[region]?.zones.indexOf(zoneText) ?? ANYWHERE);
    return { region, zone };
  }
}
