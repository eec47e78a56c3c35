/**
 * Who may call whom, without materialising a single edge (DESIGN.md §3): instances of a service
 * that see the same registry from the same zone share a route group, whose candidate lists hold
 * the dependency instances spigo's discovery rule lets them call. A caller picks among them.
 */
import type { Random } from '../random.ts';
import {
  ANYWHERE,
  calleeCandidates,
  zoneName,
  type ServiceGroup,
  type Topology,
} from '../topology/expand.ts';
import type { InstanceTable } from './instances.ts';

export interface RouteGroup {
  /** The calling service. */
  readonly service: number;
  /** The dependency instances it may call, per dependency position. */
  readonly candidates: readonly Int32Array[];
  /** Candidate list ids per dependency position. */
  readonly perDependency: readonly number[];
  /** All candidates of all dependencies (one-of mode, spigo's routing). */
  readonly oneOf: number;
}

export class Routing {
  /** Candidate lists by id, and the service each list's calls are counted against when unroutable. */
  readonly lists: Int32Array[] = [];
  readonly listService: number[] = [];
  readonly groups: RouteGroup[] = [];
  /** Route group per instance, -1 for instances without dependencies. */
  readonly groupOf: Int32Array;

  constructor(
    private readonly topology: Topology,
    private readonly instances: InstanceTable,
  ) {
    this.groupOf = new Int32Array(topology.instanceCount).fill(-1);
    const keys = new Map<string, number>();
    for (let instance = 0; instance < topology.instanceCount; instance++) {
      const serviceIndex = topology.instanceService[instance] as number;
      const service = topology.services[serviceIndex] as ServiceGroup;
      if (service.dependencies.length === 0) continue;
      const scope = service.global ? '*' : String(topology.instanceRegion[instance]);
      const zone = service.profile.crossZone ? '' : zoneName(topology, instance);
      const key = `${serviceIndex}|${scope}|${zone}|${topology.instanceRegistered[instance]}`;
      let group = keys.get(key);
      if (group === undefined) {
        const candidates = service.dependencies.map((dependency) =>
          calleeCandidates(topology, instance, dependency),
        );
        const perDependency = candidates.map((list, position) =>
          this.addList(list, service.dependencies[position] as number),
        );
        const oneOf = this.addList(concatenate(candidates), service.dependencies[0] as number);
        group = this.groups.length;
        this.groups.push({ service: serviceIndex, candidates, perDependency, oneOf });
        keys.set(key, group);
      }
      this.groupOf[instance] = group;
    }
  }

  /** Adds a candidate list (calls that find no instance in it count against `service`); its id. */
  addList(list: Int32Array, service: number): number {
    this.lists.push(list);
    this.listService.push(service);
    return this.lists.length - 1;
  }

  /** A routable instance of `candidates`, not `caller` nor `avoid`; -1 when there is none. */
  pick(candidates: Int32Array, caller: number, avoid: number, random: Random): number {
    const length = candidates.length;
    if (length === 0) return -1;
    const routable = this.instances.routable;
    for (let attempt = 0; attempt < 8; attempt++) {
      const candidate = candidates[random.below(length)] as number;
      if (candidate !== caller && candidate !== avoid && routable[candidate]) return candidate;
    }
    // Mostly unusable: scan from a random start so the choice stays fair and deterministic.
    const start = random.below(length);
    let fallback = -1;
    for (let offset = 0; offset < length; offset++) {
      const candidate = candidates[(start + offset) % length] as number;
      if (candidate === caller || !routable[candidate]) continue;
      if (candidate !== avoid) return candidate;
      fallback = candidate;
    }
    return fallback;
  }

  /** 0 same zone, 1 cross zone (or either side is cross-zone/global), 2 cross region. */
  locality(caller: number, callee: number): 0 | 1 | 2 {
    const topology = this.topology;
    const callerRegion = topology.instanceRegion[caller] as number;
    const calleeRegion = topology.instanceRegion[callee] as number;
    if (callerRegion !== ANYWHERE && calleeRegion !== ANYWHERE && callerRegion !== calleeRegion) return 2;
    const callerZone = topology.instanceZone[caller] as number;
    const calleeZone = topology.instanceZone[callee] as number;
    if (callerRegion === calleeRegion && callerZone !== ANYWHERE && callerZone === calleeZone) return 0;
    return 1;
  }
}

/** The lists one after the other, in one array. */
export function concatenate(lists: readonly Int32Array[]): Int32Array {
  const total = lists.reduce((sum, list) => sum + list.length, 0);
  const result = new Int32Array(total);
  let offset = 0;
  for (const list of lists) {
    result.set(list, offset);
    offset += list.length;
  }
  return result;
}
