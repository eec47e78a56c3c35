/**
 * The caller's side of a call, with its resilience: an attempt picks an instance, passes the
 * circuit breaker, gets its timeout (shortened to the caller's propagated deadline), crosses the
 * network and waits; the answer or the timer — whichever comes first — decides its outcome, and a
 * failed attempt is retried (backoff, jitter, failover, a Finagle-style budget) or reported to the
 * parent call as failed.
 */
import type { Sampler } from '../distributions.ts';
import type { Random } from '../random.ts';
import { instanceName, type Topology } from '../topology/expand.ts';
import { CircuitBreakerState, type BreakerSettings } from './breaker.ts';
import { CALL_FLAGS, NO_CALL, type CallTable } from './calls.ts';
import type { Edge, EdgeTable } from './edges.ts';
import type { Faults } from './faults.ts';
import { ALIVE_BIT, EPOCH, SERVICE_SHIFT, STATE, STRIDE, type InstanceTable } from './instances.ts';
import { EVENT, type Kernel } from './kernel.ts';
import { CAUSE, MAX_INSTANCE_EVENTS, type Metrics } from './metrics.ts';
import type { Network } from './network.ts';
import type { Routing } from './routing.ts';
import type { ServiceTable } from './services.ts';
import { TimeoutQueue } from './timeout-queue.ts';
import type { Traces } from './traces.ts';

const {
  oneWay: ONE_WAY,
  write: WRITE,
  found: FOUND,
  sampled: SAMPLED,
  callerDone: CALLER_DONE,
  serverDone: SERVER_DONE,
  timedOut: TIMED_OUT,
  timerPending: TIMER_PENDING,
  original: ORIGINAL,
  retryPending: RETRY_PENDING,
  deadCallee: DEAD_CALLEE,
  responsePending: RESPONSE_PENDING,
  resolved: RESOLVED,
} = CALL_FLAGS;

/** Told when a call's child is over for good: answered, failed after its retries, or never sent. */
export interface ChildListener {
  childDone(parent: number, error: number, found: boolean): void;
}

export class Caller {
  /** The parent calls' side (./behaviours), connected once everything is built. */
  private parents: ChildListener | null = null;
  private readonly breakers = new Map<number, CircuitBreakerState>();
  private readonly edges: readonly Edge[];

  constructor(
    private readonly kernel: Kernel,
    private readonly calls: CallTable,
    private readonly topology: Topology,
    private readonly services: ServiceTable,
    private readonly instances: InstanceTable,
    private readonly edgeTable: EdgeTable,
    private readonly routing: Routing,
    private readonly network: Network,
    private readonly faults: Faults,
    private readonly metrics: Metrics,
    private readonly traces: Traces,
  ) {
    this.edges = edgeTable.edges;
  }

  connect(parents: ChildListener): void {
    this.parents = parents;
  }

  /** Starts one attempt from `caller` to an instance of list `list`, made on behalf of `parent`. */
  attempt(
    parent: number,
    caller: number,
    callerService: number,
    list: number,
    attempt: number,
    avoid: number,
    inherit: number,
  ): void {
    const now = this.kernel.now;
    const metrics = this.metrics;
    const target = this.routing.pick(list, caller, avoid, this.services.routeRandom[callerService] as Random);
    if (target < 0) {
      // Nothing to call: fails at once, without crossing the network.
      const service = this.routing.listService[list] as number;
      metrics.attempts[service]++;
      metrics.error(service, CAUSE.unroutable);
      this.childDone(parent, CAUSE.unroutable, false);
      return;
    }
    const calleeService = (this.instances.words[target * STRIDE + STATE] as number) >> SERVICE_SHIFT;
    const edgeIndex = this.edgeTable.indexOf(callerService, calleeService);
    const edge = this.edges[edgeIndex] as Edge;
    const breakerConfig = edge.breaker;
    if (breakerConfig) {
      const breaker = this.breakerFor(caller, calleeService, breakerConfig);
      if (!breaker.allow(now)) {
        metrics.attempts[calleeService]++;
        if (breakerConfig.fallback) {
          metrics.fallbacks[calleeService]++;
          metrics.successes[calleeService]++;
          this.childDone(parent, 0, false);
        } else {
          metrics.error(calleeService, CAUSE.breakerOpen);
          this.childDone(parent, CAUSE.breakerOpen, false);
        }
        return;
      }
    }
    const calls = this.calls;
    const propagates = this.services.propagatesDeadline[callerService] as number;
    // Deadline: the caller's own incoming deadline if it propagates deadlines.
    const parentDeadline = parent !== NO_CALL && propagates ? (calls.deadline[parent] as number) : Infinity;
    let timeout = edge.timeoutNs;
    if (parentDeadline - now < timeout) timeout = parentDeadline - now;
    if (timeout <= 0) {
      metrics.attempts[calleeService]++;
      metrics.error(calleeService, CAUSE.timeout);
      this.childDone(parent, CAUSE.timeout, false);
      return;
    }
    if (attempt === 0) {
      // Retry budget: each first attempt earns a fraction of a retry (capped at 100 tokens).
      const ratio = edge.retryPolicy.budgetRatio;
      if (ratio > 0) edge.retryTokens = Math.min(100, edge.retryTokens + ratio);
    }
    const call = this.send(parent, caller, callerService, target, inherit, false, attempt, edgeIndex);
    calls.list[call] = list;
    // A caller that propagates deadlines tells the callee when nobody will wait any more.
    calls.deadline[call] = propagates ? now + timeout : Infinity;
    this.setTimer(call, edgeIndex, timeout);
  }

