/**
 * Random weights and inputs for a spec. Weights are uniform in (-0.8, 0.8) on every tensor,
 * biases included (Keras's initialisers would leave biases at zero and hide bias-handling bugs).
 */
import {
  expectedWeights,
  float32Tensor,
  int32Tensor,
  type Model,
  type ModelSpec,
  type NamedTensors,
  recurrentLayers,
  type Weights,
} from '@rnnkit/core';
import type { Random } from './random.js';

export function randomWeights(spec: ModelSpec, random: Random): Weights {
  const weights: Weights = new Map();
  for (const { name, shape } of expectedWeights(spec)) {
    const size = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    for (let i = 0; i < size; i++) data[i] = random.uniform(-0.8, 0.8);
    weights.set(name, { shape, data });
  }
  return weights;
}

export interface RandomInputOptions {
  batch: number;
  time: number;
  /** Token models with maskZero: put padding zeros only at the end of each row (default true). */
  postPaddedMask?: boolean;
}

export function randomInputs(
  model: Model,
  random: Random,
  options: RandomInputOptions,
): NamedTensors {
  const { spec } = model;
  const { batch, time } = options;
  const inputs: NamedTensors = {};
  if (spec.input.type === 'tokens') {
    const embedding = spec.layers[0];
    const vocabulary = embedding.type === 'embedding' ? embedding.inputDim : 1;
    const maskZero = embedding.type === 'embedding' && embedding.maskZero === true;
    const ids = new Int32Array(batch * time);
    for (let b = 0; b < batch; b++) {
      const padFrom = maskZero && options.postPaddedMask !== false ? random.integer(1, time) : time;
      for (let t = 0; t < time; t++) {
        const lowest = maskZero && options.postPaddedMask !== false ? 1 : 0;
        ids[b * time + t] = t < padFrom ? random.integer(lowest, vocabulary - 1) : 0;
      }
    }
    inputs[spec.input.name] = int32Tensor([batch, time], ids);
  } else {
    const size = spec.input.size;
    const data = Array.from({ length: batch * time * size }, () => random.uniform(-2, 2));
    inputs[spec.input.name] = float32Tensor([batch, time, size], data);
  }
  if (spec.sequenceLengths) {
    const lengths = Array.from({ length: batch }, () => random.integer(1, time));
    inputs[spec.sequenceLengths.name] = int32Tensor([batch], lengths);
  }
  const layers = recurrentLayers(spec);
  for (const state of spec.stateInputs ?? []) {
    const stacked = state.layers.reduce(
      (sum, name) => sum + (layers.find((layer) => layer.name === name)?.directions ?? 1),
      0,
    );
    const units = layers.find((layer) => layer.name === state.layers[0])?.units ?? 1;
    const data = Array.from({ length: stacked * batch * units }, () => random.uniform(-1, 1));
    inputs[state.name] = float32Tensor([stacked, batch, units], data);
  }
  return inputs;
}
