/**
 * The blocked product itself (csrc/gemm.c), on shapes that reach every edge of its blocks: k odd
 * (the single-row kernels take two steps of k at a time and one more at the end); n not a
 * multiple of the 16-column panels, and panel counts that end the single row on a pair of panels
 * (the second one full, or partial with 1-4, 5-8, 9-12 or 13-15 columns) or on one odd panel
 * alone; m = 5 (one 4-row block, then one single row). Two promises: every output is within
 * float32 rounding of the float64 product, and a row computed by the single-row kernel has
 * exactly the bits of the same row in a 4-row block (streaming one step at a time gives the
 * joined run exactly because of this), in either panel order. Run on both builds (gemm.test.ts
 * and relaxed-simd.relaxed.test.ts): in the relaxed one every multiply-add fuses alike.
 */
import { describe, expect, it } from 'vitest';
import { instantiateKernels, type KernelVariant, kernelModule } from '../engine/kernels.js';
import { MemoryArena } from '../engine/memory-arena.js';

const PANEL = 16;

async function setup(variant: KernelVariant) {
  const memory = new WebAssembly.Memory({ initial: 2, maximum: 256 });
  const kernels = instantiateKernels(await kernelModule(variant), memory);
  return { kernels, arena: new MemoryArena(memory, kernels.__heap_base.value as number) };
}

/** Deterministic values in [-1, 1) with float32 precision (no seeds shared with other tests). */
function values(count: number, salt: number): Float32Array {
  return Float32Array.from({ length: count }, (_, i) => Math.fround(Math.sin(i * 12.9898 + salt)));
}

/** [k, n]: panel counts 1 to 6, the last pair's second panel full or 2, 12, 15 columns wide. */
const SHAPES = [
  [37, 45],
  [256, 96],
  [1, 16],
  [2, 33],
  [3, 18],
  [64, 28],
  [5, 31],
  [8, 57],
  [255, 80],
] as const;

export function describeGemm(variant: KernelVariant): void {
  describe(`gemm (${variant} build)`, () => {
    for (const [k, n] of SHAPES) {
      it(`k=${k}, n=${n}: within float32 rounding of float64, single rows bit-identical to 4-row blocks in both panel orders`, async () => {
        const { kernels, arena } = await setup(variant);
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
        // One spare row past the output, which no kernel may write (a partial panel's tail).
        const out = arena.alloc((m + 1) * n * 4, 'out');
        arena.float32.fill(7, (out >> 2) + m * n, (out >> 2) + (m + 1) * n);
        const run = () => {
          kernels.gemm(out, n, at, k, m, k, packed, n, biasAt);
          return arena.readFloats(out, (m + 1) * n);
        };
        const first = run();
        const second = run(); // the single row walks its panels the other way this time
        for (const got of [first, second]) {
          expect([...got.subarray(4 * n, 5 * n)]).toEqual([...got.subarray(n, 2 * n)]);
          expect([...got.subarray(m * n)]).toEqual(new Array(n).fill(7));
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
}
