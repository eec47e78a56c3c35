/**
 * The discrete-event simulation of request traffic through an expanded topology: the run's parts,
 * built and wired together, around the kernel that drives them.
 *
 * - ./kernel.ts — the clock and the future-event list (SimPy's Environment).
 * - ./caller.ts, ./callee.ts — calls and their resilience: a caller's attempts, timers, retries,
 *   breakers and deadlines; a callee's queue, workers and answers. Calls live in ./calls.ts.
 * - ./behaviours/ — what each package does with a call, one file per behaviour.
 * - ./entries.ts — the load: requests entering at the entry instances.
 * - ./failures.ts, ./faults.ts, ./network.ts — failures and recovery, and the faults in effect.
 * - ./autoscaling.ts — the reactive autoscaler.
 * - ./metrics.ts, ./traces.ts, ./results.ts — what a run measures, and its result.
 * - ./services.ts, ./instances.ts, ./routing.ts, ./edges.ts — the state they share.
 *
 * Every random draw comes from a stream named after its purpose and service, and events at the
 * same time run in the order they were scheduled, so the same document, options and seed give the
 * same result, bit for bit.
 */
import { expandTopology, type Topology } from '../topology/expand.ts';
import { resolveServices } from '@shared/document/resolve.ts';
import type { ArchDocument, Scenario } from '@shared/document/schema.ts';
import type { RunResult } from '@shared/results.ts';
import { Autoscaling } from './autoscaling.ts';
import { Behaviours } from './behaviours/index.ts';
import { Callee } from './callee.ts';
import { Caller } from './caller.ts';
import { CallLimitError, CallTable, MAX_CALLS_IN_FLIGHT } from './calls.ts';
import { EdgeTable } from './edges.ts';
import { Entries } from './entries.ts';
import { Failures } from './failures.ts';
import { Faults } from './faults.ts';
import { InstanceTable } from './instances.ts';
import { EVENT, Kernel, type EventHandler } from './kernel.ts';
import { Metrics } from './metrics.ts';
import { Network } from './network.ts';
import { buildResult } from './results.ts';
import { Routing } from './routing.ts';
import { ServiceTable } from './services.ts';
import { Traces } from './traces.ts';
import { LiveReader, liveSource, type LiveSource } from './live.ts';
import type { LiveNumbers } from '@shared/runs.ts';

export { DEFAULT_NETWORK } from './network.ts';

export interface SimulationOptions {
  /** Seconds of arrivals (default: document load.durationS, else 60). */
  readonly durationS?: number;
  /** Requests per second entering the system (default: document load.rate, else 100). */
  readonly rate?: number;
  /** Random seed (default: document seed, else 1). */
  readonly seed?: number;
  readonly scale?: number;
  readonly regions?: number;
  /** Name used in instance names (spigo's -a). */
  readonly arch?: string;
  /** Scenario to run (see `scenarioNames`); none = no failures. */
  readonly scenario?: string | null;
  /** Fraction of requests whose traces are kept (default: document traceSampleRate, else 0.001). */
  readonly traceSampleRate?: number;
  /** At most this many traces are kept (default 1000). */
  readonly maxTraces?: number;
  /** How long in-flight requests may take to finish after the last arrival (default 60 s). */
  readonly drainS?: number;
  /** Refuse a topology of more instances than this (default DEFAULT_MAX_INSTANCES). */
  readonly maxInstances?: number;
  /** Stop the run as overloaded beyond this many calls in flight (default MAX_CALLS_IN_FLIGHT). */
  readonly maxCallsInFlight?: number;
}

/**
 * The run stopped because the architecture fell behind its load: calls piled up beyond
 * MAX_CALLS_IN_FLIGHT (./calls.ts). The user's to fix, like an instance limit, not an engine fault.
 */
export class SimulationOverloadError extends RangeError {
  override readonly name = 'SimulationOverloadError';
}

export const DEFAULT_RATE = 100;
export const DEFAULT_DURATION_S = 60;
export const DEFAULT_TRACE_SAMPLE_RATE = 0.001;
export const DEFAULT_DETECTION_S = 1;
/** The scenario a document's spigo `victim` stands for: one instance killed at half the run. */
export const CHAOS_MONKEY_SCENARIO = 'chaos-monkey';

/** The scenarios a document can run: its own, plus chaos-monkey when it names a victim. */
export function scenarioNames(document: ArchDocument): string[] {
  return documentScenarios(document).map((scenario) => scenario.name);
}

function documentScenarios(document: ArchDocument): Scenario[] {
  const scenarios = [...(document.scenarios ?? [])];
  const victim = document.victim;
  if (victim && document.services.some((service) => service.name === victim)) {
    if (!scenarios.some((scenario) => scenario.name === CHAOS_MONKEY_SCENARIO)) {
      scenarios.push({
        name: CHAOS_MONKEY_SCENARIO,
        description: `spigo's chaos monkey: one instance of ${victim} dies at half the run`,
        failures: [{ type: 'kill-instances', service: victim, count: 1 }],
      });
    }
  }
  return scenarios;
}

