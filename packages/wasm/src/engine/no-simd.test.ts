/**
 * A runtime whose WebAssembly lacks SIMD128 rejects the kernels at validation: load must then
 * fail with BACKEND_UNAVAILABLE, not crash. Simulated by making WebAssembly.validate answer as
 * such a runtime would, on a fresh copy of the module (the compiled kernels are cached).
 */
import { gruLanguageModelSpec, initializeWeights, RnnkitError } from '@rnnkit/core';
import { afterEach, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.restoreAllMocks();
  vi.resetModules();
});

it('load fails with BACKEND_UNAVAILABLE where WebAssembly has no SIMD', async () => {
  vi.resetModules();
  vi.spyOn(WebAssembly, 'validate').mockReturnValue(false);
  const { createWasmBackend } = await import('../index.js');
  const spec = gruLanguageModelSpec({ vocabularySize: 5, embeddingDim: 2, units: 3 });
  const error = await createWasmBackend()
    .load({ spec, weights: initializeWeights(spec, { seed: 1 }) })
    .catch((e: unknown) => e);
  expect(RnnkitError.isInstance(error)).toBe(true);
  expect((error as RnnkitError).code).toBe('BACKEND_UNAVAILABLE');
  expect((error as RnnkitError).message).toMatch(/SIMD/);
  // The failure is not cached: with SIMD back, the same module loads.
  vi.restoreAllMocks();
  const session = await createWasmBackend().load({
    spec,
    weights: initializeWeights(spec, { seed: 1 }),
  });
  await session.dispose();
});
