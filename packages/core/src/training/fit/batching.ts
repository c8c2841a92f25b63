/**
 * Splitting a data set into batches: a per-epoch permutation from the config's seed (rnnkit's
 * xoshiro stream, so the same on every engine) and slicing tensors along their example axis.
 */
import { mixString, Random } from '../../init/random.js';
import type { ModelSpec } from '../../spec/types.js';
import type { NamedTensors, Tensor } from '../../tensor.js';

/** Example order of one epoch: identity without shuffle, else a seeded Fisher-Yates shuffle. */
export function epochOrder(
  examples: number,
  shuffle: boolean,
  seed: number,
  epoch: number,
): Int32Array {
  const order = new Int32Array(examples);
  for (let i = 0; i < examples; i++) order[i] = i;
  if (!shuffle) return order;
  const random = new Random(mixString(seed, `rnnkit-training epoch ${epoch}`));
  for (let i = examples - 1; i > 0; i--) {
    const j = Math.floor(random.uniform() * (i + 1));
    const swap = order[i];
    order[i] = order[j];
    order[j] = swap;
  }
  return order;
}

/** Batches of `size` consecutive entries of `order`; the last partial batch is kept. */
export function batchIndices(order: Int32Array, size: number): Int32Array[] {
  const batches: Int32Array[] = [];
  for (let start = 0; start < order.length; start += size) {
    batches.push(order.subarray(start, Math.min(order.length, start + size)));
  }
  return batches;
}

/** Picks `indices` along `axis` of a tensor (a copy, same dtype). */
export function takeAlong(tensor: Tensor, indices: ArrayLike<number>, axis: number): Tensor {
  const shape = tensor.shape;
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const count = shape[axis];
  const Kind = tensor.data.constructor as new (length: number) => typeof tensor.data;
  const data = new Kind(outer * indices.length * inner);
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < indices.length; k++) {
      const from = (o * count + indices[k]) * inner;
      const to = (o * indices.length + k) * inner;
      (data as Float64Array).set((tensor.data as Float64Array).subarray(from, from + inner), to);
    }
  }
  const newShape = [...shape];
  newShape[axis] = indices.length;
  return { dtype: tensor.dtype, shape: newShape, data } as Tensor;
}

/** The example axis of each named input: 1 for stateInputs tensors, else 0. */
export function exampleAxis(spec: ModelSpec, name: string): number {
  return (spec.stateInputs ?? []).some((s) => s.name === name) ? 1 : 0;
}

export function sliceInputs(
  spec: ModelSpec,
  inputs: NamedTensors,
  indices: ArrayLike<number>,
): NamedTensors {
  const out: NamedTensors = {};
  for (const [name, tensor] of Object.entries(inputs)) {
    out[name] = takeAlong(tensor, indices, exampleAxis(spec, name));
  }
  return out;
}

/** Steps [start, end) of a batch-major tensor's time axis (axis 1). */
export function sliceTime(tensor: Tensor, start: number, end: number): Tensor {
  const steps = Array.from({ length: end - start }, (_, i) => start + i);
  return takeAlong(tensor, steps, 1);
}
