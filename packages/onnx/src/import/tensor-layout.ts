/** Axis permutation and reshape of core tensors, for mapping between ONNX and spec layouts. */
import type { Tensor } from '@rnnkit/core';

export function permute(tensor: Tensor, perm: number[]): Tensor {
  const shape = tensor.shape;
  const outShape = perm.map((axis) => shape[axis]);
  const rank = shape.length;
  const strides = new Array<number>(rank).fill(1);
  for (let i = rank - 2; i >= 0; i--) strides[i] = strides[i + 1] * shape[i + 1];
  const source = tensor.data as unknown as ArrayLike<number | bigint>;
  const Constructor = tensor.data.constructor as new (n: number) => typeof tensor.data;
  const out = new Constructor(source.length);
  const index = new Array<number>(rank).fill(0);
  for (let o = 0; o < source.length; o++) {
    let offset = 0;
    for (let i = 0; i < rank; i++) offset += index[i] * strides[perm[i]];
    (out as unknown as (number | bigint)[])[o] = source[offset];
    for (let i = rank - 1; i >= 0; i--) {
      if (++index[i] < outShape[i]) break;
      index[i] = 0;
    }
  }
  return { dtype: tensor.dtype, shape: outShape, data: out } as Tensor;
}

export function reshape(tensor: Tensor, shape: number[]): Tensor {
  return { dtype: tensor.dtype, shape, data: tensor.data } as Tensor;
}
