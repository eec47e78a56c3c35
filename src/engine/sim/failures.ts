/**
 * Failures and recovery: a scenario's failures start and end at their times — instances, zones
 * and regions die (they stop answering, losing the work they hold; callers keep routing to them
 * until discovery notices), latency is added, errors injected, the network partitioned — and dead
 * instances come back: when their failure ends, or when an autoscaling group replaces them.
 */
import { compileSampler } from '../distributions.ts';
import { Random } from '../random.ts';
import { ANYWHERE, instanceName, type ServiceGroup, type Topology } from '../topology/expand.ts';
import type { Failure, Scenario } from '@shared/document/schema.ts';
import { CALL_FLAGS, NO_CALL, type CallTable } from './calls.ts';
import type { Faults } from './faults.ts';
import { BUSY, QUEUE_HEAD, type InstanceTable } from './instances.ts';
import { EVENT, type Kernel } from './kernel.ts';
import { MAX_INSTANCE_EVENTS, type Metrics } from './metrics.ts';
import type { Network, Place } from './network.ts';
import type { ServiceTable } from './services.ts';

const { serverDone: SERVER_DONE, deadCallee: DEAD_CALLEE } = CALL_FLAGS;

export interface ActiveFailure {
  readonly scenario: string;
  readonly failure: Failure;
  readonly atNs: number;
  readonly durationNs: number | null;
  /** Instances it killed or slowed. */
  instances: number[];
  /** What it hit, in words ("2 instances of db", "us-east-1/zoneA"). */
  target: string;
  samplerIndex: number;
  partition: [Place, Place] | null;
}

export class Failures {
  /** The scenario's failures, in its order. */
  readonly list: ActiveFailure[] = [];

  constructor(
    private readonly kernel: Kernel,
    private readonly topology: Topology,
    private readonly calls: CallTable,
    private readonly services: ServiceTable,
    private readonly instances: InstanceTable,
    private readonly network: Network,
    private readonly faults: Faults,
    private readonly metrics: Metrics,
    private readonly seed: number,
    private readonly detectionNs: number,
  ) {}

  /** Schedules the start (and end) of each failure; those without `atS` start at half the run. */
  schedule(scenario: Scenario, durationNs: number): void {
    for (const failure of scenario.failures) {
      const atNs = Math.round((failure.atS ?? durationNs / 2e9) * 1e9);
      const lengthNs = failure.durationS === undefined ? null : Math.round(failure.durationS * 1e9);
      const index = this.list.length;
      this.list.push({
        scenario: scenario.name,
        failure,
        atNs,
        durationNs: lengthNs,
        instances: [],
        target: '',
        samplerIndex: -1,
        partition: null,
      });
      this.kernel.schedule(atNs, EVENT.failure, index * 2);
      if (lengthNs !== null) this.kernel.schedule(atNs + lengthNs, EVENT.failure, index * 2 + 1);
    }
  }

  /** A failure starts (even argument) or ends (odd). */
  onFailure(argument: number): void {
    const active = this.list[argument >> 1] as ActiveFailure;
    if ((argument & 1) === 0) this.start(active, argument >> 1);
    else this.end(active);
  }

