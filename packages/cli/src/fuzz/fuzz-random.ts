/** The fuzzers' random source: mulberry32, so a (seed, target) pair replays exactly. */
export class FuzzRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 2^32). */
  uint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform integer in [0, n). */
  below(n: number): number {
    return n <= 0 ? 0 : this.uint32() % n;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)];
  }

  chance(p: number): boolean {
    return this.uint32() / 2 ** 32 < p;
  }
}

/** Values that break parsers: boundaries of every integer width, and a few oddities. */
export const INTERESTING_INTEGERS = [
  0,
  1,
  -1,
  2,
  7,
  8,
  16,
  127,
  128,
  255,
  256,
  32767,
  65535,
  65536,
  2 ** 31 - 1,
  2 ** 31,
  2 ** 32 - 1,
  2 ** 32,
  2 ** 53 - 1,
  2 ** 53 + 2,
  2 ** 63,
  -(2 ** 31),
  1e9,
];
