/**
 * The package behaviours of a run: which behaviour each package profile's `behaviour` stands for
 * (the registration), and the dispatch of a call's events to its service's behaviour.
 */
import type { Behaviour } from '@shared/document/packages.ts';
import type { ChildListener } from '../caller.ts';
import { CALL_FLAGS, NO_CALL } from '../calls.ts';
import type { WorkListener } from '../callee.ts';
import { CAUSE } from '../metrics.ts';
import type { BehaviourContext, PackageBehaviour } from './behaviour.ts';
import { DataAccessBehaviour } from './data-access.ts';
import { ForwardBehaviour } from './forward.ts';
import { RingBehaviour } from './ring.ts';
import { StoreBehaviour } from './store.ts';

const { found: FOUND, serverDone: SERVER_DONE, deadCallee: DEAD_CALLEE } = CALL_FLAGS;

/**
 * The registration: a package profile's behaviour → how to build it for a run, given the
 * services (indexes) that have it.
 */
const BEHAVIOURS: Record<
  Behaviour,
  (context: BehaviourContext, services: readonly number[]) => PackageBehaviour
> = {
  entry: (context) => new ForwardBehaviour(context, true),
  proxy: (context) => new ForwardBehaviour(context, false),
  service: (context) => new ForwardBehaviour(context, false),
  'data-access': (context, services) => new DataAccessBehaviour(context, services),
  store: (context, services) => new StoreBehaviour(context, services),
  ring: (context, services) => new RingBehaviour(context, services),
};

export class Behaviours implements WorkListener, ChildListener {
  /** Per service: its package's behaviour. */
  private readonly byService: PackageBehaviour[];

  constructor(private readonly context: BehaviourContext) {
    const services = context.topology.services;
    const built = new Map<Behaviour, PackageBehaviour>();
    for (const [behaviour, build] of Object.entries(BEHAVIOURS) as [
      Behaviour,
      (typeof BEHAVIOURS)[Behaviour],
    ][]) {
      const users = services
        .filter((service) => service.profile.behaviour === behaviour)
        .map((service) => service.index);
      if (users.length > 0) built.set(behaviour, build(context, users));
    }
    this.byService = services.map((service) => built.get(service.profile.behaviour)!);
  }

  /** The call's own work is done (or its request has entered): its package decides what comes next. */
  proceed(call: number): void {
    const calls = this.context.calls;
    const service = calls.calleeService[call] as number;
    this.byService[service]!.proceed(call, calls.callee[call] as number, service);
  }

  /** A child of `call` is over for good (answered, failed after its retries, or never sent). */
  childDone(call: number, error: number, found: boolean): void {
    if (call === NO_CALL) return;
    const { calls, caller, callee } = this.context;
    const pending = (calls.pending[call] as number) - 1;
    calls.pending[call] = pending;
    if (caller.parentGone(call)) {
      if (pending <= 0) calls.mark(call, SERVER_DONE | DEAD_CALLEE);
      return;
    }
    if (error !== 0 && (calls.error[call] as number) === 0) calls.error[call] = CAUSE.dependency;
    if (found) calls.flags[call] = (calls.flags[call] as number) | FOUND;
    if (pending > 0) return;
    const service = calls.calleeService[call] as number;
    const instance = calls.callee[call] as number;
    const failed = (calls.error[call] as number) !== 0;
    if (this.byService[service]!.continueAfter(call, instance, service, failed, found)) return;
    callee.respond(call, calls.error[call] as number, ((calls.flags[call] as number) & FOUND) !== 0);
  }
}
