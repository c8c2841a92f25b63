/**
 * The relaxed-SIMD build in Node. Runs in vitest.config.ts's 'relaxed-simd' project, whose
 * workers start with --experimental-wasm-relaxed-simd (Node 20 has relaxed SIMD only behind that
 * flag; Chromium has it on, see browser.test.ts). Checks that the build validates, that 'auto'
 * picks it where the runtime has it, that its products compute acc + a*b (fused or not), the
 * whole spec matrix, ONNX node cases and PyTorch fixtures against their independent expected
 * values, every backend's session suite, and that streaming stays bit-exact to the joined run.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describePytorchFixtureCases } from '../../core/src/reference/test-support/pytorch-fixture-suite.js';
import { describeBackendSession } from '../../onnx/src/runtime/test-support/backend-session-suite.js';
import { describeImportedOnnxNodeCases } from '../../onnx/src/runtime/test-support/imported-onnx-node-suite.js';
import { instantiateKernels, kernelBytes, kernelModule } from './engine/kernels.js';
import { MemoryArena } from './engine/memory-arena.js';
import { createWasmBackend } from './index.js';
import { describeGemm } from './test-support/gemm-suite.js';
import { describeReferenceMatrix } from './test-support/reference-matrix-suite.js';
import { describeStreamingExact } from './test-support/streaming-exact-suite.js';

describe('in a Node with relaxed SIMD', () => {
  it('the relaxed build validates and exports what the SIMD128 build does', async () => {
    expect(WebAssembly.validate(kernelBytes('relaxed'))).toBe(true);
    const relaxed = await kernelModule('relaxed');
    const simd128 = await kernelModule('simd128');
    expect(WebAssembly.Module.exports(relaxed)).toEqual(WebAssembly.Module.exports(simd128));
    expect(WebAssembly.Module.imports(relaxed)).toEqual(WebAssembly.Module.imports(simd128));
  });

  it("'auto' (the default) picks the relaxed build, and sessions say so", async () => {
    const backend = createWasmBackend();
    expect(await backend.kernelVariant()).toBe('relaxed');
    expect(await createWasmBackend({ simd: 'simd128' }).kernelVariant()).toBe('simd128');
  });

  it('a product computes bias + a*w with one rounding (FMA) or two, nothing else', async () => {
    // a = w = 1 + 2^-12: a*w = 1 + 2^-11 + 2^-24 exactly, which float32 rounds to 1 + 2^-11
    // (a tie, to even). With bias -(1 + 2^-11) the fused result is 2^-24 and the unfused one 0;
    // swapped operands (a + w*bias, ...) would give neither.
    const a = Math.fround(1 + 2 ** -12);
    const results: Record<string, number> = {};
    for (const variant of ['simd128', 'relaxed'] as const) {
      const memory = new WebAssembly.Memory({ initial: 2, maximum: 16 });
      const kernels = instantiateKernels(await kernelModule(variant), memory);
      const arena = new MemoryArena(memory, kernels.__heap_base.value as number);
      // k = 1, n = 1 (one 16-wide panel, zero-padded), m = 1: the single-row product.
      const panel = new Float32Array(16);
      panel[0] = a;
      const panels = arena.writeFloats(panel, 'panels');
      const x = arena.writeFloats(Float32Array.of(a), 'x');
      const bias = arena.writeFloats(Float32Array.of(-Math.fround(1 + 2 ** -11)), 'bias');
      const out = arena.writeFloats(new Float32Array(1), 'out');
      kernels.gemm(out, 1, x, 1, 1, 1, panels, 1, bias);
      results[variant] = arena.readFloats(out, 1)[0];
    }
    expect(results.simd128).toBe(0);
    expect([0, 2 ** -24]).toContain(results.relaxed);
    console.log(
      `relaxed_madd here: ${results.relaxed === 0 ? 'mul + add (no FMA)' : 'fused (FMA)'}`,
    );
  });
});

describeGemm('relaxed');
describeReferenceMatrix('relaxed');

const ONNX_NODE = fileURLToPath(new URL('../../onnx/src/__fixtures__/onnx-node/', import.meta.url));
const relaxed = createWasmBackend({ simd: 'relaxed' });
describeImportedOnnxNodeCases(relaxed.id, () => relaxed, ONNX_NODE);
describePytorchFixtureCases(relaxed);
// Every backend's session suite (run options, states, streaming, bad input, dispose), and
// rnnkit-wasm's bit-exact streaming, on the relaxed build.
describeBackendSession(relaxed.id, () => createWasmBackend({ simd: 'relaxed' }));
describeStreamingExact(`${relaxed.id} (relaxed build)`, () =>
  createWasmBackend({ simd: 'relaxed' }),
);
