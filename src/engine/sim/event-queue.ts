/**
 * The kernel's future-event list, keyed by (time, sequence) as SimPy's heap is, so events at the
 * same time run in the order they were scheduled — but most events are due within milliseconds
 * (a network hop, a service time), and a heap pays log(n) for each of them. So the near future
 * is a timer wheel: buckets of WIDTH_NS each, covering BUCKETS × WIDTH_NS (33.5 ms) from the
 * current time, each bucket a short list kept in (time, sequence) order, with a bitmap of the
 * buckets in use to find the next one. Events due later — timers of seconds, autoscaler looks,
 * failures, cross-region hops — go to a 4-ary heap (./event-heap.ts). `pop` takes the earlier of the wheel's first
 * event and the heap's, comparing (time, sequence), so the order is exactly the heap's alone
 * (test/engine/event-queue.test.ts checks it against the heap).
 *
 * No object per event: times, sequences and payloads (the kind in the low 4 bits, the argument
 * above) live in typed arrays, and wheel entries are recycled through a free list.
 */
import { EventHeap } from './event-heap.ts';

const KIND_BITS = 4;
const KIND_MASK = (1 << KIND_BITS) - 1;

/**
 * Bucket width: 1,024 ns. A power of two, so that a time's slot is an exact division. NOTE: was
 * 4,096 ns × 16,384 buckets (67 ms); 1,024 ns × 32,768 runs 3 % faster at 65 and at 100,802
 * instances (netflixoss, side by side, six and four rounds): fewer events land in a bucket that
 * holds a later one (an insertion instead of an append), and the arrays stay small. 1,024 × 65,536
 * (67 ms again) gained at 65 instances only, 1,024 × 16,384 and 512 ns nothing more.
 */
const WIDTH_NS = 1024;
const INVERSE_WIDTH = 1 / WIDTH_NS;
const BUCKET_BITS = 15;
const BUCKETS = 1 << BUCKET_BITS;
/** How far ahead of the current time the wheel reaches (ns); later events go to the heap. */
export const WHEEL_SPAN_NS = BUCKETS * WIDTH_NS;
const BUCKET_MASK = BUCKETS - 1;
const WORD_MASK = (BUCKETS >> 5) - 1;
const NONE = -1;

/** What `popUntil` returns when no event is left. */
export const QUEUE_EMPTY = -1;
/** What `popUntil` returns when the earliest event lies beyond its limit. */
export const QUEUE_LATER = -2;

export class EventQueue {
  // Wheel entries: a pool of nodes linked into their bucket's list.
  private times: Float64Array;
  private sequences: Float64Array;
  private payloads: Int32Array;
  private links: Int32Array;
  private free = NONE;
  private readonly heads = new Int32Array(BUCKETS).fill(NONE);
  private readonly tails = new Int32Array(BUCKETS).fill(NONE);
  /** One bit per bucket that holds entries. */
  private readonly occupied = new Int32Array(BUCKETS >> 5);
  private wheelCount = 0;
  /** The slot (time ÷ WIDTH_NS, rounded down) of the last event popped: the wheel starts there. */
  private cursor = 0;
  /**
   * The bucket holding the wheel's earliest entry, and its slot (NONE: look again). Kept up to
   * date by push, which only has to compare slots; found again by `locate` when it empties.
   */
  private located = NONE;
  private locatedSlot = 0;
  private readonly far = new EventHeap(256);
  /**
   * The far heap's earliest time (Infinity when empty), kept here so that a pop compares one
   * number rather than asking the heap: far events are few and change rarely.
   */
  private farTime = Number.POSITIVE_INFINITY;
  private nextSequence = 0;
  /** Kind and argument of the event `pop` returned last. */
  poppedKind = 0;
  poppedArg = 0;

  constructor(capacity = 1024) {
    this.times = new Float64Array(capacity);
    this.sequences = new Float64Array(capacity);
    this.payloads = new Int32Array(capacity);
    this.links = new Int32Array(capacity);
    this.release(0, capacity);
  }

