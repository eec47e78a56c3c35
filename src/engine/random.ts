/**
 * Seeded pseudo-random numbers: xoshiro128** (Blackman & Vigna), 32-bit state words so that every
 * step is plain 32-bit integer arithmetic in JavaScript. Streams are derived from (seed, purpose)
 * by hashing the purpose name, so each service's numbers depend only on its own name and the seed:
 * adding a service does not reshuffle the random numbers of every other one.
 */

/** FNV-1a hash of a string to 32 bits. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** splitmix32: expands one 32-bit seed into well-mixed state words. */
function splitmix32(state: { value: number }): number {
  state.value = (state.value + 0x9e3779b9) | 0;
  let z = state.value;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

const TWO_TO_32 = 4294967296;

/** Ziggurat tables for the standard normal (Marsaglia & Tsang 2000, 128 layers). */
const ZIGGURAT_R = 3.442619855899;
const ZIGGURAT_K = new Float64Array(128);
const ZIGGURAT_W = new Float64Array(128);
const ZIGGURAT_F = new Float64Array(128);
{
  const m1 = 2147483648;
  const area = 9.91256303526217e-3;
  let d = ZIGGURAT_R;
  let t = d;
  const q = area / Math.exp(-0.5 * d * d);
  ZIGGURAT_K[0] = (d / q) * m1;
  ZIGGURAT_K[1] = 0;
  ZIGGURAT_W[0] = q / m1;
  ZIGGURAT_W[127] = d / m1;
  ZIGGURAT_F[0] = 1;
  ZIGGURAT_F[127] = Math.exp(-0.5 * d * d);
  for (let layer = 126; layer >= 1; layer--) {
    d = Math.sqrt(-2 * Math.log(area / d + Math.exp(-0.5 * d * d)));
    ZIGGURAT_K[layer + 1] = (d / t) * m1;
    t = d;
    ZIGGURAT_F[layer] = Math.exp(-0.5 * d * d);
    ZIGGURAT_W[layer] = d / m1;
  }
}

export class Random {
  /**
   * xoshiro128**'s four state words. NOTE: an Int32Array rather than four number fields: the
   * words are used as 32-bit integers only (every operation on them converts to int32 first), so
   * storing them as int32 changes no output, and it spares the hot path the conversions of
   * fields that would otherwise hold unsigned values above 2^31 as heap numbers.
   */
  private readonly state = new Int32Array(4);

  constructor(seed: number) {
    const seeds = { value: seed | 0 };
    const state = this.state;
    state[0] = splitmix32(seeds);
    state[1] = splitmix32(seeds);
    state[2] = splitmix32(seeds);
    state[3] = splitmix32(seeds);
    if ((state[0] | state[1] | state[2] | state[3]) === 0) state[0] = 1;
  }

  /** A stream for one purpose ("service:homepage", "arrivals:www"), independent of all others. */
  static stream(seed: number, purpose: string): Random {
    return new Random((Math.imul(seed ^ 0x5bd1e995, 0x27d4eb2d) ^ hashString(purpose)) >>> 0);
  }

  /** Next 32-bit unsigned integer. */
  nextUint32(): number {
    const state = this.state;
    const a = state[0] as number;
    const b = state[1] as number;
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    const c = (state[2] as number) ^ a;
    const d = (state[3] as number) ^ b;
    state[1] = b ^ c;
    state[0] = a ^ d;
    state[2] = c ^ t;
    state[3] = rotl(d, 11);
    return result;
  }

  /** Uniform in the open interval (0, 1), never exactly 0 or 1. */
  uniform(): number {
    return (this.nextUint32() + 0.5) / TWO_TO_32;
  }

  /** Uniform integer in [0, bound). */
  below(bound: number): number {
    return Math.floor(this.uniform() * bound);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return p >= 1 || (p > 0 && this.uniform() < p);
  }

  /**
   * Standard normal deviate: Marsaglia & Tsang's ziggurat (128 layers). About 99 % of draws take
   * one 32-bit number, a table lookup and a comparison; the rest fall back to exact sampling of
   * the wedge or the tail. The layer comes from the low 7 bits of the same number, a correlation
   * confined to the last bits of the result.
   */
  normal(): number {
    const hz = this.nextUint32() | 0;
    const iz = hz & 127;
    if (Math.abs(hz) < (ZIGGURAT_K[iz] as number)) return hz * (ZIGGURAT_W[iz] as number);
    return this.normalSlow(hz, iz);
  }

  private normalSlow(firstHz: number, firstIz: number): number {
    let hz = firstHz;
    let iz = firstIz;
    for (;;) {
      const x = hz * (ZIGGURAT_W[iz] as number);
      if (iz === 0) {
        // The tail beyond the base layer (Marsaglia 1964).
        let tail: number;
        let y: number;
        do {
          tail = -Math.log(this.uniform()) / ZIGGURAT_R;
          y = -Math.log(this.uniform());
        } while (y + y < tail * tail);
        return hz > 0 ? ZIGGURAT_R + tail : -ZIGGURAT_R - tail;
      }
      const lower = ZIGGURAT_F[iz] as number;
      if (lower + this.uniform() * ((ZIGGURAT_F[iz - 1] as number) - lower) < Math.exp(-0.5 * x * x))
        return x;
      hz = this.nextUint32() | 0;
      iz = hz & 127;
      if (Math.abs(hz) < (ZIGGURAT_K[iz] as number)) return hz * (ZIGGURAT_W[iz] as number);
    }
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    return -Math.log(this.uniform()) * mean;
  }
}

function rotl(value: number, shift: number): number {
  return (value << shift) | (value >>> (32 - shift));
}
