/**
 * Entry, proxy and service packages (denominator; elb, zuul; karyon, monolith): after their own
 * work they call their dependencies in sequence, in parallel or one of them (the service's
 * calls.mode; an entry and spigo's proxies pick one instance among all their dependencies), each
 * dependency with its call probability. A service without dependencies answers at once (spigo's
 * leaf karyon never did).
 */
import { CALL_MODE } from '../services.ts';
import type { BehaviourContext, PackageBehaviour } from './behaviour.ts';

export class ForwardBehaviour implements PackageBehaviour {
  /** Dependency positions chosen for a parallel round. */
  private readonly chosen: Int32Array;

  constructor(
    private readonly context: BehaviourContext,
    /** An entry calls one of its dependencies, whatever its call mode says. */
    private readonly entry: boolean,
  ) {
    this.chosen = new Int32Array(
      Math.max(1, ...context.topology.services.map((service) => service.dependencies.length)),
    );
  }

  private modeOf(service: number): number {
    return this.entry ? CALL_MODE.oneOf : (this.context.services.callMode[service] as number);
  }

  proceed(call: number, instance: number, service: number): void {
    const { calls, routing, caller, callee, services } = this.context;
    const groupIndex = routing.groupOf(instance);
    if (groupIndex < 0) {
      callee.respond(call, 0, true); // a leaf answers
      return;
    }
    const group = routing.groups[groupIndex]!;
    const random = services.routeRandom[service]!;
    const mode = this.modeOf(service);
    if (mode === CALL_MODE.oneOf) {
      calls.step[call] = 1;
      calls.pending[call] = 1;
      caller.attempt(call, instance, service, group.oneOf, 0, -1, call);
      return;
    }
    const probabilities = services.callProbability[service]!;
    const dependencies = group.perDependency.length;
    if (mode === CALL_MODE.parallel) {
      // Decide every dependency first, then send, so that a child failing at once cannot answer
      // the call before all its siblings are counted.
      const chosen = this.chosen;
      let launched = 0;
      for (let position = 0; position < dependencies; position++) {
        if (random.chance(probabilities[position] as number)) chosen[launched++] = position;
      }
      calls.step[call] = dependencies;
      if (launched === 0) {
        callee.respond(call, 0, true);
        return;
      }
      calls.pending[call] = launched;
      // NOTE: `chosen` is shared, and an attempt that fails at once can finish this call and so
      // start another round (of another call) that overwrites it — but only in the last attempt:
      // the call stays pending until every child launched has reported. Each position is read
      // before its attempt, so none is read after it could change.
      for (let index = 0; index < launched; index++) {
        const position = chosen[index] as number;
        caller.attempt(call, instance, service, group.perDependency[position] as number, 0, -1, call);
      }
      return;
    }
    // Sequential: the next dependency (by position) that this request calls.
    let position = calls.step[call] as number;
    while (position < dependencies && !random.chance(probabilities[position] as number)) position++;
    if (position >= dependencies) {
      callee.respond(call, 0, true);
      return;
    }
    calls.step[call] = position + 1;
    calls.pending[call] = 1;
    caller.attempt(call, instance, service, group.perDependency[position] as number, 0, -1, call);
  }

  continueAfter(call: number, instance: number, service: number, failed: boolean): boolean {
    // In sequence, a success moves on to the next dependency; a failure answers at once.
    if (failed || this.modeOf(service) !== CALL_MODE.sequential) return false;
    this.proceed(call, instance, service);
    return true;
  }
}
