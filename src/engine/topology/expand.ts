/**
 * Expansion of an architecture into its instance topology, exactly as spigo does it
 * (SPIGO.md §2): instance names, region and zone spreading, count 0 and regions 0, scale (-p)
 * and run regions (-w), eureka per zone, and which instance may call which.
 *
 * Instances are kept as parallel typed arrays so that 100,000 of them cost a few megabytes. Edges
 * are never materialised: spigo's rule connects a cross-zone caller to every instance of its
 * dependency, so edges grow with the product of caller and callee counts. Instead each
 * (dependency service, region, zone) has an index of instances, and `calleeCandidates` returns
 * the shared list a caller may pick from.
 */
import { PACKAGE_PROFILES, type PackageName, type PackageProfile } from '@shared/document/packages.ts';
import { planServiceInstances } from '@shared/document/instances.ts';
import { regionLayouts, type RegionLayout } from '@shared/document/regions.ts';
import { DEFAULT_MAX_INSTANCES } from '@shared/limits.ts';
import type { ArchDocument } from '@shared/document/schema.ts';

/** Region or zone index meaning spigo's `*`: not regional, or cross-zone. */
export const ANYWHERE = -1;

export interface ExpandOptions {
  /** Name used in instance names (spigo's -a). Default: the document's `arch`, else "arch". */
  readonly arch?: string;
  /** Percent applied to every count, integer arithmetic (spigo's -p). Default 100. */
  readonly scale?: number;
  /** Run regions (spigo's -w). Default 1. */
  readonly regions?: number;
  /**
   * Also create standby instances for services with a reactive autoscaler (up to their
   * `maxInstances` per region), for the simulation to start and stop. They are never graph nodes.
   */
  readonly standby?: boolean;
  /**
   * Refuse to expand beyond this many instances (default DEFAULT_MAX_INSTANCES), before
   * allocating anything. Validation reports the same limit at the service's count; this is the
   * engine's own guard for callers that did not validate with the run's options.
   */
  readonly maxInstances?: number;
}

/** An expansion beyond the instance limit (see ExpandOptions.maxInstances). */
export class InstanceLimitError extends RangeError {
  override readonly name = 'InstanceLimitError';
  constructor(
    readonly instances: number,
    readonly limit: number,
  ) {
    super(
      `the topology would have ${instances.toLocaleString('en-US')} instances, more than the limit of ` +
        `${limit.toLocaleString('en-US')}; nothing was allocated (--max-instances N raises the limit)`,
    );
  }
}

export interface ServiceGroup {
  readonly index: number;
  readonly name: string;
  readonly packageName: PackageName;
  readonly profile: PackageProfile;
  /** Instances per region after scaling; 0 = one cross-zone instance per region. */
  readonly scaledCount: number;
  /** Regions this service spans (service regions × run regions); 0 = not regional. */
  readonly regionSpan: number;
  /** Lists `eureka`: discovers, and is discovered, in every region. */
  readonly crossRegion: boolean;
  /** Registers in every region's eureka: not regional, or cross-region. */
  readonly global: boolean;
  /** Dependency service indexes in document order (`eureka` left out). */
  readonly dependencies: readonly number[];
  readonly firstInstance: number;
  /** All its instances, standby ones (at the end) included. */
  readonly instanceCount: number;
  /** Standby instances at the end of its range (0 unless expanded with `standby`). */
  readonly standbyCount: number;
}

export interface Topology {
  readonly arch: string;
  readonly scale: number;
  readonly runRegions: number;
  /** All regions the document knows (its own list or spigo's six). */
  readonly regions: readonly RegionLayout[];
  readonly services: readonly ServiceGroup[];
  readonly serviceIndexByName: ReadonlyMap<string, number>;
  readonly instanceCount: number;
  /** Per instance: its service index. */
  readonly instanceService: Int32Array;
  /** Per instance: region index, or ANYWHERE. */
  readonly instanceRegion: Int16Array;
  /** Per instance: zone index within its region, or ANYWHERE. */
  readonly instanceZone: Int16Array;
  /** Per instance: the number in its name (homepage15 → 15). */
  readonly instanceOrdinal: Int32Array;
  /**
   * Per instance: 1 if it registered with a service registry. spigo creates eureka only in the
   * run's regions, so a regional instance beyond them is never discovered and never discovers.
   */
  readonly instanceRegistered: Uint8Array;
  /** Per instance: 1 for a standby instance of an autoscaled service (see ExpandOptions.standby). */
  readonly instanceStandby: Uint8Array;
  /** eureka instances: one per zone of each run region (not graph nodes). */
  readonly eurekaCount: number;
  /** Cache of callee lists; see calleeCandidates. */
  readonly candidateCache: Map<string, Int32Array>;
}

