/**
 * Hand-built spec models for the runner's tests: seeded random weights for every tensor the spec
 * needs (biases and peepholes included, so a misplaced bias or gate shows up), and seeded inputs.
 */
import {
  expectedWeights,
  type LayerSpec,
  type Model,
  type ModelSpec,
  type Tensor,
  type Weights,
} from '@rnnkit/core';

/** A small deterministic generator (mulberry32), so every run builds the same models. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomModel(spec: ModelSpec, seed: number, scale = 0.6): Model {
  const random = seeded(seed);
  const weights: Weights = new Map();
  for (const weight of expectedWeights(spec)) {
    const size = weight.shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    for (let i = 0; i < size; i++) data[i] = (random() * 2 - 1) * scale;
    weights.set(weight.name, { shape: [...weight.shape], data });
  }
  return { spec, weights };
}

export function featureSpec(
  size: number,
  layers: LayerSpec[],
  extra: Partial<ModelSpec> = {},
): ModelSpec {
  return {
    format: 'rnnkit-model',
    formatVersion: 1,
    input: { name: 'x', type: 'features', size },
    layers,
    output: { name: 'y' },
    ...extra,
  };
}

export function tokenSpec(
  vocabulary: number,
  embed: number,
  layers: LayerSpec[],
  maskZero = false,
): ModelSpec {
  return {
    format: 'rnnkit-model',
    formatVersion: 1,
    input: { name: 'tokens', type: 'tokens' },
    layers: [
      { type: 'embedding', name: 'embed', inputDim: vocabulary, outputDim: embed, maskZero },
      ...layers,
    ],
    output: { name: 'y' },
  };
}

export function randomFeatures(shape: [number, number, number], seed: number): Tensor<'float32'> {
  const random = seeded(seed);
  const data = new Float32Array(shape[0] * shape[1] * shape[2]);
  for (let i = 0; i < data.length; i++) data[i] = random() * 2 - 1;
  return { dtype: 'float32', shape, data };
}

/** Slices time steps [from, to) of a [batch, time, size] tensor. */
export function sliceTime(tensor: Tensor<'float32'>, from: number, to: number): Tensor<'float32'> {
  const [batch, time, size] = tensor.shape;
  const data = new Float32Array(batch * (to - from) * size);
  for (let b = 0; b < batch; b++) {
    data.set(
      tensor.data.subarray((b * time + from) * size, (b * time + to) * size),
      b * (to - from) * size,
    );
  }
  return { dtype: 'float32', shape: [batch, to - from, size], data };
}
