/** Small builders for reference tests: models from plain number arrays, tensors from arrays. */
import type { ModelSpec } from '../../spec/types.js';
import type { Tensor } from '../../tensor.js';
import type { Model, Weights } from '../../weights/canonical.js';

export function model(
  spec: ModelSpec,
  weights: Record<string, { shape: number[]; data: number[] }>,
): Model {
  const map: Weights = new Map();
  for (const [name, { shape, data }] of Object.entries(weights)) {
    map.set(name, { shape, data: Float32Array.from(data) });
  }
  return { spec, weights: map };
}

export function featureSpec(
  size: number,
  layers: ModelSpec['layers'],
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

export const f32 = (shape: number[], data: number[]): Tensor => ({
  dtype: 'float32',
  shape,
  data: Float32Array.from(data),
});

export const f64 = (shape: number[], data: number[]): Tensor => ({
  dtype: 'float64',
  shape,
  data: Float64Array.from(data),
});

export const i32 = (shape: number[], data: number[]): Tensor => ({
  dtype: 'int32',
  shape,
  data: Int32Array.from(data),
});

/** Deterministic pseudo-random numbers in [-scale, scale) (mulberry32), for weights in tests. */
export function randomNumbers(count: number, seed: number, scale = 0.5): number[] {
  let a = seed >>> 0;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const unit = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    out.push(Math.fround((unit * 2 - 1) * scale));
  }
  return out;
}

export const values = (tensor: Tensor | undefined): number[] =>
  Array.from((tensor?.data ?? []) as ArrayLike<number>);
