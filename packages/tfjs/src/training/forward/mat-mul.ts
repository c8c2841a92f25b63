/**
 * a·b for the training path, with a backward pass chosen per backend:
 *
 * - tfjs-cpu: rnnkit's own product kernel (cpu-mat-mul-kernel.ts) for the product and both
 *   gradients, da = dy·bᵀ and db = aᵀ·dy, reading the transposed operand in the kernel.
 *   tfjs-cpu's own MatMul was half of an LSTM training step there.
 * - elsewhere: tfjs's matMul, with a backward pass that transposes explicitly. tfjs's own MatMul
 *   gradient calls matMul with transposeA / transposeB, which tfjs-wasm runs far slower than a
 *   plain product (measured, [32, 128]ᵀ·[32, 512]: ~27 ms against ~3 ms for the plain product
 *   after a transpose; [3200, 64]ᵀ·[3200, 512]: ~660 ms against ~130 ms, on a loaded 2-core
 *   machine). The recurrent weight's gradient takes one such product per time step, so the
 *   difference is most of a training step on tfjs-wasm.
 *
 * Same values either way up to float32 rounding (the cpu kernel sums in float64).
 */
import * as tf from '@tensorflow/tfjs-core';
import { CPU_MAT_MUL, type CpuMatMulAttrs } from './cpu-mat-mul-kernel.js';

const product = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [a, b, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
  save([a, b]);
  return {
    value: tf.matMul(a, b),
    gradFunc: (dy: tf.Tensor, [savedA, savedB]: tf.Tensor[]) => [
      tf.matMul(dy as tf.Tensor2D, tf.transpose(savedB as tf.Tensor2D)),
      tf.matMul(tf.transpose(savedA as tf.Tensor2D), dy as tf.Tensor2D),
    ],
  };
});

function cpuProduct(a: tf.Tensor, b: tf.Tensor, transposeA: boolean, transposeB: boolean) {
  const attrs: CpuMatMulAttrs = { transposeA, transposeB };
  return tf
    .engine()
    .runKernel(CPU_MAT_MUL, { a, b }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor2D;
}

const cpuKernelProduct = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [a, b, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
  save([a, b]);
  return {
    value: cpuProduct(a, b, false, false),
    gradFunc: (dy: tf.Tensor, [savedA, savedB]: tf.Tensor[]) => [
      cpuProduct(dy, savedB, false, true),
      cpuProduct(savedA, dy, true, false),
    ],
  };
});

export function matMul(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  if (tf.getBackend() === 'cpu' && a.dtype === 'float32' && tf.getKernel(CPU_MAT_MUL, 'cpu'))
    return cpuKernelProduct(a, b) as tf.Tensor2D;
  return product(a, b) as tf.Tensor2D;
}
