/**
 * Calls in flight, as parallel typed arrays recycled through a free list: one slot per call
 * attempt (and one pseudo-call per request at its entry). A slot is freed only when both sides
 * are done with it and no timer or retry still refers to it, so an event never sees a reused slot.
 */

export const NO_CALL = -1;

/**
 * Most calls in flight at once (slots of the table, about 110 bytes each: 2^22 is ~460 MB). A run
 * that needs more is overloaded — its queues grow without bound — and would otherwise take all
 * the memory there is before it ended.
 */
export const MAX_CALLS_IN_FLIGHT = 1 << 22;

/** Thrown by `CallTable.allocate` when a call would go beyond the table's limit. */
export class CallLimitError extends RangeError {
  override readonly name = 'CallLimitError';
  constructor(readonly limit: number) {
    super(`more than ${limit.toLocaleString('en-US')} calls in flight`);
  }
}

/** Flags of a call. */
export const CALL_FLAGS = {
  /** No response expected (replication). */
  oneWay: 1,
  /** The request is a write. */
  write: 2,
  /** The answer found the key. */
  found: 4,
  /** Part of a sampled trace. */
  sampled: 8,
  /** The caller is done with it. */
  callerDone: 16,
  /** The callee is done with it. */
  serverDone: 32,
  /** The caller stopped waiting. */
  timedOut: 64,
  /** A timeout event still refers to the slot. */
  timerPending: 128,
  /** Made on behalf of an entering request through first attempts only (for amplification). */
  original: 256,
  /** Answered by a circuit breaker's fallback. */
  fallback: 512,
  /** A retry event still refers to the slot. */
  retryPending: 1024,
  /** Lost to a dead instance (its caller will time out and blame the instance). */
  deadCallee: 2048,
  /** A response event still refers to the slot. */
  responsePending: 4096,
  /** The caller has learned the outcome of this attempt (answer or timeout). */
  resolved: 8192,
} as const;

const HELD = CALL_FLAGS.timerPending | CALL_FLAGS.retryPending | CALL_FLAGS.responsePending;
const BOTH_DONE = CALL_FLAGS.callerDone | CALL_FLAGS.serverDone;

export class CallTable {
  capacity = 0;
  parent = new Int32Array(0);
  caller = new Int32Array(0);
  callee = new Int32Array(0);
  calleeService = new Int32Array(0);
  entry = new Int32Array(0);
  clientSend = new Float64Array(0);
  serverReceive = new Float64Array(0);
  serverSend = new Float64Array(0);
  workStart = new Float64Array(0);
  deadline = new Float64Array(0);
  flags = new Uint16Array(0);
  error = new Uint8Array(0);
  attempt = new Uint8Array(0);
  step = new Int32Array(0);
  pending = new Int32Array(0);
  key = new Uint32Array(0);
  next = new Int32Array(0);
  trace = new Int32Array(0);
  span = new Int32Array(0);
  list = new Int32Array(0);
  epoch = new Int32Array(0);
  /** Index of the (caller service, callee service) edge. */
  edge = new Int32Array(0);
  /** Network locality between caller and callee: 0 same zone, 1 cross zone, 2 cross region. */
  locality = new Uint8Array(0);
  /**
   * Bumped each time a slot is freed, so that a reference kept outside the table (a timer in a
   * FIFO) can tell its call from a later one in the same slot without holding the slot.
   */
  generation = new Int32Array(0);
  private free = NO_CALL;
  /** Slots handed out so far (calls made, including entry pseudo-calls). */
  allocated = 0;

  /** `limit`: the most slots the table grows to (MAX_CALLS_IN_FLIGHT, lower in tests). */
  constructor(
    initialCapacity = 1024,
    private readonly limit = MAX_CALLS_IN_FLIGHT,
  ) {
    this.grow(Math.min(initialCapacity, limit));
  }

  allocate(): number {
    if (this.free === NO_CALL) {
      if (this.capacity >= this.limit) throw new CallLimitError(this.limit);
      this.grow(Math.min(this.capacity * 2, this.limit));
    }
    const call = this.free;
    this.free = this.next[call] as number;
    this.next[call] = NO_CALL;
    this.allocated++;
    return call;
  }

  /** Sets flags; frees the slot once both sides are done and nothing else refers to it. */
  mark(call: number, set: number, clear = 0): void {
    const flags = ((this.flags[call] as number) | set) & ~clear;
    this.flags[call] = flags;
    if ((flags & BOTH_DONE) === BOTH_DONE && (flags & HELD) === 0) {
      this.flags[call] = 0;
      this.generation[call]++;
      this.next[call] = this.free;
      this.free = call;
    }
  }

  private grow(capacity: number): void {
    const resize = <T extends Int32Array | Uint32Array | Float64Array | Uint8Array | Uint16Array>(
      array: T,
      make: (size: number) => T,
    ): T => {
      const next = make(capacity);
      next.set(array);
      return next;
    };
    this.parent = resize(this.parent, (size) => new Int32Array(size));
    this.caller = resize(this.caller, (size) => new Int32Array(size));
    this.callee = resize(this.callee, (size) => new Int32Array(size));
    this.calleeService = resize(this.calleeService, (size) => new Int32Array(size));
    this.entry = resize(this.entry, (size) => new Int32Array(size));
    this.clientSend = resize(this.clientSend, (size) => new Float64Array(size));
    this.serverReceive = resize(this.serverReceive, (size) => new Float64Array(size));
    this.serverSend = resize(this.serverSend, (size) => new Float64Array(size));
    this.workStart = resize(this.workStart, (size) => new Float64Array(size));
    this.deadline = resize(this.deadline, (size) => new Float64Array(size));
    this.flags = resize(this.flags, (size) => new Uint16Array(size));
    this.error = resize(this.error, (size) => new Uint8Array(size));
    this.attempt = resize(this.attempt, (size) => new Uint8Array(size));
    this.step = resize(this.step, (size) => new Int32Array(size));
    this.pending = resize(this.pending, (size) => new Int32Array(size));
    this.key = resize(this.key, (size) => new Uint32Array(size));
    this.next = resize(this.next, (size) => new Int32Array(size));
    this.trace = resize(this.trace, (size) => new Int32Array(size));
    this.span = resize(this.span, (size) => new Int32Array(size));
    this.list = resize(this.list, (size) => new Int32Array(size));
    this.epoch = resize(this.epoch, (size) => new Int32Array(size));
    this.edge = resize(this.edge, (size) => new Int32Array(size));
    this.locality = resize(this.locality, (size) => new Uint8Array(size));
    this.generation = resize(this.generation, (size) => new Int32Array(size));
    for (let slot = capacity - 1; slot >= this.capacity; slot--) {
      this.next[slot] = this.free;
      this.free = slot;
    }
    this.capacity = capacity;
  }
}
