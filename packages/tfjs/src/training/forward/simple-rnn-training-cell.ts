/** SimpleRNN (spec): h' = g(x W + b + h U + rb). Both biases only add, so they join the projection. */
import * as tf from '@tensorflow/tfjs-core';
import { projectInputs } from './project-inputs.js';
import { trainingActivate as activate } from './training-activation.js';
import type { TrainingCellFactory } from './training-cell.js';

export const createSimpleRnnTrainingCell: TrainingCellFactory = (layer, weights) => {
  const bias = addBiases(weights.bias, weights.recurrentBias);
  return {
    project: (inputs) => projectInputs(inputs, weights.kernel, bias),
    step: (projected, { h }) => ({
      h: activate(
        tf.add(projected, tf.matMul(h, weights.recurrentKernel)),
        layer.activation,
      ) as tf.Tensor2D,
    }),
  };
};

export function addBiases(
  bias: tf.Tensor1D | undefined,
  recurrentBias: tf.Tensor1D | undefined,
): tf.Tensor1D | undefined {
  if (bias && recurrentBias) return tf.add(bias, recurrentBias) as tf.Tensor1D;
  return bias ?? recurrentBias;
}