  private start(active: ActiveFailure, index: number): void {
    const failure = active.failure;
    const topology = this.topology;
    const chaosRandom = () => Random.stream(this.seed, `chaos:${active.scenario}:${index}`);
    switch (failure.type) {
      case 'kill-instances': {
        const service = topology.services[
          topology.serviceIndexByName.get(failure.service) as number
        ] as ServiceGroup;
        const alive: number[] = [];
        for (
          let instance = service.firstInstance;
          instance < service.firstInstance + service.instanceCount;
          instance++
        ) {
          if (this.instances.isAlive(instance) && topology.instanceRegistered[instance]) alive.push(instance);
        }
        const wanted =
          failure.percent !== undefined
            ? Math.max(1, Math.round((failure.percent / 100) * alive.length))
            : (failure.count ?? 1);
        active.instances = chooseSome(alive, Math.min(wanted, alive.length), chaosRandom());
        active.target = `${active.instances.length} instance${active.instances.length === 1 ? '' : 's'} of ${service.name}`;
        break;
      }
      case 'zone-outage':
      case 'region-outage': {
        const region = topology.regions.findIndex((layout) => layout.name === failure.region);
        const zone =
          failure.type === 'zone-outage'
            ? (topology.regions[region]?.zones.indexOf(failure.zone) ?? -1)
            : ANYWHERE;
        for (let instance = 0; instance < topology.instanceCount; instance++) {
          if (topology.instanceRegion[instance] !== region) continue;
          if (zone !== ANYWHERE && topology.instanceZone[instance] !== zone) continue;
          if (this.instances.isAlive(instance)) active.instances.push(instance);
        }
        active.target = failure.type === 'zone-outage' ? `${failure.region}/${failure.zone}` : failure.region;
        break;
      }
      case 'latency': {
        const faults = this.faults;
        active.samplerIndex = faults.slowSamplers.length;
        faults.slowSamplers.push(compileSampler(failure.added));
        const serviceIndex = topology.serviceIndexByName.get(failure.service) as number;
        if (failure.caller !== undefined) {
          const caller = topology.serviceIndexByName.get(failure.caller) as number;
          faults.edgeSlow.set(caller * faults.serviceCount + serviceIndex, active.samplerIndex);
          active.target = `${failure.caller} → ${failure.service}`;
        } else {
          const service = topology.services[serviceIndex] as ServiceGroup;
          const all: number[] = [];
          for (
            let instance = service.firstInstance;
            instance < service.firstInstance + service.instanceCount;
            instance++
          )
            all.push(instance);
          const share = failure.percent ?? 100;
          active.instances =
            share >= 100
              ? all
              : chooseSome(all, Math.max(1, Math.round((share / 100) * all.length)), chaosRandom());
          for (const instance of active.instances) this.instances.setSlow(instance, active.samplerIndex);
          active.target = `${active.instances.length} instance${active.instances.length === 1 ? '' : 's'} of ${service.name}`;
        }
        break;
      }
      case 'errors': {
        const serviceIndex = topology.serviceIndexByName.get(failure.service) as number;
        this.faults.injectedErrorRate[serviceIndex] = failure.rate;
        active.target = failure.service;
        break;
      }
      case 'partition': {
        const [left, right] = failure.between.map((place) => this.network.placeOf(place)) as [Place, Place];
        active.partition = [left, right];
        this.network.partitions.push(active.partition);
        active.target = `${failure.between[0]} ↔ ${failure.between[1]}`;
        break;
      }
    }
    this.metrics.event({ kind: 'failure-start', detail: `${failure.type}: ${active.target}` });
    if (
      failure.type === 'kill-instances' ||
      failure.type === 'zone-outage' ||
      failure.type === 'region-outage'
    ) {
      this.kill(active.instances, failure.type === 'kill-instances' && active.durationNs === null);
    }
  }

  private end(active: ActiveFailure): void {
    const failure = active.failure;
    const topology = this.topology;
    switch (failure.type) {
      case 'kill-instances':
      case 'zone-outage':
      case 'region-outage':
        for (const instance of active.instances)
          if (!this.instances.isAlive(instance)) this.revive(active.instances.length, instance, 'recovered');
        break;
      case 'latency': {
        const faults = this.faults;
        if (failure.caller !== undefined) {
          const serviceIndex = topology.serviceIndexByName.get(failure.service) as number;
          const caller = topology.serviceIndexByName.get(failure.caller) as number;
          faults.edgeSlow.delete(caller * faults.serviceCount + serviceIndex);
        }
        for (const instance of active.instances) {
          if (this.instances.slow[instance] === active.samplerIndex) this.instances.setSlow(instance, -1);
        }
        break;
      }
      case 'errors':
        this.faults.injectedErrorRate[topology.serviceIndexByName.get(failure.service) as number] = 0;
        break;
      case 'partition': {
        const partitions = this.network.partitions;
        const index = partitions.indexOf(active.partition as [Place, Place]);
        if (index >= 0) partitions.splice(index, 1);
        break;
      }
    }
    this.metrics.event({ kind: 'failure-end', detail: `${failure.type}: ${active.target}` });
  }

