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
} from './recurrent-cell.js';

export function createSimpleRnnCell(
  layer: ResolvedRecurrentLayer,
  weights: DirectionWeights,
): RecurrentCell {
  const kernel = upload2d(weights.kernel);
  const recurrentKernel = upload2d(weights.recurrentKernel);
  const bias = upload1d(foldBiases(layer.units, weights.bias?.data, weights.recurrentBias?.data));
  return {
    projectInputs: (x) => project(x, kernel, bias),
    step(projected: tf.Tensor2D, state: CellState): CellState {
      const h = activate(
        tf.add(projected, tf.matMul(state.h, recurrentKernel)),
        layer.activation,
      ) as tf.Tensor2D;
      return { h };
    },
    dispose: () => tf.dispose([kernel, recurrentKernel, ...(bias ? [bias] : [])]),
  };
}