  /**
   * Sends a call across the network; returns its slot. `edgeIndex` is the caller → callee
   * service edge when the caller has looked it up already.
   */
  send(
    parent: number,
    caller: number,
    callerService: number,
    callee: number,
    inherit: number,
    oneWay: boolean,
    attempt: number,
    edgeIndex = -1,
  ): number {
    const now = this.kernel.now;
    const calls = this.calls;
    const metrics = this.metrics;
    const call = calls.allocate();
    const calleeService = (this.instances.words[callee * STRIDE + STATE] as number) >> SERVICE_SHIFT;
    const inherited = calls.flags[inherit] as number;
    calls.parent[call] = parent;
    calls.caller[call] = caller;
    calls.callee[call] = callee;
    calls.calleeService[call] = calleeService;
    calls.entry[call] = calls.entry[inherit] as number;
    calls.clientSend[call] = now;
    calls.serverReceive[call] = 0;
    calls.serverSend[call] = 0;
    calls.workStart[call] = -1;
    calls.deadline[call] = Infinity;
    calls.flags[call] =
      (inherited & (WRITE | SAMPLED)) |
      (attempt === 0 && (inherited & ORIGINAL) !== 0 ? ORIGINAL : 0) |
      (oneWay ? ONE_WAY | CALLER_DONE : 0);
    calls.error[call] = 0;
    calls.attempt[call] = attempt;
    calls.step[call] = 0;
    calls.pending[call] = 0;
    calls.key[call] = calls.key[inherit] as number;
    calls.trace[call] = calls.trace[inherit] as number;
    calls.span[call] = (calls.flags[call] as number) & SAMPLED ? this.traces.nextSpan() : 0;
    calls.list[call] = -1;
    if (!oneWay) metrics.attempts[calleeService]++;
    if (attempt > 0) metrics.retries[calleeService]++;
    const edgeOfCall = edgeIndex >= 0 ? edgeIndex : this.edgeTable.indexOf(callerService, calleeService);
    const edge = this.edges[edgeOfCall] as Edge;
    calls.edge[call] = edgeOfCall;
    edge.calls++;
    const locality = this.routing.locality(caller, callee);
    calls.locality[call] = locality;
    if (locality === 0) edge.sameZone++;
    else if (locality === 1) edge.crossZone++;
    else edge.crossRegion++;
    const network = this.network;
    if (network.partitions.length > 0 && network.partitioned(caller, callee)) {
      calls.mark(call, SERVER_DONE); // lost in the partition
      return call;
    }
    let delay = (network.samplers[locality] as Sampler)(this.services.networkRandom[callerService] as Random);
    const faults = this.faults;
    if (faults.edgeSlow.size > 0) {
      const slow = faults.edgeSlow.get(callerService * faults.serviceCount + calleeService);
      if (slow !== undefined) delay += (faults.slowSamplers[slow] as Sampler)(faults.slowRandom);
    }
    this.kernel.schedule(now + Math.round(delay * 1e6), EVENT.callArrive, call);
    return call;
  }

