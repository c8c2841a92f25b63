/**
 * Which build a backend loads: `simd: 'auto'` takes the relaxed-SIMD build only where the
 * runtime validates it, else SIMD128; 'relaxed' and 'simd128' force one; anything else is
 * refused. A runtime without relaxed SIMD is simulated by a WebAssembly.validate that refuses
 * the relaxed bytes, on fresh module copies (the compiled kernels are cached per process).
 * Where relaxed SIMD is really present, src/relaxed-simd.relaxed.test.ts checks 'auto' picks it.
 */
import { gruLanguageModelSpec, initializeWeights, RnnkitError } from '@rnnkit/core';
import { afterEach, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.restoreAllMocks();
  vi.resetModules();
});

const spec = gruLanguageModelSpec({ vocabularySize: 5, embeddingDim: 2, units: 3 });
const model = { spec, weights: initializeWeights(spec, { seed: 1 }) };

async function withoutRelaxedSimd() {
  vi.resetModules();
  const kernels = await import('./kernels.js');
  const relaxed = kernels.kernelBytes('relaxed');
  const validate = WebAssembly.validate.bind(WebAssembly);
  vi.spyOn(WebAssembly, 'validate').mockImplementation(
    (bytes) =>
      !(
        bytes instanceof Uint8Array &&
        bytes.length === relaxed.length &&
        bytes.every((b, i) => b === relaxed[i])
      ) && validate(bytes),
  );
  return import('../index.js');
}

it("'auto' falls back to the SIMD128 build where relaxed SIMD is missing, and says so", async () => {
  const { createWasmBackend } = await withoutRelaxedSimd();
  const backend = createWasmBackend();
  expect(await backend.kernelVariant()).toBe('simd128');
  const session = await backend.load(model);
  expect(session.kernelVariant).toBe('simd128');
  await session.dispose();
});

it("'relaxed' where relaxed SIMD is missing is BACKEND_UNAVAILABLE, naming the Node flag", async () => {
  const { createWasmBackend } = await withoutRelaxedSimd();
  const error = await createWasmBackend({ simd: 'relaxed' })
    .load(model)
    .catch((e: unknown) => e);
  expect(RnnkitError.isInstance(error)).toBe(true);
  expect((error as RnnkitError).code).toBe('BACKEND_UNAVAILABLE');
  expect((error as RnnkitError).message).toMatch(/relaxed SIMD.*--experimental-wasm-relaxed-simd/);
  // SIMD128 still loads in the same runtime.
  const session = await createWasmBackend({ simd: 'simd128' }).load(model);
  expect(session.kernelVariant).toBe('simd128');
  await session.dispose();
});

it('an unknown simd option is INVALID_INPUT at createWasmBackend, not a silent default', async () => {
  const { createWasmBackend } = await import('../index.js');
  for (const simd of ['fma', '', 'SIMD128', 1, true]) {
    let error: unknown;
    try {
      createWasmBackend({ simd: simd as never });
    } catch (e) {
      error = e;
    }
    expect(RnnkitError.isInstance(error), String(simd)).toBe(true);
    expect((error as RnnkitError).code).toBe('INVALID_INPUT');
    expect((error as RnnkitError).message).toMatch(/simd must be 'auto', 'relaxed' or 'simd128'/);
  }
  // undefined is the default, 'auto'.
  expect(() => createWasmBackend({ simd: undefined })).not.toThrow();
});
