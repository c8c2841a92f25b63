/**
 * Dense on the last axis, applied to every time step of a sequence at once (one product over
 * [steps*batch, in]). Activations tfjs can fuse into the matMul kernel are fused.
 */

import type { Activation } from '@rnnkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { activate, fusedFormOf } from './activation.js';

export interface DenseWeights {
  kernel: tf.Tensor2D;
  bias?: tf.Tensor1D;
  activation: Activation;
}

export function dense(x: tf.Tensor, weights: DenseWeights): tf.Tensor {
  const inputSize = x.shape[x.shape.length - 1];
  const rows = tf.reshape(x, [-1, inputSize]) as tf.Tensor2D;
  const fused = fusedFormOf(weights.activation);
  const product = tf.fused.matMul({
    a: rows,
    b: weights.kernel,
    bias: weights.bias,
    ...(fused ?? {}),
  });
  const y = fused ? product : activate(product, weights.activation);
  return tf.reshape(y, [...x.shape.slice(0, -1), weights.kernel.shape[1]]);
}
