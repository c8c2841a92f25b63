/**
 * How a [time, ...] tensor becomes one tensor per step, per tfjs backend (runtime glue, chosen
 * once per run):
 * - cpu and wasm: read the values once and make each step's tensor from a subarray. tfjs-wasm's
 *   Slice/Unpack copy the WHOLE input out of the wasm heap for every slice, so unstacking T steps
 *   costs O(T^2) (measured: 100 steps of [32, 512] took ~400 ms, longer than the whole LSTM).
 *   On tfjs-cpu the read is free (values already live in JavaScript).
 * - webgl and webgpu: tf.unstack, which slices on the device; a read would stall on the GPU.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { StepSlicer } from '../layers/recurrent.js';

export function stepSlicerFor(backendName: string): StepSlicer {
  if (backendName === 'cpu' || backendName === 'wasm') return sliceOnHost;
  return (x) => tf.unstack(x);
}

function sliceOnHost(x: tf.Tensor): tf.Tensor[] {
  const [time, ...stepShape] = x.shape;
  const values = x.dataSync();
  const size = stepShape.reduce((a, b) => a * b, 1);
  const steps: tf.Tensor[] = new Array(time);
  for (let t = 0; t < time; t++) {
    steps[t] = tf.tensor(values.subarray(t * size, (t + 1) * size), stepShape, x.dtype);
  }
  return steps;
}
