/**
 * Activations for the differentiable path: the inference definitions (layers/activation.ts),
 * except thresholdedRelu, whose inference form selects with tf.greater, an op tfjs registers no
 * gradient for (the tape refuses any op on the path from a weight to the loss without one).
 * Here it is x · step(x - α) (tf.step: 1 where its input is > 0, else 0), the same function for
 * finite x, with the gradient step(x - α).
 */
import type { Activation } from '@rnnkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { activate } from '../../layers/activation.js';

export function trainingActivate(x: tf.Tensor, activation: Activation): tf.Tensor {
  if (typeof activation !== 'string' && activation.name === 'thresholdedRelu')
    return tf.mul(x, tf.step(tf.sub(x, activation.alpha)));
  return activate(x, activation);
}
