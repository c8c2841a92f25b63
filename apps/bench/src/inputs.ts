/** Deterministic inputs, so every backend and baseline sees exactly the same numbers. */
import { float32Tensor, int32Tensor, type ModelSpec, type Tensor } from '@rnnkit/core';

/** Small fast PRNG (mulberry32); seeded so runs are reproducible. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function makeInput(spec: ModelSpec, batch: number, time: number, seed: number): Tensor {
  const next = random(seed);
  if (spec.input.type === 'features') {
    const size = spec.input.size;
    const data = new Float32Array(batch * time * size);
    for (let i = 0; i < data.length; i++) data[i] = next() * 2 - 1;
    return float32Tensor([batch, time, size], data);
  }
  const embedding = spec.layers[0];
  const vocabulary = embedding.type === 'embedding' ? embedding.inputDim : 1;
  const data = new Int32Array(batch * time);
  // Ids from 1: id 0 would be padding for maskZero models.
  for (let i = 0; i < data.length; i++) data[i] = 1 + Math.floor(next() * (vocabulary - 1));
  return int32Tensor([batch, time], data);
}
