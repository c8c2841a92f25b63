/**
 * Every spec activation as tfjs ops. Written out from the spec's definitions (types.ts) rather
 * than borrowed from tf.layers, whose hardSigmoid is fixed to Keras 2's slope.
 */

import type { Activation } from '@rnnkit/core';
import * as tf from '@tensorflow/tfjs-core';

/** The activations tfjs can fuse into a matMul kernel, with their parameters. */
export interface FusedActivation {
  activation: 'linear' | 'relu' | 'sigmoid' | 'elu' | 'leakyrelu';
  leakyreluAlpha?: number;
}

/** The fused form of `activation`, or undefined when it has none (apply `activate` after). */
export function fusedFormOf(activation: Activation): FusedActivation | undefined {
  if (typeof activation === 'string') {
    if (activation === 'linear' || activation === 'relu' || activation === 'sigmoid')
      return { activation };
    return undefined;
  }
  // tfjs's fused elu has alpha fixed at 1.
  if (activation.name === 'elu' && activation.alpha === 1) return { activation: 'elu' };
  if (activation.name === 'leakyRelu')
    return { activation: 'leakyrelu', leakyreluAlpha: activation.alpha };
  return undefined;
}

export function activate(x: tf.Tensor, activation: Activation): tf.Tensor {
  if (typeof activation === 'string') {
    switch (activation) {
      case 'linear':
        return x;
      case 'relu':
        return tf.relu(x);
      case 'tanh':
        return tf.tanh(x);
      case 'sigmoid':
        return tf.sigmoid(x);
      case 'softsign':
        return tf.div(x, tf.add(tf.abs(x), 1));
      case 'softplus':
        return tf.softplus(x);
      case 'softmax':
        return tf.softmax(x, -1);
      case 'logSoftmax':
        return tf.logSoftmax(x, -1);
      case 'exponential':
        return tf.exp(x);
    }
  } else {
    switch (activation.name) {
      case 'hardSigmoid':
        return tf.clipByValue(tf.add(tf.mul(x, activation.alpha), activation.beta), 0, 1);
      case 'leakyRelu':
        return tf.where(tf.greaterEqual(x, 0), x, tf.mul(x, activation.alpha));
      case 'thresholdedRelu':
        // where, not a 0/1 mask product, so -Infinity inputs give 0 rather than NaN.
        return tf.where(tf.greater(x, activation.alpha), x, tf.zerosLike(x));
      case 'elu':
        return tf.where(tf.greaterEqual(x, 0), x, tf.mul(tf.expm1(x), activation.alpha));
      case 'affine':
        return tf.add(tf.mul(x, activation.alpha), activation.beta);
      case 'scaledTanh':
        return tf.mul(tf.tanh(tf.mul(x, activation.beta)), activation.alpha);
    }
  }
  throw new Error(`unknown activation ${JSON.stringify(activation)}`);
}

/** Activation names this backend computes; `support.ts` refuses any other before a run. */
export const SUPPORTED_ACTIVATIONS: ReadonlySet<string> = new Set([
  'linear',
  'relu',
  'tanh',
  'sigmoid',
  'softsign',
  'softplus',
  'softmax',
  'logSoftmax',
  'exponential',
  'hardSigmoid',
  'leakyRelu',
  'thresholdedRelu',
  'elu',
  'affine',
  'scaledTanh',
]);
