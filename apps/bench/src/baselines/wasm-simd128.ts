/**
 * The rnnkit-wasm-relaxed row's baseline: the same engine's SIMD128 build (mul + add where the
 * relaxed build has relaxed_madd), a session of its own on the same model, driven exactly like
 * the rnnkit side (session.run; one token per call with the state fed back). Timed alternately
 * with the relaxed session call by call, so the ratio is relaxed / SIMD128 with load bursts hitting
 * both alike: the question that row answers. Its ratio to raw ORT is this ratio times the
 * rnnkit-wasm row's.
 */
import type { Model } from '@rnnkit/core';
import { createWasmBackend } from '@rnnkit/wasm';
import type { Baseline } from './baseline.js';
import { sessionBaseline } from './session-baseline.js';

export async function createWasmSimd128Baseline(model: Model): Promise<Baseline> {
  return sessionBaseline(
    'rnnkit-wasm-simd128',
    await createWasmBackend({ simd: 'simd128' }).load(model),
    model,
  );
}
