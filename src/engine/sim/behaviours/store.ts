/**
 * Stores, caches and volumes: answer from local data — a read finds its key with the service's
 * cacheHitRate, a write always — and replicate a write, one way, to every routable peer of the
 * same package among their dependencies.
 */
import { CALL_FLAGS, NO_CALL } from '../calls.ts';
import { concatenate } from '../routing.ts';
import type { BehaviourContext, PackageBehaviour } from './behaviour.ts';

const { write: WRITE, oneWay: ONE_WAY } = CALL_FLAGS;

export class StoreBehaviour implements PackageBehaviour {
  /** Per route group of a store service: the peer instances it replicates writes to. */
  private readonly peers: Int32Array[] = [];

  constructor(
    private readonly context: BehaviourContext,
    services: readonly number[],
  ) {
    const topology = context.topology;
    context.routing.groups.forEach((group, groupIndex) => {
      if (!services.includes(group.service)) return;
      const service = topology.services[group.service]!;
      const peerPositions = service.dependencies
        .map((dependency, position) => ({ dependency, position }))
        .filter(({ dependency }) => topology.services[dependency]!.packageName === service.packageName);
      this.peers[groupIndex] = concatenate(peerPositions.map(({ position }) => group.candidates[position]!));
    });
  }

  proceed(call: number, instance: number, service: number): void {
    const { calls, routing, instances, caller, callee, services } = this.context;
    const flags = calls.flags[call] as number;
    if ((flags & WRITE) !== 0) {
      if ((flags & ONE_WAY) === 0) {
        const groupIndex = routing.groupOf(instance);
        if (groupIndex >= 0) {
          const peers = this.peers[groupIndex]!;
          for (let index = 0; index < peers.length; index++) {
            const peer = peers[index] as number;
            if (peer !== instance && instances.isRoutable(peer))
              caller.send(NO_CALL, instance, service, peer, call, true, 0);
          }
        }
      }
      callee.respond(call, 0, true);
      return;
    }
    callee.respond(call, 0, services.dataRandom[service]!.chance(services.cacheHitRate[service] as number));
  }

  continueAfter(): boolean {
    return false;
  }
}
