/**
 * The reactive autoscaler (target tracking): every 5 s it looks at a service's utilisation since
 * its last look and wants ⌈serving × utilisation ÷ target⌉ instances, within its minimum and
 * maximum; it scales out by starting standby instances (serving after `startupS` plus discovery)
 * and in by deregistering the most recently started ones, which finish the work they have; at
 * most one action per cooldown. Standby instances are slots of the run, never part of the spigo
 * topology.
 */
import type { Topology } from '../topology/expand.ts';
import type { ArchDocument } from '@shared/document/schema.ts';
import type { Failures } from './failures.ts';
import type { InstanceTable } from './instances.ts';
import { EVENT, type Kernel } from './kernel.ts';
import type { Metrics } from './metrics.ts';
import type { ServiceTable } from './services.ts';

/** How often a reactive autoscaler looks at utilisation. */
const AUTOSCALE_PERIOD_NS = 5e9;

interface Autoscaler {
  readonly service: number;
  readonly target: number;
  readonly minimum: number;
  readonly maximum: number;
  readonly cooldownNs: number;
  readonly startupNs: number;
  /** Standby instances, in the order they are started. */
  readonly standby: readonly number[];
  /** Standby instances started (or starting), most recent last. */
  readonly started: number[];
  lastActionNs: number;
  lastBusyArea: number;
  lastAliveArea: number;
}

export class Autoscaling {
  private readonly autoscalers: Autoscaler[] = [];

  constructor(
    private readonly kernel: Kernel,
    private readonly topology: Topology,
    private readonly services: ServiceTable,
    private readonly instances: InstanceTable,
    private readonly metrics: Metrics,
    private readonly failures: Failures,
    private readonly durationNs: number,
    document: ArchDocument,
  ) {
    document.services.forEach((service, index) => {
      const settings = service.autoscaling;
      const group = topology.services[index]!;
      if (settings?.targetUtilisation === undefined || group.standbyCount === 0) return;
      const regions = Math.max(1, group.regionSpan);
      const regular = group.instanceCount - group.standbyCount;
      const standby: number[] = [];
      for (
        let instance = group.firstInstance + regular;
        instance < group.firstInstance + group.instanceCount;
        instance++
      )
        standby.push(instance);
      this.autoscalers.push({
        service: index,
        target: settings.targetUtilisation,
        minimum: (settings.minInstances ?? group.scaledCount) * regions,
        maximum: regular + group.standbyCount,
        cooldownNs: (settings.cooldownS ?? 60) * 1e9,
        startupNs: (settings.startupS ?? 30) * 1e9,
        standby,
        started: [],
        lastActionNs: Number.NEGATIVE_INFINITY,
        lastBusyArea: 0,
        lastAliveArea: 0,
      });
    });
  }

  /** Schedules every autoscaler's first look. */
  start(): void {
    this.autoscalers.forEach((_scaler, index) =>
      this.kernel.schedule(AUTOSCALE_PERIOD_NS, EVENT.autoscale, index),
    );
  }

  /** An autoscaler looks at its service's utilisation and may act. */
  onAutoscale(index: number): void {
    const scaler = this.autoscalers[index]!;
    const service = scaler.service;
    const metrics = this.metrics;
    const now = this.kernel.now;
    if (now < this.durationNs) this.kernel.schedule(now + AUTOSCALE_PERIOD_NS, EVENT.autoscale, index);
    metrics.changeAlive(service, 0);
    const busyArea = metrics.busyArea(service, now);
    const capacity =
      ((metrics.aliveArea[service] as number) - scaler.lastAliveArea) *
      (this.services.concurrency[service] as number);
    const utilisation = capacity > 0 ? (busyArea - scaler.lastBusyArea) / capacity : 0;
    scaler.lastBusyArea = busyArea;
    scaler.lastAliveArea = metrics.aliveArea[service] as number;
    if (now - scaler.lastActionNs < scaler.cooldownNs) return;
    const serving = metrics.alive[service] as number;
    const regular = this.topology.services[service]!.instanceCount - scaler.standby.length;
    const current = regular + scaler.started.length;
    const wanted = Math.min(
      scaler.maximum,
      Math.max(scaler.minimum, Math.ceil((serving * utilisation) / scaler.target)),
    );
    const name = this.topology.services[service]!.name;
    const percent = (value: number) => (value * 100).toFixed(0);
    if (wanted > current) {
      const add = wanted - current;
      for (let count = 0; count < add; count++) {
        const instance = scaler.standby[scaler.started.length]!;
        scaler.started.push(instance);
        this.kernel.schedule(now + scaler.startupNs, EVENT.activate, instance);
      }
      scaler.lastActionNs = now;
      metrics.event({
        kind: 'scale-out',
        service: name,
        detail: `utilisation ${percent(utilisation)} % > target ${percent(scaler.target)} %: starting ${add} instance${add === 1 ? '' : 's'} (${current} → ${wanted})`,
      });
    } else if (wanted < current && scaler.started.length > 0) {
      const remove = Math.min(current - wanted, scaler.started.length);
      for (let count = 0; count < remove; count++) {
        const instance = scaler.started.pop()!;
        if (this.instances.isAlive(instance)) {
          // Graceful: it deregisters at once (no new calls) and finishes the work it already has
          // (same epoch).
          this.instances.setRoutable(instance, false);
          this.instances.setAlive(instance, false);
          metrics.changeAlive(service, -1);
        }
      }
      scaler.lastActionNs = now;
      metrics.event({
        kind: 'scale-in',
        service: name,
        detail: `utilisation ${percent(utilisation)} % < target ${percent(scaler.target)} %: stopping ${remove} instance${remove === 1 ? '' : 's'} (${current} → ${current - remove})`,
      });
    }
  }

  /** A started standby instance is up: it serves once discovery has seen it. */
  onActivate(instance: number): void {
    const service = this.topology.instanceService[instance] as number;
    const scaler = this.autoscalers.find((candidate) => candidate.service === service);
    if (!scaler || !scaler.started.includes(instance) || this.instances.isAlive(instance)) return;
    this.failures.revive(1, instance, 'started by the autoscaler');
  }
}
