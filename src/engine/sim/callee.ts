/**
 * The callee's side of a call: it reaches an instance (a dead one never answers), waits in the
 * instance's FIFO queue while every worker is busy (a full queue rejects; a call whose propagated
 * deadline has passed is answered at once without work), holds a worker for its service time and
 * while its package's behaviour calls dependencies, then answers back across the network.
 */
import type { Sampler } from '../distributions.ts';
import type { LatencyHistogram } from '../histogram.ts';
import type { Random } from '../random.ts';
import { CALL_FLAGS, NO_CALL, type CallTable } from './calls.ts';
import type { Faults } from './faults.ts';
import {
  ALIVE_BIT,
  BUSY,
  BUSY_MOMENT,
  EPOCH,
  QUEUE_HEAD,
  REAL_STRIDE,
  STATE,
  STRIDE,
  type InstanceTable,
} from './instances.ts';
import { EVENT, type Kernel } from './kernel.ts';
import { CAUSE, type Metrics } from './metrics.ts';
import type { Network } from './network.ts';
import type { ServiceTable } from './services.ts';
import type { TimelineRecorder } from './timeline.ts';
import type { Traces } from './traces.ts';

const {
  oneWay: ONE_WAY,
  found: FOUND,
  sampled: SAMPLED,
  serverDone: SERVER_DONE,
  timedOut: TIMED_OUT,
  original: ORIGINAL,
  deadCallee: DEAD_CALLEE,
  responsePending: RESPONSE_PENDING,
} = CALL_FLAGS;

/** Told when a call's own work is done: its package's behaviour decides what comes next. */
export interface WorkListener {
  proceed(call: number): void;
}

/** Told when a request's root call at its entry instance is answered: the request is over. */
export interface RequestListener {
  completeRequest(root: number, error: number): void;
}

export class Callee {
  /** The package behaviours (./behaviours) and the entries (./entries.ts), connected once built. */
  private work: WorkListener | null = null;
  private requests: RequestListener | null = null;

  constructor(
    private readonly kernel: Kernel,
    private readonly calls: CallTable,
    private readonly services: ServiceTable,
    private readonly instances: InstanceTable,
    private readonly network: Network,
    private readonly faults: Faults,
    private readonly metrics: Metrics,
    private readonly traces: Traces,
  ) {}

  connect(work: WorkListener, requests: RequestListener): void {
    this.work = work;
    this.requests = requests;
  }

  /** A call reaches its callee instance. */
  onCallArrive(call: number): void {
    const calls = this.calls;
    const words = this.instances.words;
    const metrics = this.metrics;
    const now = this.kernel.now;
    const instance = calls.callee[call] as number;
    const record = instance * STRIDE;
    const service = calls.calleeService[call] as number;
    if (((words[record + STATE] as number) & ALIVE_BIT) === 0) {
      calls.mark(call, SERVER_DONE | DEAD_CALLEE); // nobody answers: the caller will time out
      return;
    }
    calls.serverReceive[call] = now;
    calls.epoch[call] = words[record + EPOCH] as number;
    metrics.requests[service]++;
    if ((calls.flags[call] as number) & ORIGINAL) metrics.original[service]++;
    (metrics.timeline[service] as TimelineRecorder).countRequest(this.kernel.second());
    if ((calls.deadline[call] as number) <= now) {
      this.respond(call, CAUSE.timeout, false); // its caller has already given up: no work
      return;
    }
    if ((words[record + BUSY] as number) < (this.services.concurrency[service] as number)) {
      this.startWork(call, instance, service);
      return;
    }
    const limit = this.services.queueLimit[service] as number;
    const instances = this.instances;
    const length = instances.queueLength[instance] as number;
    if (limit >= 0 && length >= limit) {
      this.respond(call, CAUSE.rejected, false);
      return;
    }
    // FIFO through the calls' next links.
    const tail = instances.queueTail[instance] as number;
    if (tail === NO_CALL) words[record + QUEUE_HEAD] = call;
    else calls.next[tail] = call;
    instances.queueTail[instance] = call;
    instances.queueLength[instance] = length + 1;
    metrics.queued[service]++;
    metrics.queuedMoment[service] -= now;
    if (length + 1 > (metrics.maxQueue[service] as number)) metrics.maxQueue[service] = length + 1;
  }