  get size(): number {
    return this.wheelCount + this.far.size;
  }

  /** Schedules an event at `time` (ns, not before the last event popped); `kind` < 16, `arg` a non-negative 27-bit integer. */
  push(time: number, kind: number, arg: number): void {
    const sequence = this.nextSequence++;
    const payload = (arg << KIND_BITS) | kind;
    const slot = Math.floor(time * INVERSE_WIDTH);
    const ahead = slot - this.cursor;
    const node = this.free;
    // NOTE: the common cases here, the rest in pushRarely, so that this stays small enough for
    // the compiler to inline into every caller.
    if (ahead >= 0 && ahead < BUCKETS && node !== NONE) {
      // NOTE: `slot & BUCKET_MASK` converts the slot to int32 first, which keeps its low bits.
      const bucket = slot & BUCKET_MASK;
      const tails = this.tails;
      const tail = tails[bucket] as number;
      const times = this.times;
      if (tail === NONE || (times[tail] as number) <= time) {
        const links = this.links;
        this.free = links[node] as number;
        times[node] = time;
        this.sequences[node] = sequence;
        this.payloads[node] = payload;
        links[node] = NONE;
        tails[bucket] = node;
        if (tail !== NONE) {
          // Later than (or as late as, but scheduled after) everything in its bucket, which is
          // not the earliest bucket's predecessor: the earliest bucket stays the earliest.
          links[tail] = node;
          this.wheelCount++;
          return;
        }
        this.heads[bucket] = node;
        this.occupied[bucket >> 5] = (this.occupied[bucket >> 5] as number) | (1 << (bucket & 31));
        if (this.wheelCount++ === 0 || (this.located !== NONE && slot < this.locatedSlot)) {
          this.located = bucket;
          this.locatedSlot = slot;
        }
        return;
      }
    }
    this.pushRarely(time, sequence, payload, slot);
  }

  /** The rest of push: far events, a full pool, and an event earlier than others in its bucket. */
  private pushRarely(time: number, sequence: number, payload: number, slot: number): void {
    const ahead = slot - this.cursor;
    if (ahead < 0 || ahead >= BUCKETS) {
      this.far.push(time, sequence, payload);
      if (time < this.farTime) this.farTime = time;
      return;
    }
    if (this.free === NONE) this.grow();
    const node = this.free;
    const links = this.links;
    const times = this.times;
    this.free = links[node] as number;
    times[node] = time;
    this.sequences[node] = sequence;
    this.payloads[node] = payload;
    links[node] = NONE;
    const bucket = slot & BUCKET_MASK;
    if (this.wheelCount++ === 0 || (this.located !== NONE && slot < this.locatedSlot)) {
      this.located = bucket;
      this.locatedSlot = slot;
    }
    const tail = this.tails[bucket] as number;
    if (tail === NONE) {
      this.heads[bucket] = node;
      this.tails[bucket] = node;
      this.occupied[bucket >> 5] = (this.occupied[bucket >> 5] as number) | (1 << (bucket & 31));
      return;
    }
    if ((times[tail] as number) <= time) {
      links[tail] = node;
      this.tails[bucket] = node;
      return;
    }
    let previous = NONE;
    let current = this.heads[bucket] as number;
    while (current !== NONE && (times[current] as number) <= time) {
      previous = current;
      current = links[current] as number;
    }
    links[node] = current;
    if (previous === NONE) this.heads[bucket] = node;
    else links[previous] = node;
  }

  /** Time of the earliest event; Infinity when empty. */
  peekTime(): number {
    if (this.wheelCount === 0) return this.farTime;
    const node = this.heads[this.locate()] as number;
    const time = this.times[node] as number;
    const farTime = this.farTime;
    if (farTime < time || (farTime === time && this.far.peekSequence() < (this.sequences[node] as number)))
      return farTime;
    return time;
  }

