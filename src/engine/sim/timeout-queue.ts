/**
 * Timeouts that all have the same length expire in the order they were set, so they need no heap:
 * a FIFO ring of (call, generation, expiry) per timeout length, with one kernel event for its
 * earliest live entry. Most calls are answered long before their timeout; an entry does not hold
 * its call's slot (the slot is freed and reused as soon as the call is over, which keeps the call
 * table small and hot in cache), so an entry whose slot's generation has moved on is stale and is
 * skipped in bulk when the queue's event fires. The kernel sees a handful of timer events instead
 * of one per call.
 */
export class TimeoutQueue {
  private calls = new Int32Array(256);
  private generations = new Int32Array(256);
  private expiries = new Float64Array(256);
  private head = 0;
  private size = 0;
  /** Whether a kernel event is scheduled for the head. */
  scheduled = false;

  get length(): number {
    return this.size;
  }

  push(call: number, generation: number, expiry: number): void {
    if (this.size === this.calls.length) this.grow();
    const slot = (this.head + this.size) & (this.calls.length - 1);
    this.calls[slot] = call;
    this.generations[slot] = generation;
    this.expiries[slot] = expiry;
    this.size++;
  }

  peekCall(): number {
    return this.calls[this.head] as number;
  }

  peekGeneration(): number {
    return this.generations[this.head] as number;
  }

  peekExpiry(): number {
    return this.expiries[this.head] as number;
  }

  /** Drops the head entry. */
  shift(): void {
    this.head = (this.head + 1) & (this.calls.length - 1);
    this.size--;
  }

  private grow(): void {
    const capacity = this.calls.length * 2;
    const calls = new Int32Array(capacity);
    const generations = new Int32Array(capacity);
    const expiries = new Float64Array(capacity);
    for (let index = 0; index < this.size; index++) {
      const slot = (this.head + index) & (this.calls.length - 1);
      calls[index] = this.calls[slot] as number;
      generations[index] = this.generations[slot] as number;
      expiries[index] = this.expiries[slot] as number;
    }
    this.calls = calls;
    this.generations = generations;
    this.expiries = expiries;
    this.head = 0;
  }
}