  /**
   * Starts the caller's timer on `call`. Standard lengths share a FIFO whose entries do not hold
   * the call's slot (see TimeoutQueue); other lengths are kernel events that do (TIMER_PENDING).
   */
  setTimer(call: number, edgeIndex: number, timeout: number): void {
    const calls = this.calls;
    const now = this.kernel.now;
    const edge = this.edges[edgeIndex] as Edge;
    if (timeout !== edge.timeoutNs) {
      calls.flags[call] = (calls.flags[call] as number) | TIMER_PENDING;
      this.kernel.schedule(now + timeout, EVENT.timeout, call);
      return;
    }
    let queue = edge.timeoutQueue;
    if (!queue) {
      queue = new TimeoutQueue();
      edge.timeoutQueue = queue;
    }
    queue.push(call, calls.generation[call] as number, now + timeout);
    if (!queue.scheduled) {
      queue.scheduled = true;
      this.kernel.schedule(queue.peekExpiry(), EVENT.timeoutQueue, edgeIndex);
    }
  }

  /** The standard timer length of the edge `call` went along (its callee's timeout, or the edge's own). */
  standardTimeout(call: number): number {
    return (this.edges[this.calls.edge[call] as number] as Edge).timeoutNs;
  }

  /** Expires the due timers of one FIFO, drops stale entries at its head, re-arms its event. */
  onTimeoutQueue(edgeIndex: number): void {
    const queue = (this.edges[edgeIndex] as Edge).timeoutQueue as TimeoutQueue;
    const calls = this.calls;
    queue.scheduled = false;
    while (queue.length > 0) {
      const call = queue.peekCall();
      // Stale: the call is over and its slot was freed (and perhaps reused), or it was answered.
      // The table's arrays are read afresh each time: a timeout can retry, and a retry can grow them.
      const stale =
        calls.generation[call] !== queue.peekGeneration() || ((calls.flags[call] as number) & RESOLVED) !== 0;
      if (!stale && queue.peekExpiry() > this.kernel.now) break;
      queue.shift();
      if (!stale) this.onTimeout(call);
    }
    if (queue.length > 0) {
      queue.scheduled = true;
      this.kernel.schedule(queue.peekExpiry(), EVENT.timeoutQueue, edgeIndex);
    }
  }

  /** An answer reaches the caller. */
  onResponseArrive(call: number): void {
    const calls = this.calls;
    const now = this.kernel.now;
    const flags = calls.flags[call] as number;
    if (flags & RESOLVED) {
      calls.mark(call, 0, RESPONSE_PENDING); // a late answer: the caller gave up already
      return;
    }
    calls.flags[call] = (flags | RESOLVED) & ~RESPONSE_PENDING;
    const clientSend = calls.clientSend[call] as number;
    const serverReceive = calls.serverReceive[call] as number;
    const serverSend = calls.serverSend[call] as number;
    // NOTE: rounded here, as record would round them (it rounds again, which changes nothing).
    this.edgeTable.recordAnswer(
      calls.edge[call] as number,
      Math.round((now - clientSend) / 1000),
      Math.round((serverSend - serverReceive) / 1000),
      Math.round((serverReceive - clientSend + (now - serverSend)) / 1000),
    );
    if (flags & SAMPLED) this.traces.record(call, now);
    const error = calls.error[call] as number;
    this.attemptOutcome(call, error);
  }

  /** The caller's timer on `call` expires. */
  onTimeout(call: number): void {
    const calls = this.calls;
    const now = this.kernel.now;
    const flags = calls.flags[call] as number;
    if (flags & RESOLVED) {
      calls.mark(call, 0, TIMER_PENDING); // answered in time
      return;
    }
    // The caller stops waiting. The callee, if alive, goes on working: that work is wasted.
    calls.flags[call] = (flags | TIMED_OUT | RESOLVED) & ~TIMER_PENDING;
    const callee = calls.callee[call] as number;
    const cause =
      (flags & DEAD_CALLEE) !== 0 ||
      ((this.instances.words[callee * STRIDE + STATE] as number) & ALIVE_BIT) === 0
        ? CAUSE.failedInstance
        : CAUSE.timeout;
    (this.edges[calls.edge[call] as number] as Edge).response.record(
      (now - (calls.clientSend[call] as number)) / 1000,
    );
    calls.error[call] = cause;
    if (flags & SAMPLED) this.traces.record(call, now);
    this.attemptOutcome(call, cause);
  }

