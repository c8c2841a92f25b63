/** What the tfjs backend refuses, and that it refuses at load with UNSUPPORTED_FEATURE. */
import type { ModelSpec } from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import { createTfjsBackend, findUnsupportedFeature, WASM_HEAP_LIMIT_BYTES } from './index.js';
import { seededModel } from './test-support/seeded-weights.js';

function tokenSpec(inputDim: number, outputDim: number): ModelSpec {
  return {
    format: 'rnnkit-model',
    formatVersion: 1,
    input: { name: 'tokens', type: 'tokens' },
    layers: [
      { type: 'embedding', name: 'embedding', inputDim, outputDim },
      { type: 'gru', name: 'gru', units: 4, resetAfter: true },
    ],
    output: { name: 'y' },
  };
}

// 2^20 ids x 1024 floats = 4 GiB of embeddings: more than wasm32 can address.
const tooBigForWasm = tokenSpec(2 ** 20, 1024);

describe('refusals', () => {
  it('tfjs-wasm refuses weights larger than its heap at load, before allocating them', async () => {
    const backend = createTfjsBackend({ backend: 'wasm' });
    const model = { spec: tooBigForWasm, weights: new Map() };
    const report = backend.supports(model);
    expect(report).toMatchObject({
      supported: false,
      feature: 'weights larger than the wasm heap',
    });
    expect(report.reason).toContain(String(WASM_HEAP_LIMIT_BYTES));
    await expect(backend.load(model)).rejects.toMatchObject({
      code: 'UNSUPPORTED_FEATURE',
      backend: 'tfjs-wasm',
      feature: 'weights larger than the wasm heap',
    });
  });

  it('tfjs-cpu has no such limit', () => {
    expect(
      createTfjsBackend({ backend: 'cpu' }).supports({ spec: tooBigForWasm, weights: new Map() }),
    ).toEqual({
      supported: true,
    });
  });

  it('tfjs-webgl refuses float16 arithmetic and vocabularies it cannot index exactly', () => {
    const small = tokenSpec(10, 4);
    expect(findUnsupportedFeature(small, { backend: 'webgl', float32: true })).toBeUndefined();
    expect(findUnsupportedFeature(small, { backend: 'webgl', float32: false })?.feature).toBe(
      'float32 arithmetic',
    );
    expect(
      findUnsupportedFeature(tokenSpec(2 ** 24 + 2, 1), { backend: 'webgl' })?.feature,
    ).toMatch(/vocabulary/);
    expect(findUnsupportedFeature(tokenSpec(2 ** 24 + 2, 1), { backend: 'cpu' })).toBeUndefined();
  });

  it('refuses activations and layer types it has no implementation of (from a newer spec)', () => {
    const spec = tokenSpec(10, 4);
    const gelu = {
      ...spec,
      layers: [spec.layers[0], { ...spec.layers[1], activation: 'gelu' }],
    } as unknown as ModelSpec;
    expect(findUnsupportedFeature(gelu, { backend: 'cpu' })?.feature).toBe("activation 'gelu'");
    const conv = {
      ...spec,
      layers: [...spec.layers, { type: 'conv1d', name: 'c' }],
    } as unknown as ModelSpec;
    expect(findUnsupportedFeature(conv, { backend: 'cpu' })?.feature).toBe("layer type 'conv1d'");
  });

  it('supports every spec feature on cpu and wasm otherwise', () => {
    const model = seededModel(tokenSpec(10, 4));
    expect(createTfjsBackend({ backend: 'cpu' }).supports(model)).toEqual({ supported: true });
    expect(createTfjsBackend({ backend: 'wasm' }).supports(model)).toEqual({ supported: true });
  });
});
