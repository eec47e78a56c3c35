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
import { IndexLists } from './index-lists.ts';
import { GROUP, PLACE, ROUTABLE_BIT, STATE, STRIDE, type InstanceTable } from './instances.ts';

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
  readonly lists = new IndexLists();
  readonly listService: number[] = [];
  readonly groups: RouteGroup[] = [];

  constructor(
    topology: Topology,
    private readonly instances: InstanceTable,
  ) {
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
      instances.set(instance, GROUP, group);
    }
  }

  /** The route group of `instance`, -1 for instances without dependencies. */
  groupOf(instance: number): number {
    return this.instances.words[instance * STRIDE + GROUP] as number;
  }

  /** Adds a candidate list (calls that find no instance in it count against `service`); its id. */
  addList(list: Int32Array, service: number): number {
    this.listService.push(service);
    return this.lists.add(list);
  }

  /** A routable instance of list `list`, not `caller` nor `avoid`; -1 when there is none. */
  pick(list: number, caller: number, avoid: number, random: Random): number {
    const candidates = this.lists;
    const length = candidates.length(list);
    if (length === 0) return -1;
    const words = this.instances.words;
    for (let attempt = 0; attempt < 8; attempt++) {
      const candidate = candidates.at(list, random.below(length));
      if (
        candidate !== caller &&
        candidate !== avoid &&
        ((words[candidate * STRIDE + STATE] as number) & ROUTABLE_BIT) !== 0
      )
        return candidate;
    }
    // Mostly unusable: scan from a random start so the choice stays fair and deterministic.
    const start = random.below(length);
    let fallback = -1;
    for (let offset = 0; offset < length; offset++) {
      const candidate = candidates.at(list, (start + offset) % length);
      if (candidate === caller || ((words[candidate * STRIDE + STATE] as number) & ROUTABLE_BIT) === 0)
        continue;
      if (candidate !== avoid) return candidate;
      fallback = candidate;
    }
    return fallback;
  }

  /** 0 same zone, 1 cross zone (or either side is cross-zone/global), 2 cross region. */
  locality(caller: number, callee: number): 0 | 1 | 2 {
    const words = this.instances.words;
    const callerPlace = words[caller * STRIDE + PLACE] as number;
    const calleePlace = words[callee * STRIDE + PLACE] as number;
    const callerRegion = callerPlace >> 16;
    const calleeRegion = calleePlace >> 16;
    if (callerRegion !== ANYWHERE && calleeRegion !== ANYWHERE && callerRegion !== calleeRegion) return 2;
    const callerZone = (callerPlace << 16) >> 16;
    const calleeZone = (calleePlace << 16) >> 16;
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
