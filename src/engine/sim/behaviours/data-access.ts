/**
 * Data access (staash): a read tries its tiers in order — cache, volume, ring, store, staash
 * (spigo's order) — falling through to the next tier on a miss or a failure and answering with the
 * last tier's outcome; a write goes to every tier at once.
 */
import { STAASH_TIER_ORDER } from '@shared/document/packages.ts';
import { CALL_FLAGS } from '../calls.ts';
import { concatenate } from '../routing.ts';
import type { BehaviourContext, PackageBehaviour } from './behaviour.ts';

const { write: WRITE } = CALL_FLAGS;

export class DataAccessBehaviour implements PackageBehaviour {
  /** Per route group of a data-access service: its tiers' candidate list ids, in tier order. */
  private readonly tiers: (readonly number[])[] = [];

  constructor(
    private readonly context: BehaviourContext,
    services: readonly number[],
  ) {
    const { topology, routing } = context;
    routing.groups.forEach((group, groupIndex) => {
      if (!services.includes(group.service)) return;
      const dependencies = topology.services[group.service]!.dependencies;
      const tiers: number[] = [];
      for (const packageName of STAASH_TIER_ORDER) {
        const positions = dependencies
          .map((dependency, position) => ({ dependency, position }))
          .filter(({ dependency }) => topology.services[dependency]!.packageName === packageName);
        const tier = concatenate(positions.map(({ position }) => group.candidates[position]!));
        if (tier.length > 0) tiers.push(routing.addList(tier, positions[0]!.dependency));
      }
      this.tiers[groupIndex] = tiers;
    });
  }

  proceed(call: number, instance: number, service: number): void {
    const { calls, routing, caller, callee } = this.context;
    const groupIndex = routing.groupOf(instance);
    const tiers = groupIndex < 0 ? undefined : this.tiers[groupIndex];
    if (!tiers || tiers.length === 0) {
      callee.respond(call, 0, false);
      return;
    }
    if (((calls.flags[call] as number) & WRITE) !== 0) {
      calls.step[call] = tiers.length;
      calls.pending[call] = tiers.length;
      for (const tier of tiers) caller.attempt(call, instance, service, tier, 0, -1, call);
      return;
    }
    const tier = calls.step[call] as number;
    calls.step[call] = tier + 1;
    calls.pending[call] = 1;
    caller.attempt(call, instance, service, tiers[tier] as number, 0, -1, call);
  }

  continueAfter(call: number, instance: number, service: number, failed: boolean, found: boolean): boolean {
    const calls = this.context.calls;
    if (((calls.flags[call] as number) & WRITE) !== 0) return false;
    // Fall through to the next tier on a miss or a failure; answer with the last tier's outcome.
    const tiers = this.tiers[this.context.routing.groupOf(instance)]!;
    if ((found && !failed) || (calls.step[call] as number) >= tiers.length) return false;
    calls.error[call] = 0;
    this.proceed(call, instance, service);
    return true;
  }
}
