/**
 * LSTM (spec, gate order i, f, c, o): i = σ(x Wi + h Ui + bi + rbi), f = σ(…f), c̃ = g(…c),
 * o = σ(…o); c' = f*c + i*c̃; h' = o * g(c'). Peepholes (ONNX): i adds Pi*c, f adds Pf*c, o adds
 * Po*c' (the new cell). Both biases only add, so they join the input projection.
 */
import * as tf from '@tensorflow/tfjs-core';
import { lstmTrainingStep, lstmTrainingStepAvailable } from './lstm-step-kernel.js';
import { matMul } from './mat-mul.js';
import { projectInputs } from './project-inputs.js';
import { addBiases } from './simple-rnn-training-cell.js';
import { splitColumns } from './split-columns.js';
import { trainingActivate as activate } from './training-activation.js';
import type { TrainingCellFactory } from './training-cell.js';

export const createLstmTrainingCell: TrainingCellFactory = (layer, weights) => {
  const { units, activation, recurrentActivation } = layer;
  const bias = addBiases(weights.bias, weights.recurrentBias);
  const peepholes = weights.peephole
    ? (tf.split(weights.peephole, 3) as [tf.Tensor1D, tf.Tensor1D, tf.Tensor1D])
    : undefined;
  // The gate arithmetic as one kernel with its own gradient where it exists (lstm-step-kernel.ts).
  const fusedStep = !peepholes && recurrentActivation === 'sigmoid' && activation === 'tanh';
  return {
    project: (inputs) => projectInputs(inputs, weights.kernel, bias),
    step(projected, state) {
      const c = state.c as tf.Tensor2D;
      if (fusedStep && lstmTrainingStepAvailable()) {
        const recurrent = matMul(state.h, weights.recurrentKernel);
        const [h, nextC] = lstmTrainingStep(projected, recurrent, c);
        return { h, c: nextC };
      }
      const gates = tf.add(projected, matMul(state.h, weights.recurrentKernel));
      let [i, f, g, o] = splitColumns(gates, [units, units, units, units]) as tf.Tensor[];
      if (peepholes) {
        i = tf.add(i, tf.mul(c, peepholes[0]));
        f = tf.add(f, tf.mul(c, peepholes[1]));
      }
      const nextC = tf.add(
        tf.mul(activate(f, recurrentActivation), c),
        tf.mul(activate(i, recurrentActivation), activate(g, activation)),
      ) as tf.Tensor2D;
      if (peepholes) o = tf.add(o, tf.mul(nextC, peepholes[2]));
      const nextH = tf.mul(activate(o, recurrentActivation), activate(nextC, activation));
      return { h: nextH as tf.Tensor2D, c: nextC };
    },
  };
};
