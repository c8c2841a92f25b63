/**
 * Test-only: a small seeded weight filler (mulberry32, uniform in [-scale, scale]) so every test
 * model is reproducible with random biases (Keras initialises them to zero).
 */
import {
  expectedWeights,
  initializeWeights,
  type Model,
  type ModelSpec,
  type Weights,
} from '@rnnkit/core';

export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function seededModel(spec: ModelSpec, seed = 1, scale = 0.5): Model {
  const random = seededRandom(seed);
  const weights: Weights = new Map();
  for (const { name, shape } of expectedWeights(spec)) {
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < data.length; i++) data[i] = (2 * random() - 1) * scale;
    weights.set(name, { shape, data });
  }
  return { spec, weights };
}

export function seededFeatures(batch: number, time: number, size: number, seed = 7) {
  const random = seededRandom(seed);
  const data = new Float32Array(batch * time * size);
  for (let i = 0; i < data.length; i++) data[i] = 2 * random() - 1;
  return { dtype: 'float32' as const, shape: [batch, time, size], data };
}

/**
 * Keras's default initialisers (core `initializeWeights`), with every bias and peephole then
 * drawn at random: Keras starts biases at zero, which would hide a bias in the wrong place.
 */
export function kerasInitialisedModel(spec: ModelSpec, seed: number): Model {
  const weights = initializeWeights(spec, { seed });
  const random = seededRandom(seed + 1000);
  for (const [name, tensor] of weights) {
    if (/(bias|recurrentBias|peephole)$/.test(name) && !name.endsWith('/kernel')) {
      const data = new Float32Array(tensor.data.length);
      for (let i = 0; i < data.length; i++) data[i] = (2 * random() - 1) * 0.5;
      weights.set(name, { shape: tensor.shape, data });
    }
  }
  return { spec, weights };
}