  /** A worker takes the call: its service time (plus any latency failure) starts. */
  private startWork(call: number, instance: number, service: number): void {
    const now = this.kernel.now;
    const words = this.instances.words;
    const record = instance * STRIDE;
    words[record + BUSY]++;
    const metrics = this.metrics;
    metrics.busy[service]++;
    metrics.busyMoment[service] -= now;
    this.instances.reals[instance * REAL_STRIDE + BUSY_MOMENT] -= now;
    this.calls.workStart[call] = now;
    let work = (this.services.sampler[service] as Sampler)(this.services.serviceRandom[service] as Random);
    const faults = this.faults;
    if (this.instances.slowCount > 0) {
      const slow = this.instances.slow[instance] as number;
      if (slow >= 0) work += (faults.slowSamplers[slow] as Sampler)(faults.slowRandom);
    }
    this.kernel.schedule(now + Math.round(work * 1e6), EVENT.workDone, call);
  }

  /** The call's own work is done (unless its instance died meanwhile, or an error is injected). */
  onWorkDone(call: number): void {
    const calls = this.calls;
    const instance = calls.callee[call] as number;
    if (calls.epoch[call] !== this.instances.words[instance * STRIDE + EPOCH]) {
      calls.mark(call, SERVER_DONE | DEAD_CALLEE); // the instance died while working on it
      return;
    }
    const service = calls.calleeService[call] as number;
    const errorRate = this.faults.injectedErrorRate[service] as number;
    if (errorRate > 0 && (this.services.dataRandom[service] as Random).chance(errorRate)) {
      this.respond(call, CAUSE.injected, false);
      return;
    }
    (this.work as WorkListener).proceed(call);
  }

  /** The server side of `call` answers (or fails with `error`). Frees its worker. */
  respond(call: number, error: number, found: boolean): void {
    const calls = this.calls;
    const words = this.instances.words;
    const metrics = this.metrics;
    const now = this.kernel.now;
    const instance = calls.callee[call] as number;
    const record = instance * STRIDE;
    const service = calls.calleeService[call] as number;
    calls.serverSend[call] = now;
    calls.error[call] = error;
    if (found) calls.flags[call] = (calls.flags[call] as number) | FOUND;
    else calls.flags[call] = (calls.flags[call] as number) & ~FOUND;

    if (calls.parent[call] === NO_CALL && calls.caller[call] === instance && this.services.entry[service]) {
      (this.requests as RequestListener).completeRequest(call, error);
      return;
    }
    const sojourn = now - (calls.serverReceive[call] as number);
    const micros = sojourn / 1000;
    (metrics.latency[service] as LatencyHistogram).record(micros);
    (metrics.timeline[service] as TimelineRecorder).recordOutcome(this.kernel.second(), micros, error !== 0);
    metrics.timeInSystem[service] += sojourn;
    metrics.departures[service]++;
    const workStart = calls.workStart[call] as number;
    if (workStart >= 0) {
      if ((calls.flags[call] as number) & TIMED_OUT) metrics.wastedNs[service] += now - workStart;
      metrics.releaseWorkers(service, instance, 1);
      // The freed worker takes the next queued call whose caller still waits; expired ones are
      // answered at once without work (their deadline passed while they queued).
      let next = words[record + QUEUE_HEAD] as number;
      while (next !== NO_CALL) {
        const after = calls.next[next] as number;
        words[record + QUEUE_HEAD] = after;
        if (after === NO_CALL) this.instances.queueTail[instance] = NO_CALL;
        calls.next[next] = NO_CALL;
        this.instances.queueLength[instance]--;
        metrics.queued[service]--;
        metrics.queuedMoment[service] += now;
        if ((calls.deadline[next] as number) > now) {
          this.startWork(next, instance, service);
          break;
        }
        this.respond(next, CAUSE.timeout, false);
        next = words[record + QUEUE_HEAD] as number;
      }
    }
    const flags = calls.flags[call] as number;
    if (flags & ONE_WAY) {
      if (flags & SAMPLED) this.traces.record(call, now);
      calls.mark(call, SERVER_DONE);
      return;
    }
    const caller = calls.caller[call] as number;
    const network = this.network;
    if (network.partitions.length > 0 && network.partitioned(instance, caller)) {
      calls.mark(call, SERVER_DONE); // the answer is lost in the partition
      return;
    }
    const delay = (network.samplers[calls.locality[call] as number] as Sampler)(
      this.services.networkRandom[service] as Random,
    );
    this.kernel.schedule(now + Math.round(delay * 1e6), EVENT.responseArrive, call);
    calls.mark(call, SERVER_DONE | RESPONSE_PENDING);
  }
}
