/**
 * GRU (spec, gate order z, r, h): z = σ(x Wz + h Uz + bz + rbz), r = σ(…r), h' = z*h + (1-z)*h̃,
 * - resetAfter false: h̃ = g(x Wh + bh + (r*h) Uh + rbh): every bias only adds (projection);
 *   the step is two products, the z/r columns on h and the candidate's columns on r*h.
 * - resetAfter true:  h̃ = g(x Wh + bh + r*(h Uh + rbh)): the candidate's recurrent bias stays
 *   inside the reset product; the step is one product of h with the whole recurrent kernel.
 */
import * as tf from '@tensorflow/tfjs-core';
import { matMul } from './mat-mul.js';
import { projectInputs } from './project-inputs.js';
import { addBiases } from './simple-rnn-training-cell.js';
import { splitColumns } from './split-columns.js';
import { trainingActivate as activate } from './training-activation.js';
import type { TrainingCellFactory } from './training-cell.js';

export const createGruTrainingCell: TrainingCellFactory = (layer, weights) => {
  const { units, activation, recurrentActivation } = layer;
  const blend = (z: tf.Tensor, h: tf.Tensor, candidate: tf.Tensor) =>
    tf.add(candidate, tf.mul(z, tf.sub(h, candidate))) as tf.Tensor2D;

  if (!layer.resetAfter) {
    const bias = addBiases(weights.bias, weights.recurrentBias);
    const [updateResetKernel, candidateKernel] = splitColumns(weights.recurrentKernel, [
      2 * units,
      units,
    ]);
    return {
      project: (inputs) => projectInputs(inputs, weights.kernel, bias),
      step(projected, { h }) {
        const [inputZr, inputH] = splitColumns(projected, [2 * units, units]);
        const zr = activate(tf.add(inputZr, matMul(h, updateResetKernel)), recurrentActivation);
        const [z, r] = splitColumns(zr, [units, units]);
        const candidate = activate(
          tf.add(inputH, matMul(tf.mul(r, h) as tf.Tensor2D, candidateKernel)),
          activation,
        );
        return { h: blend(z, h, candidate) };
      },
    };
  }

  // resetAfter: the recurrent bias is added to the recurrent product, inside the reset.
  const recurrentBias = weights.recurrentBias;
  return {
    project: (inputs) => projectInputs(inputs, weights.kernel, weights.bias),
    step(projected, { h }) {
      let recurrent = matMul(h, weights.recurrentKernel) as tf.Tensor;
      if (recurrentBias) recurrent = tf.add(recurrent, recurrentBias);
      const [inputZr, inputH] = splitColumns(projected, [2 * units, units]);
      const [recurrentZr, recurrentH] = splitColumns(recurrent, [2 * units, units]);
      const [z, r] = splitColumns(activate(tf.add(inputZr, recurrentZr), recurrentActivation), [
        units,
        units,
      ]);
      const candidate = activate(tf.add(inputH, tf.mul(r, recurrentH)), activation);
      return { h: blend(z, h, candidate) };
    },
  };
};