export interface SimulationProgress {
  readonly simulatedNs: number;
  readonly durationNs: number;
  readonly events: number;
  readonly requests: number;
  readonly completed: number;
  readonly done: boolean;
}

export class Simulation implements EventHandler {
  readonly topology: Topology;
  readonly document: ArchDocument;
  private readonly seed: number;
  private readonly scenario: Scenario | null;
  private readonly durationNs: number;
  private readonly drainNs: number;
  private readonly rate: number;
  private readonly poisson: boolean;
  private readonly writeFraction: number;
  private readonly traceSampleRate: number;
  private finished = false;

  private readonly kernel = new Kernel();
  private readonly calls: CallTable;
  private readonly services: ServiceTable;
  private readonly instances: InstanceTable;
  private readonly edgeTable: EdgeTable;
  private readonly metrics: Metrics;
  private readonly traces: Traces;
  private readonly caller: Caller;
  private readonly callee: Callee;
  private readonly entries: Entries;
  private readonly failures: Failures;
  private readonly autoscaling: Autoscaling;
  private readonly liveReader = new LiveReader();
  private liveSource: ((nowNs: number) => LiveSource) | null = null;

  constructor(document: ArchDocument, options: SimulationOptions = {}) {
    this.document = document;
    const topology = expandTopology(document, {
      arch: options.arch,
      scale: options.scale,
      regions: options.regions,
      standby: true,
      maxInstances: options.maxInstances,
    });
    this.topology = topology;
    const load = document.load ?? {};
    const seed = (options.seed ?? document.seed ?? 1) >>> 0;
    this.seed = seed;
    this.durationNs = Math.round((options.durationS ?? load.durationS ?? DEFAULT_DURATION_S) * 1e9);
    this.drainNs = Math.round((options.drainS ?? 60) * 1e9);
    const detectionNs = Math.round((document.discovery?.detectionS ?? DEFAULT_DETECTION_S) * 1e9);
    this.rate = options.rate ?? load.rate ?? DEFAULT_RATE;
    this.poisson = (load.arrival ?? 'poisson') === 'poisson';
    this.writeFraction = load.writeFraction ?? 0;
    this.traceSampleRate = options.traceSampleRate ?? document.traceSampleRate ?? DEFAULT_TRACE_SAMPLE_RATE;
    this.scenario = null;
    const scenarioName = options.scenario ?? null;
    if (scenarioName !== null) {
      const scenario = documentScenarios(document).find((candidate) => candidate.name === scenarioName);
      if (!scenario) {
        const known = scenarioNames(document);
        throw new RangeError(
          `unknown scenario "${scenarioName}" (${known.length > 0 ? `known: ${known.join(', ')}` : 'the document has none'})`,
        );
      }
      this.scenario = scenario;
    }

    const kernel = this.kernel;
    const calls = new CallTable(1024, options.maxCallsInFlight ?? MAX_CALLS_IN_FLIGHT);
    this.calls = calls;
    const resolved = resolveServices(document);
    const services = new ServiceTable(document, topology, resolved, seed);
    const instances = new InstanceTable(topology);
    const routing = new Routing(topology, instances);
    const network = new Network(topology, document);
    const faults = new Faults(seed, services.count);
    const metrics = new Metrics(kernel, instances, services.count);
    for (const group of topology.services)
      metrics.alive[group.index] = group.instanceCount - group.standbyCount;
    const edgeTable = new EdgeTable(resolved);
    const traces = new Traces(topology, calls);
    const caller = new Caller(
      kernel,
      calls,
      topology,
      services,
      instances,
      edgeTable,
      routing,
      network,
      faults,
      metrics,
      traces,
    );
    const callee = new Callee(kernel, calls, services, instances, network, faults, metrics, traces);
    const behaviours = new Behaviours({ topology, calls, services, instances, routing, caller, callee });
    const entries = new Entries(kernel, calls, instances, callee, topology, document, {
      seed,
      rate: this.rate,
      durationNs: this.durationNs,
      poisson: this.poisson,
      writeFraction: this.writeFraction,
      traceSampleRate: this.traceSampleRate,
      maxTraces: options.maxTraces ?? 1000,
    });
    const failures = new Failures(
      kernel,
      topology,
      calls,
      services,
      instances,
      network,
      faults,
      metrics,
      seed,
      detectionNs,
    );
    const autoscaling = new Autoscaling(
      kernel,
      topology,
      services,
      instances,
      metrics,
      failures,
      this.durationNs,
      document,
    );
    caller.connect(behaviours);
    callee.connect(behaviours, entries);
    this.services = services;
    this.instances = instances;
    this.edgeTable = edgeTable;
    this.metrics = metrics;
    this.traces = traces;
    this.caller = caller;
    this.callee = callee;
    this.entries = entries;
    this.failures = failures;
    this.autoscaling = autoscaling;

    // NOTE: the order of these first events is part of the result (events at the same time run
    // in the order they were scheduled): autoscalers, then arrivals, then failures.
    autoscaling.start();
    entries.start(behaviours);
    if (this.scenario) failures.schedule(this.scenario, this.durationNs);
  }