  /** Instances stop answering; queued and in-progress work is lost. Discovery notices later. */
  private kill(instances: readonly number[], permanent: boolean): void {
    const calls = this.calls;
    const state = this.instances;
    const metrics = this.metrics;
    const now = this.kernel.now;
    const detailed = instances.length <= MAX_INSTANCE_EVENTS;
    for (const instance of instances) {
      if (!state.isAlive(instance)) continue;
      const service = this.topology.instanceService[instance] as number;
      state.setAlive(instance, false);
      state.nextEpoch(instance);
      metrics.changeAlive(service, -1);
      metrics.releaseWorkers(service, instance, state.get(instance, BUSY));
      let queued = state.get(instance, QUEUE_HEAD);
      while (queued !== NO_CALL) {
        const next = calls.next[queued] as number;
        calls.next[queued] = NO_CALL;
        calls.mark(queued, SERVER_DONE | DEAD_CALLEE);
        queued = next;
      }
      const queuedCalls = state.queueLength[instance] as number;
      metrics.queued[service] -= queuedCalls;
      metrics.queuedMoment[service] += queuedCalls * now;
      state.queueLength[instance] = 0;
      state.set(instance, QUEUE_HEAD, NO_CALL);
      state.queueTail[instance] = NO_CALL;
      this.kernel.schedule(now + this.detectionNs, EVENT.routingChange, instance);
      const replaceAfterNs = this.services.replaceAfterNs[service] as number;
      if (permanent && replaceAfterNs >= 0)
        this.kernel.schedule(now + replaceAfterNs, EVENT.replace, instance);
      if (detailed) {
        metrics.event({
          kind: 'instance-down',
          service: this.topology.services[service]!.name,
          instance: instanceName(this.topology, instance),
          detail: 'stopped answering',
        });
      }
    }
    if (!detailed) {
      metrics.event({ kind: 'instance-down', detail: `${instances.length} instances stopped answering` });
    }
  }

  /** An instance answers again (`affected`: how many came back with it, for the event log). */
  revive(affected: number, instance: number, how: string): void {
    const service = this.topology.instanceService[instance] as number;
    const metrics = this.metrics;
    this.instances.setAlive(instance, true);
    this.instances.nextEpoch(instance);
    metrics.changeAlive(service, 1);
    this.kernel.schedule(this.kernel.now + this.detectionNs, EVENT.routingChange, instance);
    if (affected <= MAX_INSTANCE_EVENTS) {
      metrics.event({
        kind: 'instance-up',
        service: this.topology.services[service]!.name,
        instance: instanceName(this.topology, instance),
        detail: how,
      });
    }
  }

  /** Discovery catches up with an instance's state (eureka's poll). */
  onRoutingChange(instance: number): void {
    const state = this.instances;
    const alive = state.isAlive(instance);
    if (state.isRoutable(instance) === alive) return;
    state.setRoutable(instance, alive);
    const service = this.topology.instanceService[instance] as number;
    const affected = this.list.reduce((largest, failure) => Math.max(largest, failure.instances.length), 0);
    if (affected <= MAX_INSTANCE_EVENTS) {
      this.metrics.event({
        kind: alive ? 'instance-detected-up' : 'instance-detected-down',
        service: this.topology.services[service]!.name,
        instance: instanceName(this.topology, instance),
        detail: alive ? 'callers route to it' : 'callers route around it',
      });
    }
  }

  /** An autoscaling group's replacement for a dead instance comes up. */
  onReplace(instance: number): void {
    if (!this.instances.isAlive(instance)) this.revive(1, instance, 'replaced by the autoscaling group');
  }
}

/** `count` members of `items`, chosen without replacement, in their original order. */
function chooseSome(items: readonly number[], count: number, random: Random): number[] {
  const pool = [...items];
  for (let index = 0; index < count; index++) {
    const swap = index + random.below(pool.length - index);
    [pool[index], pool[swap]] = [pool[swap] as number, pool[index] as number];
  }
  return pool.slice(0, count).sort((a, b) => a - b);
}