  /** A retry's backoff is over: the next attempt, perhaps on another instance. */
  onRetry(call: number): void {
    const calls = this.calls;
    const parent = calls.parent[call] as number;
    calls.mark(call, CALLER_DONE, RETRY_PENDING);
    if (this.parentGone(parent)) {
      this.childDone(parent, CAUSE.timeout, false);
      return;
    }
    const caller = calls.caller[call] as number;
    const callerService = (this.instances.words[caller * STRIDE + STATE] as number) >> SERVICE_SHIFT;
    const policy = (this.edges[calls.edge[call] as number] as Edge).retryPolicy;
    const avoid = policy.failover ? (calls.callee[call] as number) : -1;
    this.attempt(
      parent,
      caller,
      callerService,
      calls.list[call] as number,
      (calls.attempt[call] as number) + 1,
      avoid,
      call,
    );
  }

  /** Whether the call `parent` is gone (its instance died since the call arrived). */
  parentGone(parent: number): boolean {
    if (parent === NO_CALL) return false;
    return (
      this.calls.epoch[parent] !==
      this.instances.words[(this.calls.callee[parent] as number) * STRIDE + EPOCH]
    );
  }

  /** The caller learned how an attempt ended: success, or an error that may be retried. */
  private attemptOutcome(call: number, error: number): void {
    const calls = this.calls;
    const metrics = this.metrics;
    const now = this.kernel.now;
    const calleeService = calls.calleeService[call] as number;
    const caller = calls.caller[call] as number;
    const edge = this.edges[calls.edge[call] as number] as Edge;
    const breakerConfig = edge.breaker;
    if (breakerConfig) {
      if (this.breakerFor(caller, calleeService, breakerConfig).record(now, error !== 0)) {
        metrics.breakerTrips[calleeService]++;
        if (metrics.breakerTrips[calleeService]! <= MAX_INSTANCE_EVENTS) {
          metrics.event({
            kind: 'breaker-open',
            service: this.topology.services[calleeService]!.name,
            instance: instanceName(this.topology, caller),
            detail: `circuit breaker in ${instanceName(this.topology, caller)} opened`,
          });
        }
      }
    }
    const parent = calls.parent[call] as number;
    if (error === 0) {
      metrics.successes[calleeService]++;
      const found = ((calls.flags[call] as number) & FOUND) !== 0;
      calls.mark(call, CALLER_DONE);
      this.childDone(parent, 0, found);
      return;
    }
    metrics.error(calleeService, error);
    edge.errors++;
    const policy = edge.retryPolicy;
    const attempt = calls.attempt[call] as number;
    if (
      attempt < policy.count &&
      !this.parentGone(parent) &&
      calls.list[call] >= 0 &&
      this.retryAllowed(edge)
    ) {
      let delay = 0;
      if (policy.backoff === 1) delay = policy.baseNs;
      else if (policy.backoff === 2) delay = Math.min(policy.maxNs, policy.baseNs * 2 ** attempt);
      if (policy.jitter && delay > 0) delay *= (this.services.retryRandom[edge.caller] as Random).uniform();
      calls.mark(call, RETRY_PENDING);
      this.kernel.schedule(now + Math.round(delay), EVENT.retry, call);
      return;
    }
    calls.mark(call, CALLER_DONE);
    this.childDone(parent, error, false);
  }

  /** Retry budget (Finagle-style token bucket per caller and callee service). */
  private retryAllowed(edge: Edge): boolean {
    if (edge.retryPolicy.budgetRatio < 0) return true;
    if (edge.retryTokens < 1) return false;
    edge.retryTokens--;
    return true;
  }

  /** The breaker in `caller` in front of `calleeService`, made on first use. */
  private breakerFor(caller: number, calleeService: number, settings: BreakerSettings): CircuitBreakerState {
    const key = caller * this.services.count + calleeService;
    let breaker = this.breakers.get(key);
    if (!breaker) {
      breaker = new CircuitBreakerState(settings);
      this.breakers.set(key, breaker);
    }
    return breaker;
  }

  private childDone(parent: number, error: number, found: boolean): void {
    (this.parents as ChildListener).childDone(parent, error, found);
  }
}
