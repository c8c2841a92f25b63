/**
 * a·b with a backward pass that transposes explicitly: da = dy·transpose(b), db = transpose(a)·dy.
 * tfjs's own MatMul gradient calls matMul with transposeA / transposeB, which tfjs-wasm runs far
 * slower than a plain product (measured, [32, 128]ᵀ·[32, 512]: ~27 ms against ~3 ms for the
 * plain product after a transpose; [3200, 64]ᵀ·[3200, 512]: ~660 ms against ~130 ms, on a loaded
 * 2-core machine). The recurrent weight's gradient takes one such product per time step, so the
 * difference is most of a training step on tfjs-wasm. Same values: only the operand layout changes.
 */
import * as tf from '@tensorflow/tfjs-core';

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

export function matMul(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  return product(a, b) as tf.Tensor2D;
}
