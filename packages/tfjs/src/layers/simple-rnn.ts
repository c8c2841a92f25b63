/** SimpleRNN: h' = act(x W + b + h U + rb). Both biases fold into the hoisted input product. */

import type { ResolvedRecurrentLayer } from '@rnnkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { activate } from './activation.js';
import {
  type CellState,
  type DirectionWeights,
  foldBiases,
  project,
  type RecurrentCell,
  upload1d,
  upload2d,
  uploadTransposed,
} from './recurrent-cell.js';

export function createSimpleRnnCell(
  layer: ResolvedRecurrentLayer,
  weights: DirectionWeights,
): RecurrentCell {
  const units = layer.units;
  const kernel = upload2d(weights.kernel);
  const recurrentKernelT = uploadTransposed(weights.recurrentKernel.data, units, units);
  const bias = upload1d(foldBiases(units, weights.bias?.data, weights.recurrentBias?.data));
  const owned = [kernel, recurrentKernelT, bias].filter((t) => t !== undefined);
  return {
    projectInputs: (x) => project(x, kernel, bias),
    step(projected: tf.Tensor2D, state: CellState): CellState {
      const h = activate(tf.add(projected, tf.matMul(recurrentKernelT, state.h)), layer.activation);
      return { h: h as tf.Tensor2D };
    },
    dispose: () => tf.dispose(owned),
  };
}
