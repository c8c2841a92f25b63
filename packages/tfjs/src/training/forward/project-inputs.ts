/** x W (+ b) for every step at once: one product over [time*batch, in]. */
import * as tf from '@tensorflow/tfjs-core';

export function projectInputs(
  inputs: tf.Tensor2D,
  kernel: tf.Tensor2D,
  bias: tf.Tensor1D | undefined,
): tf.Tensor2D {
  const product = tf.matMul(inputs, kernel) as tf.Tensor2D;
  return bias ? (tf.add(product, bias) as tf.Tensor2D) : product;
}
