/**
 * How a [time, ...] tensor becomes one tensor per step, per tfjs backend (runtime glue, chosen
 * once per run):
 * - cpu and wasm: read the values once and make each step's tensor from a subarray. tfjs-wasm's
 *   Slice/Unpack copy the WHOLE input out of the wasm heap for every slice, so unstacking T steps
 *   costs O(T^2) (measured: 100 steps of [32, 512] took ~400 ms, longer than the whole LSTM).
 *   On tfjs-cpu the read is free (values already live in JavaScript).
 *   With `transpose`, each step's [rows, cols] block is transposed in the same JavaScript copy:
 *   tfjs-cpu's Transpose kernel is a generic index loop that measured ~100 ms for a
 *   [100, 32, 512] LSTM projection, the plain copy a few ms.
 * - webgl and webgpu: tf.unstack, which slices on the device; a read would stall on the GPU.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { StepSlicer } from '../layers/recurrent.js';

export function stepSlicerFor(backendName: string): StepSlicer {
  if (backendName === 'cpu' || backendName === 'wasm') return sliceOnHost;
  return (x, transpose) => tf.unstack(transpose ? tf.transpose(x, [0, 2, 1]) : x);
}

function sliceOnHost(x: tf.Tensor, transpose = false): tf.Tensor[] {
  const [time, rows, cols] = x.shape;
  const values = x.dataSync();
  const size = rows * cols;
  const steps: tf.Tensor[] = new Array(time);
  for (let t = 0; t < time; t++) {
    const step = values.subarray(t * size, (t + 1) * size);
    if (!transpose) {
      steps[t] = tf.tensor(step, [rows, cols], x.dtype);
      continue;
    }
    const out = new Float32Array(size);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) out[c * rows + r] = step[r * cols + c];
    }
    steps[t] = tf.tensor(out, [cols, rows], x.dtype);
  }
  return steps;
}
