/** Instance counts per service, region and zone: what `archsim expand --format summary` prints. */
import { ANYWHERE, countEdges, isGraphNode, type Topology } from './expand.ts';

export interface ServiceRegionCount {
  readonly service: string;
  readonly packageName: string;
  /** Region name, or "*" for a non-regional service. */
  readonly region: string;
  /** Instances per zone index of that region; cross-zone instances are counted in `crossZone`. */
  readonly zones: readonly number[];
  readonly crossZone: number;
  /** Instances that never registered (a region with no eureka): not in the graph. */
  readonly unregistered: number;
  readonly total: number;
}

export interface TopologySummary {
  readonly arch: string;
  readonly scale: number;
  readonly runRegions: number;
  readonly services: number;
  readonly instances: number;
  readonly graphNodes: number;
  readonly eureka: number;
  readonly edges: number;
  /** Column names for zone indexes: the zone names when every region shares them. */
  readonly zoneNames: readonly string[];
  readonly rows: readonly ServiceRegionCount[];
}

export function summarizeTopology(topology: Topology): TopologySummary {
  const rows: ServiceRegionCount[] = [];
  let graphNodes = 0;
  for (const service of topology.services) {
    const byRegion = new Map<
      number,
      { zones: number[]; crossZone: number; unregistered: number; total: number }
    >();
    for (
      let instance = service.firstInstance;
      instance < service.firstInstance + service.instanceCount;
      instance++
    ) {
      const region = topology.instanceRegion[instance] as number;
      const zone = topology.instanceZone[instance] as number;
      let row = byRegion.get(region);
      if (!row) {
        const zoneCount = region === ANYWHERE ? 0 : (topology.regions[region]?.zones.length ?? 0);
        row = { zones: new Array<number>(zoneCount).fill(0), crossZone: 0, unregistered: 0, total: 0 };
        byRegion.set(region, row);
      }
      if (zone === ANYWHERE) row.crossZone++;
      else row.zones[zone] = (row.zones[zone] ?? 0) + 1;
      if (isGraphNode(topology, instance)) graphNodes++;
      else row.unregistered++;
      row.total++;
    }
    for (const [region, row] of byRegion) {
      rows.push({
        service: service.name,
        packageName: service.packageName,
        region: region === ANYWHERE ? '*' : (topology.regions[region]?.name ?? '?'),
        ...row,
      });
    }
  }
  const used = topology.regions.slice(
    0,
    Math.max(1, ...topology.services.map((service) => service.regionSpan)),
  );
  const widest = Math.max(...used.map((region) => region.zones.length));
  const shared = used.every((region) => region.zones.join('|') === used[0]?.zones.join('|'));
  const zoneNames = shared
    ? (used[0]?.zones ?? [])
    : Array.from({ length: widest }, (_unused, index) => `zone${index + 1}`);
  return {
    arch: topology.arch,
    zoneNames,
    scale: topology.scale,
    runRegions: topology.runRegions,
    services: topology.services.length,
    instances: topology.instanceCount,
    graphNodes,
    eureka: topology.eurekaCount,
    edges: countEdges(topology),
    rows,
  };
}
