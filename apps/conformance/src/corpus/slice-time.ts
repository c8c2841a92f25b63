/** Slices a batch-major tensor ([batch, time, ...]) along its time axis. */
import type { Tensor } from '@rnnkit/core';

export function sliceTime(tensor: Tensor, from: number, to: number): Tensor {
  const [batch, time, ...rest] = tensor.shape;
  const inner = rest.reduce((a, b) => a * b, 1);
  const length = to - from;
  const Data = tensor.data.constructor as new (size: number) => Tensor['data'];
  const data = new Data(batch * length * inner);
  for (let b = 0; b < batch; b++) {
    const source = tensor.data.subarray((b * time + from) * inner, (b * time + to) * inner);
    (data as Float32Array).set(source as Float32Array, b * length * inner);
  }
  return { dtype: tensor.dtype, shape: [batch, length, ...rest], data } as Tensor;
}