  /** Removes the earliest event; returns its time, with its kind and argument in poppedKind/poppedArg. */
  pop(): number {
    return this.popUntil(Number.POSITIVE_INFINITY);
  }

  /**
   * Removes the earliest event if it is due by `until` (ns): returns its time, with its kind and
   * argument in poppedKind/poppedArg; else QUEUE_EMPTY or QUEUE_LATER, and nothing changes. One
   * look for the earliest event, where peekTime and pop would take two.
   */
  popUntil(until: number): number {
    const farTime = this.farTime;
    if (this.wheelCount !== 0) {
      const bucket = this.located !== NONE ? this.located : this.locate();
      const node = this.heads[bucket] as number;
      const time = this.times[node] as number;
      if (
        time < farTime ||
        (time === farTime && (this.sequences[node] as number) < this.far.peekSequence())
      ) {
        if (time > until) return QUEUE_LATER;
        const links = this.links;
        const payload = this.payloads[node] as number;
        const next = links[node] as number;
        this.heads[bucket] = next;
        if (next === NONE) {
          this.tails[bucket] = NONE;
          this.occupied[bucket >> 5] = (this.occupied[bucket >> 5] as number) & ~(1 << (bucket & 31));
          this.located = NONE;
        }
        links[node] = this.free;
        this.free = node;
        this.wheelCount--;
        this.poppedKind = payload & KIND_MASK;
        this.poppedArg = payload >>> KIND_BITS;
        // The bucket's slot: every wheel entry lies at or after the cursor, so it only moves on.
        this.cursor = this.locatedSlot;
        return time;
      }
    } else if (farTime === Number.POSITIVE_INFINITY) {
      return QUEUE_EMPTY;
    }
    if (farTime > until) return QUEUE_LATER;
    return this.popFar();
  }

  /** Removes the far heap's earliest event (the earliest of all); returns its time. */
  private popFar(): number {
    const far = this.far;
    const time = this.farTime;
    far.pop();
    this.farTime = far.peekTime();
    const payload = far.poppedPayload;
    this.poppedKind = payload & KIND_MASK;
    this.poppedArg = payload >>> KIND_BITS;
    const slot = Math.floor(time * INVERSE_WIDTH);
    if (slot > this.cursor) this.cursor = slot;
    return time;
  }

  /**
   * The first bucket in use at or after the cursor's (wrapping around), and its slot: every wheel
   * entry lies within BUCKETS slots of the cursor, so that bucket holds the wheel's earliest entry.
   */
  private locate(): number {
    const occupied = this.occupied;
    const cursor = this.cursor;
    const start = cursor & BUCKET_MASK;
    let word = start >> 5;
    let bits = (occupied[word] as number) & (-1 << (start & 31));
    while (bits === 0) {
      word = (word + 1) & WORD_MASK;
      bits = occupied[word] as number;
    }
    const bucket = (word << 5) + (31 - Math.clz32(bits & -bits));
    this.located = bucket;
    this.locatedSlot = cursor + ((bucket - start) & BUCKET_MASK);
    return bucket;
  }

  /** Puts nodes [from, to) on the free list. */
  private release(from: number, to: number): void {
    for (let node = to - 1; node >= from; node--) {
      this.links[node] = this.free;
      this.free = node;
    }
  }

  private grow(): void {
    const capacity = this.times.length * 2;
    const times = new Float64Array(capacity);
    times.set(this.times);
    const sequences = new Float64Array(capacity);
    sequences.set(this.sequences);
    const payloads = new Int32Array(capacity);
    payloads.set(this.payloads);
    const links = new Int32Array(capacity);
    links.set(this.links);
    const from = this.times.length;
    this.times = times;
    this.sequences = sequences;
    this.payloads = payloads;
    this.links = links;
    this.release(from, capacity);
  }
}