/** Expands a valid document. Throws only on options a caller should have checked. */
export function expandTopology(document: ArchDocument, options: ExpandOptions = {}): Topology {
  const scale = options.scale ?? 100;
  const runRegions = options.regions ?? 1;
  if (!Number.isInteger(scale) || scale < 1)
    throw new RangeError(
      "architecture: can't create less than 1 microservice (scale must be a whole percentage ≥ 1)",
    );
  if (!Number.isInteger(runRegions) || runRegions < 1)
    throw new RangeError('regions must be a whole number ≥ 1');
  const regions = regionLayouts(document);
  if (runRegions > regions.length) {
    throw new RangeError(`regions ${runRegions} is more than the ${regions.length} regions defined`);
  }
  const serviceIndexByName = new Map<string, number>();
  document.services.forEach((service, index) => serviceIndexByName.set(service.name, index));

  // First pass: sizes, so the typed arrays are allocated once.
  const plans = document.services.map((service) => {
    const serviceRegions = service.regions ?? 0;
    const regionSpan = serviceRegions * runRegions;
    if (regionSpan > regions.length) {
      throw new RangeError(
        `service "${service.name}" needs ${regionSpan} regions but only ${regions.length} exist`,
      );
    }
    const plan = planServiceInstances(service, { scale, regions: runRegions, standby: options.standby });
    return { service, ...plan };
  });
  const instanceCount = plans.reduce((sum, plan) => sum + plan.instances, 0);
  const maxInstances = options.maxInstances ?? DEFAULT_MAX_INSTANCES;
  if (!(instanceCount <= maxInstances)) throw new InstanceLimitError(instanceCount, maxInstances);
  const instanceService = new Int32Array(instanceCount);
  const instanceRegion = new Int16Array(instanceCount);
  const instanceZone = new Int16Array(instanceCount);
  const instanceOrdinal = new Int32Array(instanceCount);
  const instanceRegistered = new Uint8Array(instanceCount);
  const instanceStandby = new Uint8Array(instanceCount);

  const services: ServiceGroup[] = [];
  let next = 0;
  plans.forEach((plan, serviceIndex) => {
    const { service, regionSpan, scaledCount, standbyPerRegion } = plan;
    const dependencyNames = service.dependencies ?? [];
    const crossRegion = dependencyNames.includes('eureka');
    const global = regionSpan === 0 || crossRegion;
    const dependencies: number[] = [];
    for (const name of dependencyNames) {
      const index = serviceIndexByName.get(name);
      if (index !== undefined && !dependencies.includes(index)) dependencies.push(index);
    }
    const firstInstance = next;
    const add = (region: number, zone: number, ordinal: number) => {
      instanceService[next] = serviceIndex;
      instanceRegion[next] = region;
      instanceZone[next] = zone;
      instanceOrdinal[next] = ordinal;
      // Registered: told about at least one eureka (asgard's Inform rules).
      instanceRegistered[next] = region === ANYWHERE || crossRegion || region < runRegions ? 1 : 0;
      next++;
    };
    if (regionSpan === 0) {
      add(ANYWHERE, ANYWHERE, 0);
    } else {
      for (let region = 0; region < regionSpan; region++) {
        const layout = regions[region] as RegionLayout;
        if (scaledCount === 0) {
          add(region, ANYWHERE, 0);
        } else {
          for (let ordinal = region * scaledCount; ordinal < (region + 1) * scaledCount; ordinal++) {
            add(region, ordinal % layout.zones.length, ordinal);
          }
        }
      }
    }
    // Standby instances continue the numbering after every region's regular instances.
    if (standbyPerRegion > 0) {
      let ordinal = regionSpan * scaledCount;
      for (let region = 0; region < regionSpan; region++) {
        const layout = regions[region] as RegionLayout;
        for (let index = 0; index < standbyPerRegion; index++, ordinal++) {
          instanceStandby[next] = 1;
          add(region, (scaledCount + index) % layout.zones.length, ordinal);
        }
      }
    }
    const packageName = service.package as PackageName;
    services.push({
      index: serviceIndex,
      name: service.name,
      packageName,
      profile: PACKAGE_PROFILES[packageName],
      scaledCount,
      regionSpan,
      crossRegion,
      global,
      dependencies,
      firstInstance,
      instanceCount: next - firstInstance,
      standbyCount: standbyPerRegion * regionSpan,
    });
  });

  const eurekaCount = regions.slice(0, runRegions).reduce((sum, region) => sum + region.zones.length, 0);
  return {
    arch: options.arch ?? (document.arch && document.arch.length > 0 ? document.arch : 'arch'),
    scale,
    runRegions,
    regions,
    services,
    serviceIndexByName,
    instanceCount,
    instanceService,
    instanceRegion,
    instanceZone,
    instanceOrdinal,
    instanceRegistered,
    instanceStandby,
    eurekaCount,
    candidateCache: new Map(),
  };
}

/** The zone name of an instance: "zoneA", or "*" for cross-zone and non-regional instances. */
export function zoneName(topology: Topology, instance: number): string {
  const region = topology.instanceRegion[instance] as number;
  const zone = topology.instanceZone[instance] as number;
  if (region === ANYWHERE || zone === ANYWHERE) return '*';
  return (topology.regions[region] as RegionLayout).zones[zone] as string;
}

