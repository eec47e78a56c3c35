/**
 * Lists of instance indexes that a call picks from at random (routing's candidate lists, the
 * token rings), kept as arithmetic runs where they are made of a few: a zone's instances of a
 * service are every third instance (spigo deals them round-robin over the zones), so a list of
 * 3,200 candidates is one run (first, stride) and `at` computes its member instead of reading it.
 * At 100,000 instances the lists hold megabytes, and reading one member at random is a cache miss
 * per call. A list of more than MAX_RUNS runs stays an array. `at(list, i)` equals `list[i]`
 * either way, so a run picks exactly the same instances.
 */

const MAX_RUNS = 4;

export class IndexLists {
  /** The lists as given (read for lists kept as arrays). */
  readonly arrays: Int32Array[] = [];
  /** Per list: its length, its first run and its number of runs (0: read the array). */
  private lengthOf = new Int32Array(16);
  private firstRunOf = new Int32Array(16);
  private runCountOf = new Int32Array(16);
  /** Per run: the list index it starts at, its first value and its stride. */
  private offsets = new Int32Array(16);
  private values = new Int32Array(16);
  private strides = new Int32Array(16);
  private runs = 0;

  /** Adds a list; its id. */
  add(list: Int32Array): number {
    const id = this.arrays.length;
    this.arrays.push(list);
    if (id >= this.lengthOf.length) {
      this.lengthOf = grown(this.lengthOf);
      this.firstRunOf = grown(this.firstRunOf);
      this.runCountOf = grown(this.runCountOf);
    }
    this.lengthOf[id] = list.length;
    this.firstRunOf[id] = this.runs;
    const runs = arithmeticRuns(list) ?? [];
    this.runCountOf[id] = runs.length;
    for (const [offset, value, stride] of runs) {
      if (this.runs >= this.offsets.length) {
        this.offsets = grown(this.offsets);
        this.values = grown(this.values);
        this.strides = grown(this.strides);
      }
      this.offsets[this.runs] = offset;
      this.values[this.runs] = value;
      this.strides[this.runs] = stride;
      this.runs++;
    }
    return id;
  }

  length(id: number): number {
    return this.lengthOf[id] as number;
  }

  /** The list's member at `index` (0 ≤ index < length). */
  at(id: number, index: number): number {
    const count = this.runCountOf[id] as number;
    if (count === 0) return (this.arrays[id] as Int32Array)[index] as number;
    let run = this.firstRunOf[id] as number;
    const last = run + count - 1;
    const offsets = this.offsets;
    while (run < last && index >= (offsets[run + 1] as number)) run++;
    return (this.values[run] as number) + (index - (offsets[run] as number)) * (this.strides[run] as number);
  }
}

function grown(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const next = new Int32Array(array.length * 2);
  next.set(array);
  return next;
}

/** The list as at most MAX_RUNS arithmetic runs [offset, first value, stride], or null. */
function arithmeticRuns(list: Int32Array): [number, number, number][] | null {
  const runs: [number, number, number][] = [];
  let start = 0;
  while (start < list.length) {
    if (runs.length === MAX_RUNS) return null;
    const value = list[start] as number;
    const stride = start + 1 < list.length ? (list[start + 1] as number) - value : 1;
    let end = start + 1;
    while (end < list.length && (list[end] as number) - (list[end - 1] as number) === stride) end++;
    runs.push([start, value, stride]);
    start = end;
  }
  return runs;
}
