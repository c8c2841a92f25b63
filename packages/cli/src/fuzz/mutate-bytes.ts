/** Format-blind byte mutations (the base every format-aware mutator falls back to). */
import { type FuzzRandom, INTERESTING_INTEGERS } from './fuzz-random.js';

/** One mutation of `input`, biased towards the first `hot` bytes where headers live. */
export function mutateBytes(input: Uint8Array, random: FuzzRandom, hot = input.length): Uint8Array {
  const bytes = input.slice();
  if (bytes.length === 0) return Uint8Array.of(random.below(256));
  const at = () => random.below(random.chance(0.7) ? Math.min(hot, bytes.length) : bytes.length);
  switch (random.below(8)) {
    case 0: {
      const i = at();
      bytes[i] ^= 1 << random.below(8);
      return bytes;
    }
    case 1: {
      const i = at();
      bytes[i] = random.pick([0, 0xff, 0x7f, 0x80, 0x01, random.below(256)]);
      return bytes;
    }
    case 2: {
      // An interesting integer written over 1, 2, 4 or 8 bytes, either byte order.
      const width = random.pick([1, 2, 4, 8]);
      const i = Math.min(at(), Math.max(0, bytes.length - width));
      let value = BigInt.asUintN(64, BigInt(Math.trunc(random.pick(INTERESTING_INTEGERS))));
      const little = random.chance(0.8);
      for (let b = 0; b < width && i + b < bytes.length; b++) {
        bytes[little ? i + b : i + width - 1 - b] = Number(value & 0xffn);
        value >>= 8n;
      }
      return bytes;
    }
    case 3:
      return bytes.subarray(0, random.below(bytes.length)).slice();
    case 4: {
      // Delete a range.
      const i = at();
      const n = 1 + random.below(Math.min(64, bytes.length - i));
      const out = new Uint8Array(bytes.length - n);
      out.set(bytes.subarray(0, i));
      out.set(bytes.subarray(i + n), i);
      return out;
    }
    case 5: {
      // Duplicate a range in place (repeated structures).
      const i = at();
      const n = 1 + random.below(Math.min(64, bytes.length - i));
      const out = new Uint8Array(bytes.length + n);
      out.set(bytes.subarray(0, i + n));
      out.set(bytes.subarray(i), i + n);
      return out;
    }
    case 6: {
      // Insert random bytes.
      const i = at();
      const n = 1 + random.below(16);
      const out = new Uint8Array(bytes.length + n);
      out.set(bytes.subarray(0, i));
      for (let k = 0; k < n; k++) out[i + k] = random.below(256);
      out.set(bytes.subarray(i), i + n);
      return out;
    }
    default: {
      // Copy one range over another (splices a header into data and back).
      const from = at();
      const to = at();
      const n = 1 + random.below(Math.min(32, bytes.length - Math.max(from, to)));
      bytes.copyWithin(to, from, from + n);
      return bytes;
    }
  }
}
