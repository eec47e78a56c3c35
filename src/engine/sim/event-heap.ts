/**
 * A heap of events keyed by (time, sequence) as SimPy's is, so events at the same time come out
 * in the order they were scheduled. It is a 4-ary heap (half the depth of a binary one, which
 * matters more than the extra comparisons) kept in parallel typed arrays with no object per
 * event: time in ns, sequence number, and a payload (./event-queue.ts packs an event's kind and
 * argument into it). The kernel's queue keeps its far-future events here.
 */
export class EventHeap {
  private times: Float64Array;
  private sequences: Float64Array;
  private payloads: Int32Array;
  private count = 0;
  /** The payload of the event `pop` returned last. */
  poppedPayload = 0;

  constructor(capacity = 1024) {
    this.times = new Float64Array(capacity);
    this.sequences = new Float64Array(capacity);
    this.payloads = new Int32Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Time of the earliest event; Infinity when empty. */
  peekTime(): number {
    return this.count === 0 ? Number.POSITIVE_INFINITY : (this.times[0] as number);
  }

  /** Sequence number of the earliest event (call only when not empty). */
  peekSequence(): number {
    return this.sequences[0] as number;
  }

  /** Adds an event; `sequence` orders events of equal time (smaller first) and is unique. */
  push(time: number, sequence: number, payload: number): void {
    if (this.count === this.times.length) this.grow();
    const { times, sequences, payloads } = this;
    let index = this.count++;
    while (index > 0) {
      const parent = (index - 1) >> 2;
      const parentTime = times[parent] as number;
      if (parentTime < time || (parentTime === time && (sequences[parent] as number) < sequence)) break;
      times[index] = parentTime;
      sequences[index] = sequences[parent] as number;
      payloads[index] = payloads[parent] as number;
      index = parent;
    }
    times[index] = time;
    sequences[index] = sequence;
    payloads[index] = payload;
  }

  /** Removes the earliest event; returns its time, with its payload in poppedPayload. */
  pop(): number {
    const { times, sequences, payloads } = this;
    const time = times[0] as number;
    this.poppedPayload = payloads[0] as number;
    const last = --this.count;
    if (last === 0) return time;
    const movingTime = times[last] as number;
    const movingSequence = sequences[last] as number;
    const movingPayload = payloads[last] as number;
    let index = 0;
    for (;;) {
      const first = 4 * index + 1;
      if (first >= last) break;
      // The smallest of up to four children.
      let child = first;
      let childTime = times[first] as number;
      let childSequence = sequences[first] as number;
      const end = first + 4 < last ? first + 4 : last;
      for (let candidate = first + 1; candidate < end; candidate++) {
        const candidateTime = times[candidate] as number;
        if (
          candidateTime < childTime ||
          (candidateTime === childTime && (sequences[candidate] as number) < childSequence)
        ) {
          child = candidate;
          childTime = candidateTime;
          childSequence = sequences[candidate] as number;
        }
      }
      if (movingTime < childTime || (movingTime === childTime && movingSequence < childSequence)) break;
      times[index] = childTime;
      sequences[index] = childSequence;
      payloads[index] = payloads[child] as number;
      index = child;
    }
    times[index] = movingTime;
    sequences[index] = movingSequence;
    payloads[index] = movingPayload;
    return time;
  }

  private grow(): void {
    const capacity = this.times.length * 2;
    const times = new Float64Array(capacity);
    times.set(this.times);
    const sequences = new Float64Array(capacity);
    sequences.set(this.sequences);
    const payloads = new Int32Array(capacity);
    payloads.set(this.payloads);
    this.times = times;
    this.sequences = sequences;
    this.payloads = payloads;
  }
}
