/**
 * SimpleRNN: h' = act(x W + b + h U + rb). Both biases fold into the hoisted input product.
 * With `tanhViaSigmoid` (tfjs-wasm, tanh) the weights are doubled at load (see CellOptions).
 */

import type { ResolvedRecurrentLayer } from '@rnnkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { activate } from './activation.js';
import {
  type CellOptions,
  type CellState,
  type DirectionWeights,
  foldBiases,
  project,
  type RecurrentCell,
  scaleColumns,
  tanhFromDoubled,
  upload1d,
  uploadTransposed,
} from './recurrent-cell.js';

export function createSimpleRnnCell(
  layer: ResolvedRecurrentLayer,
  weights: DirectionWeights,
  options: CellOptions,
): RecurrentCell {
  const units = layer.units;
  const viaSigmoid = options.tanhViaSigmoid && layer.activation === 'tanh';
  const scale = (data: Float32Array) => scaleColumns(data, units, 0, units, viaSigmoid ? 2 : 1);
  const kernel = tf.tensor2d(scale(weights.kernel.data), [weights.kernel.shape[0], units]);
  const recurrentKernelT = uploadTransposed(scale(weights.recurrentKernel.data), units, units);
  const folded = foldBiases(units, weights.bias?.data, weights.recurrentBias?.data);
  const bias = upload1d(folded && scale(folded));
  const act = viaSigmoid ? tanhFromDoubled : (x: tf.Tensor) => activate(x, layer.activation);
  const owned = [kernel, recurrentKernelT, bias].filter((t) => t !== undefined);
  return {
    projectInputs: (x) => project(x, kernel, bias),
    step(projected: tf.Tensor2D, state: CellState): CellState {
      const h = act(tf.add(projected, tf.matMul(recurrentKernelT, state.h)));
      return { h: h as tf.Tensor2D };
    },
    dispose: () => tf.dispose(owned),
  };
}
