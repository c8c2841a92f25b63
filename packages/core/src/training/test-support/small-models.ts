/**
 * Small models, random weights and batches for the training tests. Weights are drawn uniform in
 * [-0.5, 0.5) for every tensor (biases and peepholes included, unlike the initialisers' zeros) so
 * every gradient is exercised.
 */
import { Random } from '../../init/random.js';
import type { ModelSpec } from '../../spec/types.js';
import { float64Tensor, int32Tensor, type NamedTensors, type Tensor } from '../../tensor.js';
import { expectedWeights, type Model, type Weights } from '../../weights/canonical.js';

export function randomWeights(spec: ModelSpec, seed: number, scale = 1): Weights {
  const random = new Random(seed);
  const weights: Weights = new Map();
  for (const { name, shape } of expectedWeights(spec)) {
    const size = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    for (let i = 0; i < size; i++) data[i] = (random.uniform() - 0.5) * scale;
    weights.set(name, { shape, data });
  }
  return weights;
}

export function randomModel(spec: ModelSpec, seed: number): Model {
  return { spec, weights: randomWeights(spec, seed) };
}

export function randomFeatures(batch: number, time: number, size: number, seed: number): Tensor {
  const random = new Random(seed);
  const data = new Float64Array(batch * time * size);
  for (let i = 0; i < data.length; i++) data[i] = random.uniform() * 2 - 1;
  return float64Tensor([batch, time, size], data);
}

export function randomTokens(
  batch: number,
  time: number,
  vocabulary: number,
  seed: number,
): Tensor {
  const random = new Random(seed);
  const data = new Int32Array(batch * time);
  for (let i = 0; i < data.length; i++) data[i] = Math.floor(random.uniform() * vocabulary);
  return int32Tensor([batch, time], data);
}

/** Targets suited to the loss for an output of `shape`. */
export function randomTargets(loss: string, shape: readonly number[], seed: number): Tensor {
  const random = new Random(seed);
  const features = shape[shape.length - 1];
  const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
  if (loss === 'sparseCategoricalCrossentropy') {
    const ids = new Int32Array(rows);
    for (let i = 0; i < rows; i++) ids[i] = Math.floor(random.uniform() * features);
    return int32Tensor(shape.slice(0, -1), ids);
  }
  const data = new Float64Array(rows * features);
  if (loss === 'categoricalCrossentropy') {
    for (let r = 0; r < rows; r++) data[r * features + Math.floor(random.uniform() * features)] = 1;
  } else if (loss === 'binaryCrossentropy') {
    for (let i = 0; i < data.length; i++) data[i] = random.uniform() < 0.5 ? 0 : 1;
  } else {
    for (let i = 0; i < data.length; i++) data[i] = random.uniform() * 2 - 1;
  }
  return float64Tensor(shape, data);
}

export function featureSpec(
  layers: ModelSpec['layers'],
  size = 3,
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

export function inputsOf(x: Tensor, extra: NamedTensors = {}): NamedTensors {
  return { x, ...extra };
}
