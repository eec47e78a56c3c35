/**
 * The kernel's future-event list: a binary heap keyed by (time, sequence) as SimPy does it, so
 * events at the same time run in the order they were scheduled. Kept in parallel typed arrays (no
 * object per event): time in ns, sequence number, event kind and one integer argument.
 */
export class EventQueue {
  private times: Float64Array;
  private sequences: Float64Array;
  private kinds: Uint8Array;
  private args: Int32Array;
  private count = 0;
  private nextSequence = 0;

  constructor(capacity = 1024) {
    this.times = new Float64Array(capacity);
    this.sequences = new Float64Array(capacity);
    this.kinds = new Uint8Array(capacity);
    this.args = new Int32Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Time of the earliest event; Infinity when empty. */
  peekTime(): number {
    return this.count === 0 ? Number.POSITIVE_INFINITY : (this.times[0] as number);
  }

  push(time: number, kind: number, arg: number): void {
    if (this.count === this.times.length) this.grow();
    const sequence = this.nextSequence++;
    // Sift up: move parents down until the slot fits.
    let index = this.count++;
    const { times, sequences, kinds, args } = this;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const parentTime = times[parent] as number;
      if (parentTime < time || (parentTime === time && (sequences[parent] as number) < sequence)) break;
      times[index] = parentTime;
      sequences[index] = sequences[parent] as number;
      kinds[index] = kinds[parent] as number;
      args[index] = args[parent] as number;
      index = parent;
    }
    times[index] = time;
    sequences[index] = sequence;
    kinds[index] = kind;
    args[index] = arg;
  }

  /** Kind and argument of the earliest event are left in `poppedKind`/`poppedArg`; returns its time. */
  poppedKind = 0;
  poppedArg = 0;

  pop(): number {
    const { times, sequences, kinds, args } = this;
    const time = times[0] as number;
    this.poppedKind = kinds[0] as number;
    this.poppedArg = args[0] as number;
    const last = --this.count;
    if (last === 0) return time;
    const movingTime = times[last] as number;
    const movingSequence = sequences[last] as number;
    const movingKind = kinds[last] as number;
    const movingArg = args[last] as number;
    let index = 0;
    const half = last >> 1;
    while (index < half) {
      let child = 2 * index + 1;
      const right = child + 1;
      if (
        right < last &&
        ((times[right] as number) < (times[child] as number) ||
          ((times[right] as number) === (times[child] as number) &&
            (sequences[right] as number) < (sequences[child] as number)))
      ) {
        child = right;
      }
      const childTime = times[child] as number;
      if (
        movingTime < childTime ||
        (movingTime === childTime && movingSequence < (sequences[child] as number))
      )
        break;
      times[index] = childTime;
      sequences[index] = sequences[child] as number;
      kinds[index] = kinds[child] as number;
      args[index] = args[child] as number;
      index = child;
    }
    times[index] = movingTime;
    sequences[index] = movingSequence;
    kinds[index] = movingKind;
    args[index] = movingArg;
    return time;
  }

  private grow(): void {
    const capacity = this.times.length * 2;
    const grow = <T extends Float64Array | Uint8Array | Int32Array>(
      array: T,
      make: (size: number) => T,
    ): T => {
      const next = make(capacity);
      next.set(array);
      return next;
    };
    this.times = grow(this.times, (size) => new Float64Array(size));
    this.sequences = grow(this.sequences, (size) => new Float64Array(size));
    this.kinds = grow(this.kinds, (size) => new Uint8Array(size));
    this.args = grow(this.args, (size) => new Int32Array(size));
  }
}
