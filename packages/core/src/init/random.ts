/**
 * A seeded random stream that gives the same numbers on every JavaScript engine and platform.
 *
 * - Generator: xoshiro128** (Blackman & Vigna, https://prng.di.unimi.it/xoshiro128starstar.c),
 *   32-bit state words, seeded by splitmix32 so that small or similar seeds still give unrelated
 *   states. Only 32-bit integer operations (`Math.imul`, shifts, xor), which are exact everywhere.
 * - Uniform doubles in [0, 1) take 53 random bits from two outputs.
 * - Normals use Box-Muller. `Math.log`, `Math.cos` and `Math.sin` are implementation-approximated
 *   in ECMAScript (engines may differ in the last bit), so Box-Muller here uses the log and
 *   cos/sin from ./exact-math.ts, built only from + - * / which IEEE 754 rounds the same everywhere.
 */
import { cosSinOfTurns, naturalLog } from './exact-math.js';

/** splitmix32 step (a 32-bit variant of Steele, Lea & Flood's SplitMix): state advance + mix. */
export function splitmix32(state: number): { state: number; value: number } {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  z ^= z >>> 15;
  return { state: next, value: z >>> 0 };
}

/** Folds a string into a 32-bit seed (used to give every weight tensor its own stream). */
export function mixString(seed: number, text: string): number {
  let hash = seed | 0;
  for (let i = 0; i < text.length; i++) {
    hash = splitmix32(hash ^ text.charCodeAt(i)).value | 0;
  }
  return splitmix32(hash ^ text.length).value;
}

export class Random {
  private readonly s = new Uint32Array(4);
  private spareNormal: number | undefined;

  /** `seed` is any 32-bit value; use `mixString` to derive seeds for independent streams. */
  constructor(seed: number) {
    let state = seed | 0;
    for (let i = 0; i < 4; i++) {
      const step = splitmix32(state);
      state = step.state;
      this.s[i] = step.value;
    }
    // xoshiro's one bad state is all zeros; splitmix32 cannot give four zeros in a row, but be sure.
    if ((this.s[0] | this.s[1] | this.s[2] | this.s[3]) === 0) this.s[0] = 1;
  }

  /** A stream starting from a raw xoshiro128** state (for checking against reference vectors). */
  static fromState(words: [number, number, number, number]): Random {
    const random = new Random(0);
    random.s.set(words);
    return random;
  }

  /** Next 32-bit output of xoshiro128**. */
  nextUint32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  uniform(): number {
    const high = this.nextUint32() >>> 5; // 27 bits
    const low = this.nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** Uniform double in [min, max). */
  uniformIn(min: number, max: number): number {
    return min + (max - min) * this.uniform();
  }

  /** Standard normal (Box-Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.spareNormal !== undefined) {
      const spare = this.spareNormal;
      this.spareNormal = undefined;
      return spare;
    }
    const u1 = 1 - this.uniform(); // (0, 1]: log(0) never happens
    const u2 = this.uniform();
    const radius = Math.sqrt(-2 * naturalLog(u1));
    const [cos, sin] = cosSinOfTurns(u2);
    this.spareNormal = radius * sin;
    return radius * cos;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