/** The region name of an instance, or "*". */
export function regionName(topology: Topology, instance: number): string {
  const region = topology.instanceRegion[instance] as number;
  return region === ANYWHERE ? '*' : (topology.regions[region] as RegionLayout).name;
}

/** The instance field of a name: service name and its number, at least two digits (homepage07). */
export function instanceLabel(topology: Topology, instance: number): string {
  const service = topology.services[topology.instanceService[instance] as number] as ServiceGroup;
  return `${service.name}${String(topology.instanceOrdinal[instance]).padStart(2, '0')}`;
}

/** spigo's 9-field name: arch.region.zone.machine.instance.container.process.service.package */
export function instanceName(topology: Topology, instance: number): string {
  const service = topology.services[topology.instanceService[instance] as number] as ServiceGroup;
  return `${topology.arch}.${regionName(topology, instance)}.${zoneName(topology, instance)}..${instanceLabel(topology, instance)}...${service.name}.${service.packageName}`;
}

/** The filtered name spigo's graph output uses: arch.region.zone.instance. */
export function graphName(topology: Topology, instance: number): string {
  return `${topology.arch}.${regionName(topology, instance)}.${zoneName(topology, instance)}.${instanceLabel(topology, instance)}`;
}

/** spigo's -f name: instances of a service in one zone collapse to arch.region.zone.service.package. */
export function collapsedName(topology: Topology, instance: number): string {
  const service = topology.services[topology.instanceService[instance] as number] as ServiceGroup;
  return `${topology.arch}.${regionName(topology, instance)}.${zoneName(topology, instance)}.${service.name}.${service.packageName}`;
}

/**
 * The instances of `dependency` that `caller` may call, following spigo's discovery rules:
 * - a caller learns of instances from the eurekas it was told about: every region's if it is not
 *   regional or lists `eureka`, else its own region's (eurekas replicate within a region);
 * - a regional instance registers in its own region; a global one (not regional, or listing
 *   `eureka`) in every region; an instance in a region without a eureka never registers;
 * - karyon and zuul accept only instances whose zone NAME equals their own (spigo compares zone
 *   names, not regions); the other packages accept every zone.
 * The returned array is shared and cached; it may contain `caller` itself when a service depends
 * on itself, which spigo never connects, so callers skip it.
 */
export function calleeCandidates(topology: Topology, caller: number, dependency: number): Int32Array {
  if (!topology.instanceRegistered[caller]) return EMPTY;
  const callerService = topology.services[topology.instanceService[caller] as number] as ServiceGroup;
  const target = topology.services[dependency] as ServiceGroup;
  const callerRegion = topology.instanceRegion[caller] as number;
  const scopeAll = callerService.global;
  const zoneFilter = callerService.profile.crossZone ? null : zoneName(topology, caller);
  const key = `${dependency}|${scopeAll ? '*' : callerRegion}|${zoneFilter ?? ''}`;
  let cached = topology.candidateCache.get(key);
  if (!cached) {
    const list: number[] = [];
    const end = target.firstInstance + target.instanceCount;
    for (let candidate = target.firstInstance; candidate < end; candidate++) {
      if (!topology.instanceRegistered[candidate]) continue;
      if (!scopeAll && !target.global && topology.instanceRegion[candidate] !== callerRegion) continue;
      if (zoneFilter !== null && zoneName(topology, candidate) !== zoneFilter) continue;
      list.push(candidate);
    }
    cached = Int32Array.from(list);
    topology.candidateCache.set(key, cached);
  }
  return cached;
}

const EMPTY = new Int32Array(0);

/** Calls `visit(source, target)` for every edge, grouped by source in instance order. */
export function forEachEdge(topology: Topology, visit: (source: number, target: number) => void): void {
  for (let source = 0; source < topology.instanceCount; source++) {
    const service = topology.services[topology.instanceService[source] as number] as ServiceGroup;
    for (const dependency of service.dependencies) {
      const candidates = calleeCandidates(topology, source, dependency);
      for (let index = 0; index < candidates.length; index++) {
        const target = candidates[index] as number;
        if (target !== source) visit(source, target);
      }
    }
  }
}

/** Number of edges, computed from the candidate lists without visiting every edge. */
export function countEdges(topology: Topology): number {
  let edges = 0;
  for (let source = 0; source < topology.instanceCount; source++) {
    const serviceIndex = topology.instanceService[source] as number;
    const service = topology.services[serviceIndex] as ServiceGroup;
    for (const dependency of service.dependencies) {
      const candidates = calleeCandidates(topology, source, dependency);
      edges += candidates.length;
      // A self-dependent service never connects an instance to itself; a registered caller is
      // always in its own service's candidate list.
      if (dependency === serviceIndex && topology.instanceRegistered[source]) edges--;
    }
  }
  return edges;
}

/** Instances that appear as graph nodes: every registered instance (eureka is not a node). */
export function isGraphNode(topology: Topology, instance: number): boolean {
  return topology.instanceRegistered[instance] === 1 && topology.instanceStandby[instance] === 0;
}
