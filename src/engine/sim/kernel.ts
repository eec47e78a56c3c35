/**
 * The kernel, as SimPy has it: a clock and a future-event list, and nothing about microservices.
 * Everything else in a run (calls, packages, failures, autoscaling) is a handler of the events
 * it schedules here.
 *
 * Time is simulated in integer nanoseconds held in float64 (exact up to 104 days). An event is
 * three numbers — its time, its kind and an integer argument (a call slot, an instance, an
 * index) — kept in typed arrays, so scheduling one allocates nothing. Events at the same time run
 * in the order they were scheduled (the queue is keyed by time, then sequence), which is what
 * makes a run reproducible bit for bit.
 */
import { EventQueue, QUEUE_EMPTY } from './event-queue.ts';

/** The kinds of event a run schedules (at most 16: the queue packs a kind into 4 bits). */
export const EVENT = {
  /** An entry instance's next request arrives (argument: the entry's index). */
  arrival: 0,
  /** A call reaches its callee instance (argument: the call's slot). */
  callArrive: 1,
  /** A callee finishes its own work on a call (argument: the call's slot). */
  workDone: 2,
  /** An answer reaches the caller (argument: the call's slot). */
  responseArrive: 3,
  /** A timer of non-standard length expires (argument: the call's slot). */
  timeout: 4,
  /** A retry's backoff is over (argument: the failed attempt's slot). */
  retry: 5,
  /** A failure starts or ends (argument: failure index × 2, + 1 for its end). */
  failure: 6,
  /** Discovery catches up with an instance's state (argument: the instance). */
  routingChange: 7,
  /** An autoscaling group's replacement comes up (argument: the instance). */
  replace: 8,
  /** The earliest timer of an edge's timer FIFO is due (argument: the edge's index). */
  timeoutQueue: 9,
  /** A reactive autoscaler looks at utilisation (argument: the autoscaler's index). */
  autoscale: 10,
  /** An instance the autoscaler started is up (argument: the instance). */
  activate: 11,
} as const;

/** Handles the events the kernel pops, one at a time, in (time, sequence) order. */
export interface EventHandler {
  handle(kind: number, argument: number): void;
}

export class Kernel {
  /** The simulated time of the event being handled (ns). */
  now = 0;
  /** Events handled so far. */
  events = 0;
  /** Set by `stop`: the run is over even though events remain (SimPy's StopSimulation). */
  private stopped = false;
  private readonly queue = new EventQueue(4096);
  /**
   * `second()`'s answer, and the time up to which it holds for sure (see there). NOTE: starts as
   * a fraction so that V8 keeps the field as a double from the start: a field that starts as a
   * small integer and later holds 3 × 10⁹ changes representation, which deoptimizes every
   * function that reads the kernel.
   */
  private cachedSecond = 0;
  private secondHoldsBefore = 1e9 - 0.5;

  /** Schedules an event of `kind` at `time` (ns, not before now). */
  schedule(time: number, kind: number, argument: number): void {
    this.queue.push(time, kind, argument);
  }

  /**
   * The whole simulated second now falls in, ⌊now ÷ 10⁹⌋, as the timelines bucket events. Cached:
   * time never goes back, and a quotient below s + 1 − 10⁻⁹ cannot round up to s + 1 (the ulp of
   * numbers below 2²² is smaller than that, and a run lasts at most a day), so until 1 ns before
   * the next second the answer stands; near and past it, it is computed again.
   */
  second(): number {
    const now = this.now;
    if (now < this.secondHoldsBefore) return this.cachedSecond;
    const second = Math.floor(now / 1e9);
    this.cachedSecond = second;
    this.secondHoldsBefore = (second + 1) * 1e9 - 1;
    return second;
  }

  /** Ends the run after the event being handled. */
  stop(): void {
    this.stopped = true;
  }

  /**
   * Handles up to `maxEvents` events; returns the time the run ended at, or -1 while it goes on.
   * The run ends when `stop` was called or no event is left (at the last event's time), or when
   * the next event lies beyond `until` (at `until`): timers and one-way messages still queued
   * after the last request finished do not extend a run.
   */
  run(until: number, maxEvents: number, handler: EventHandler): number {
    const queue = this.queue;
    let remaining = maxEvents;
    while (remaining-- > 0) {
      if (this.stopped) return this.now;
      const time = queue.popUntil(until);
      if (time < 0) return time === QUEUE_EMPTY ? this.now : until;
      this.now = time;
      this.events++;
      handler.handle(queue.poppedKind, queue.poppedArg);
    }
    return -1;
  }
}