  /** Handles one event (the kernel calls it in time order). */
  handle(kind: number, argument: number): void {
    switch (kind) {
      case EVENT.arrival:
        this.entries.onArrival(argument);
        break;
      case EVENT.callArrive:
        this.callee.onCallArrive(argument);
        break;
      case EVENT.workDone:
        this.callee.onWorkDone(argument);
        break;
      case EVENT.responseArrive:
        this.caller.onResponseArrive(argument);
        break;
      case EVENT.timeout:
        this.caller.onTimeout(argument);
        break;
      case EVENT.retry:
        this.caller.onRetry(argument);
        break;
      case EVENT.failure:
        this.failures.onFailure(argument);
        break;
      case EVENT.routingChange:
        this.failures.onRoutingChange(argument);
        break;
      case EVENT.replace:
        this.failures.onReplace(argument);
        break;
      case EVENT.timeoutQueue:
        this.caller.onTimeoutQueue(argument);
        break;
      case EVENT.autoscale:
        this.autoscaling.onAutoscale(argument);
        break;
      case EVENT.activate:
        this.autoscaling.onActivate(argument);
        break;
      default:
        throw new Error(`unknown event kind ${kind}`);
    }
  }

  /** Runs up to `maxEvents` events; returns true when the run is complete. */
  runSlice(maxEvents: number): boolean {
    if (this.finished) return true;
    let endNs: number;
    try {
      endNs = this.kernel.run(this.durationNs + this.drainNs, maxEvents, this);
    } catch (error) {
      if (!(error instanceof CallLimitError)) throw error;
      const seconds = this.kernel.now / 1e9;
      const atS = seconds.toLocaleString('en-US', { maximumFractionDigits: 1 });
      const rate = Math.round(this.entries.totalRateAt(seconds)).toLocaleString('en-US');
      throw new SimulationOverloadError(
        `the run is overloaded: ${error.message} at ${atS} s (simulated), with requests arriving at ` +
          `${rate}/s — more than the engine holds: the architecture falls behind its load (its queues ` +
          `grow) or its calls take too long; lower the rate, add instances or workers, bound the ` +
          `queues (capacity.queue) or shorten the timeouts`,
      );
    }
    if (endNs < 0) return false;
    this.finish(endNs);
    return true;
  }

  /** Runs to the end (in slices, calling `onProgress` between them). */
  run(onProgress?: (progress: SimulationProgress) => void, sliceEvents = 200_000): RunResult {
    while (!this.runSlice(sliceEvents)) onProgress?.(this.progress());
    onProgress?.(this.progress());
    return this.result();
  }

  /**
   * Slots in the call table (its high-water mark of calls in flight, rounded up to a power of
   * two). Slots are freed as soon as a call is over, so this follows the calls in flight, not
   * the rate times the timeout.
   */
  get callSlots(): number {
    return this.calls.capacity;
  }

  /** Per-service and per-dependency numbers so far, for a studio watching the run. */
  live(): LiveNumbers {
    this.liveSource ??= liveSource(
      this.topology.services.map((group) => group.name),
      this.metrics,
      this.entries.list,
      this.edgeTable.edges,
    );
    return this.liveReader.read(this.liveSource(this.kernel.now));
  }

  progress(): SimulationProgress {
    return {
      simulatedNs: this.kernel.now,
      durationNs: this.durationNs,
      events: this.kernel.events,
      requests: this.entries.requestsStarted,
      completed: this.entries.requestsCompleted,
      done: this.finished,
    };
  }

  /** Ends the run at `endNs`: the edge samples still batched are recorded, the alive integrals brought up to it. */
  private finish(endNs: number): void {
    const kernel = this.kernel;
    kernel.now = Math.max(kernel.now, endNs);
    const metrics = this.metrics;
    this.edgeTable.flushSamples();
    for (let service = 0; service < this.services.count; service++) metrics.changeAlive(service, 0);
    this.finished = true;
  }

  result(): RunResult {
    if (!this.finished) throw new Error('the run has not finished');
    return buildResult({
      document: this.document,
      topology: this.topology,
      scenario: this.scenario,
      durationNs: this.durationNs,
      rate: this.rate,
      poisson: this.poisson,
      seed: this.seed,
      traceSampleRate: this.traceSampleRate,
      writeFraction: this.writeFraction,
      endNs: this.kernel.now,
      events: this.kernel.events,
      callsAllocated: this.calls.allocated,
      services: this.services,
      instances: this.instances,
      metrics: this.metrics,
      entries: this.entries,
      edges: this.edgeTable.edges,
      failures: this.failures.list,
      traces: this.traces,
    });
  }
}

/** Convenience: simulate a document to completion. */
export function simulate(
  document: ArchDocument,
  options: SimulationOptions = {},
  onProgress?: (progress: SimulationProgress) => void,
): RunResult {
  return new Simulation(document, options).run(onProgress);
}
