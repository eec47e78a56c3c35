/**
 * Token rings (priamCassandra, riak): one ring per service, region and zone, with the zone's
 * instances at evenly spaced tokens (spigo's Distribute). A key belongs to the instance with the
 * largest token not above hash(key); archsim draws the key hash uniformly per request. The key's
 * owner in the coordinator's ring answers (another node forwards to it and answers with its
 * outcome); the owner of a write replicates it, one way, to the key's owner in each other ring it
 * can see: the other zones of its region, and other regions when it is cross-region.
 */
import { CALL_FLAGS, NO_CALL } from '../calls.ts';
import { IndexLists } from '../index-lists.ts';
import type { BehaviourContext, PackageBehaviour } from './behaviour.ts';

const { write: WRITE, oneWay: ONE_WAY } = CALL_FLAGS;

export class RingBehaviour implements PackageBehaviour {
  /** The rings' members (the ring of an instance is in InstanceTable.ring). */
  private readonly rings = new IndexLists();
  /** Per ring: the rings a write replicates to. */
  private readonly replicaRings: number[][] = [];

  constructor(
    private readonly context: BehaviourContext,
    services: readonly number[],
  ) {
    const topology = context.topology;
    for (const index of services) {
      const service = topology.services[index]!;
      const byPlace = new Map<string, number[]>();
      for (
        let instance = service.firstInstance;
        instance < service.firstInstance + service.instanceCount;
        instance++
      ) {
        if (!topology.instanceRegistered[instance]) continue;
        const place = `${topology.instanceRegion[instance]}/${topology.instanceZone[instance]}`;
        const members = byPlace.get(place) ?? [];
        members.push(instance);
        byPlace.set(place, members);
      }
      const ringIds: number[] = [];
      for (const members of byPlace.values()) {
        const ring = this.rings.add(Int32Array.from(members));
        for (const member of members) context.instances.ring[member] = ring;
        ringIds.push(ring);
      }
      for (const ring of ringIds) {
        const region = topology.instanceRegion[this.rings.at(ring, 0)];
        this.replicaRings[ring] = ringIds.filter(
          (other) =>
            other !== ring &&
            (service.crossRegion || topology.instanceRegion[this.rings.at(other, 0)] === region),
        );
      }
    }
  }

  proceed(call: number, instance: number, service: number): void {
    const { calls, instances, caller, callee, services } = this.context;
    const ringIndex = instances.ring[instance] as number;
    const key = calls.key[call] as number;
    const owner = ringIndex >= 0 ? this.ownerOf(ringIndex, key) : instance;
    if (owner !== instance && instances.isRoutable(owner)) {
      calls.step[call] = 1;
      calls.pending[call] = 1;
      // Forward to the owner (one attempt, the coordinator's own timeout applies).
      const forward = caller.send(call, instance, service, owner, call, false, 0);
      caller.setTimer(forward, calls.edge[forward] as number, caller.standardTimeout(forward));
      return;
    }
    const flags = calls.flags[call] as number;
    if ((flags & WRITE) !== 0 && (flags & ONE_WAY) === 0 && ringIndex >= 0) {
      for (const other of this.replicaRings[ringIndex]!) {
        const replicaOwner = this.ownerOf(other, key);
        if (instances.isRoutable(replicaOwner))
          caller.send(NO_CALL, instance, service, replicaOwner, call, true, 0);
      }
    }
    callee.respond(
      call,
      0,
      (flags & WRITE) !== 0 || services.dataRandom[service]!.chance(services.cacheHitRate[service] as number),
    );
  }

  continueAfter(): boolean {
    return false;
  }

  /** The member of ring `ring` that owns `key` (a uniform 32-bit hash). */
  private ownerOf(ring: number, key: number): number {
    const length = this.rings.length(ring);
    return this.rings.at(ring, Math.min(length - 1, Math.floor((key * length) / 4294967296)));
  }
}
