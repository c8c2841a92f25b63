/**
 * The blocked product itself (csrc/gemm.c), on shapes that reach every edge of its blocks: k odd
 * (the single-row kernel takes two steps of k at a time and one more at the end), n not a
 * multiple of the 16-column panels, m = 5 (one 4-row block, then one single row). Two promises:
 * every output is within float32 rounding of the float64 product, and a row computed by the
 * single-row kernel has exactly the bits of the same row in a 4-row block (streaming one step at
 * a time gives the joined run exactly because of this), in either panel order.
 */
import { describe, expect, it } from 'vitest';
import { instantiateKernels, kernelModule } from './kernels.js';
import { MemoryArena } from './memory-arena.js';

const PANEL = 16;

async function setup() {
  const memory = new WebAssembly.Memory({ initial: 2, maximum: 256 });
  const kernels = instantiateKernels(await kernelModule(), memory);
  return { kernels, arena: new MemoryArena(memory, kernels.__heap_base.value as number) };
}

/** Deterministic values in [-1, 1) with float32 precision (no seeds shared with other tests). */
function values(count: number, salt: number): Float32Array {
  return Float32Array.from({ length: count }, (_, i) => Math.fround(Math.sin(i * 12.9898 + salt)));
}

describe('gemm', () => {
  for (const [k, n] of [
    [37, 45],
    [256, 96],
    [1, 16],
    [2, 33],
  ] as const) {
    it(`k=${k}, n=${n}: within float32 rounding of float64, single rows bit-identical to 4-row blocks in both panel orders`, async () => {
      const { kernels, arena } = await setup();
      const m = 5;
      const a = values(m * k, 1);
      // Row 4 (the single-row kernel's) repeats row 1 (inside the 4-row block).
      a.copyWithin(4 * k, k, 2 * k);
      const w = values(k * n, 2);
      const bias = values(n, 3);
      const packed = arena.alloc(Math.ceil(n / PANEL) * PANEL * k * 4, 'panels');
      kernels.pack_panels(packed, arena.writeFloats(w, 'w'), n, k, n);
      const at = arena.writeFloats(a, 'a');
      const biasAt = arena.writeFloats(bias, 'bias');
      const out = arena.alloc(m * n * 4, 'out');
      const run = () => {
        kernels.gemm(out, n, at, k, m, k, packed, n, biasAt);
        return arena.readFloats(out, m * n);
      };
      const first = run();
      const second = run(); // the single row walks its panels the other way this time
      for (const got of [first, second]) {
        expect([...got.subarray(4 * n, 5 * n)]).toEqual([...got.subarray(n, 2 * n)]);
      }
      expect([...second]).toEqual([...first]);
      let worst = 0;
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let sum = bias[j];
          let magnitude = Math.abs(bias[j]);
          for (let p = 0; p < k; p++) {
            sum += a[i * k + p] * w[p * n + j];
            magnitude += Math.abs(a[i * k + p] * w[p * n + j]);
          }
          // float32 summation of k + 1 terms: error bounded by ~(k + 1) ulp of the magnitudes.
          worst = Math.max(worst, Math.abs(first[i * n + j] - sum) / (magnitude * (k + 1)));
        }
      }
      expect(worst).toBeLessThan(2 ** -23);
    });
  }
});
