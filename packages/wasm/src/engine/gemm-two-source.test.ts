/**
 * The two-source product (csrc/gemm-two-source.c), which fused recurrent steps run: a's rows
 * strided as a step's input rows are (lda > ka), b's rows packed, n not a multiple of the
 * 16-column panels, k odd and even on each side, m = 5 (one 4-row block, then one single row).
 * Every output within float32 rounding of the float64 bias + a·Wa + b·Wb, and the single-row
 * kernel's row exactly the bits of the same row in the 4-row block (a streamed step equals the
 * joined run because of this).
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
  return Float32Array.from({ length: count }, (_, i) => Math.fround(Math.cos(i * 7.31 + salt)));
}

describe('gemm_two', () => {
  for (const [ka, kb, n] of [
    [3, 5, 20],
    [64, 128, 512],
    [1, 1, 16],
    [8, 7, 45],
    // The single row's panel pairs: a second panel of 8 (<= 24 columns past j) or 14 columns,
    // and an odd last panel of 1 column.
    [2, 3, 40],
    [7, 2, 46],
    [5, 4, 33],
  ] as const) {
    it(`ka=${ka}, kb=${kb}, n=${n}: within float32 rounding of float64, a single row bit-identical to its 4-row block`, async () => {
      const { kernels, arena } = await setup();
      const m = 5;
      const lda = ka * 3; // a's rows sit 3 rows apart, as the rows b*time + t of a sequence do
      const a = values(m * lda, 1);
      const b = values(m * kb, 2);
      // Row 4 (the single-row kernel's) repeats row 1 (inside the 4-row block) on both sources.
      a.copyWithin(4 * lda, lda, lda + ka);
      b.copyWithin(4 * kb, kb, 2 * kb);
      const k = ka + kb;
      const w = values(k * n, 3); // [Wa; Wb], row-major
      const bias = values(n, 4);
      const packed = arena.alloc(Math.ceil(n / PANEL) * PANEL * k * 4, 'panels');
      kernels.pack_panels(packed, arena.writeFloats(w, 'w'), n, k, n);
      const aAt = arena.writeFloats(a, 'a');
      const bAt = arena.writeFloats(b, 'b');
      const biasAt = arena.writeFloats(bias, 'bias');
      // 16 guard floats after the output: no block may write past its row's n columns.
      const out = arena.alloc((m * n + 16) * 4, 'out');
      arena.float32.fill(1234.5, out >> 2, (out >> 2) + m * n + 16);
      kernels.gemm_two(out, n, aAt, lda, ka, bAt, kb, kb, m, packed, n, biasAt);
      const got = arena.readFloats(out, m * n);
      expect([...arena.readFloats(out + m * n * 4, 16)]).toEqual(new Array(16).fill(1234.5));
      expect([...got.subarray(4 * n, 5 * n)]).toEqual([...got.subarray(n, 2 * n)]);
      let worst = 0;
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let sum = bias[j];
          let magnitude = Math.abs(bias[j]);
          for (let p = 0; p < k; p++) {
            const x = p < ka ? a[i * lda + p] : b[i * kb + p - ka];
            sum += x * w[p * n + j];
            magnitude += Math.abs(x * w[p * n + j]);
          }
          // float32 summation of k + 1 terms: error bounded by ~(k + 1) ulp of the magnitudes.
          worst = Math.max(worst, Math.abs(got[i * n + j] - sum) / (magnitude * (k + 1)));
        }
      }
      expect(worst).toBeLessThan(2 ** -23);
      // And not trivially: the outputs are not all zero.
      expect(got.some((v) => Math.abs(v) > 0.1)).toBe(true);
    });
  }
});
