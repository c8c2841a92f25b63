/**
 * [time, rows, cols] -> `time` tensors [rows, cols], differentiably, without tfjs-wasm's
 * O(time²) Unpack: its Slice reads the whole input out of the wasm heap for every slice (the
 * inference path's reason for slicing steps on the host, model/step-slicer.ts). Measured on a
 * loaded 2-core machine, tf.unstack of a [100, 32, 512] projection took ~5 s on tfjs-wasm.
 *
 * `RnnkitUnstackSteps` is a kernel registered for wasm and cpu (through tfjs's registry, like the
 * inference step kernels) that views the input in the backend's memory once and copies each step
 * out; its registered gradient is tf.stack of the steps' gradients, as tfjs's own Unpack's is.
 * webgl and webgpu keep tf.unstack (slices on the device).
 */
import * as tf from '@tensorflow/tfjs-core';
import { type KernelArgs, kernelMemory, registerStepKernel } from '../../layers/kernel-memory.js';

const UNSTACK_STEPS = 'RnnkitUnstackSteps';
let gradientRegistered = false;

function unstackStepsKernel({ inputs, backend }: KernelArgs): tf.TensorInfo[] {
  const memory = kernelMemory(backend);
  const valueInfo = inputs.value as tf.TensorInfo;
  const [time, rows, cols] = valueInfo.shape;
  // Every output first: on wasm, making one may grow (and move) the heap.
  const outputs = Array.from({ length: time }, () => memory.output([rows, cols]));
  const value = memory.view(valueInfo);
  const size = rows * cols;
  outputs.forEach((info, t) => {
    memory.view(info).set(value.subarray(t * size, (t + 1) * size));
  });
  return outputs;
}

export function registerUnstackSteps(backendName: 'wasm' | 'cpu'): void {
  registerStepKernel(UNSTACK_STEPS, backendName, unstackStepsKernel);
  if (!gradientRegistered) {
    tf.registerGradient({
      kernelName: UNSTACK_STEPS,
      gradFunc: (dy: tf.Tensor | tf.Tensor[]) => ({
        value: () => tf.stack(Array.isArray(dy) ? dy : [dy]),
      }),
    });
    gradientRegistered = true;
  }
}

/** One tensor per step; the host kernel where it is registered for the active backend. */
export function unstackSteps(x: tf.Tensor3D): tf.Tensor2D[] {
  const backend = tf.getBackend();
  if (
    (backend === 'wasm' || backend === 'cpu') &&
    x.dtype === 'float32' &&
    tf.getKernel(UNSTACK_STEPS, backend)
  ) {
    return tf.engine().runKernel(UNSTACK_STEPS, { value: x }, {}) as unknown as tf.Tensor2D[];
  }
  return tf.unstack(x) as tf.Tensor2D[];
}
