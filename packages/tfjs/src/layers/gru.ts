/**
 * GRU, gates z, r, h (Keras order). z, r = σ(x W + b + h U + rb); h' = z*h + (1-z)*h̃ with
 *   resetAfter=true  (Keras TF2 default, PyTorch, ONNX linear_before_reset=1):
 *                    h̃ = g(x Wh + bh + r*(h Uh + rbh))
 *   resetAfter=false (Keras 1/2, ONNX default): h̃ = g(x Wh + bh + (r*h) Uh + rbh)
 * tf.layers cannot load the first form; here both are plain tfjs ops.
 */

import type { ResolvedRecurrentLayer } from '@rnnkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { activate } from './activation.js';
import {
  type CellState,
  columns,
  type DirectionWeights,
  foldBiases,
  project,
  type RecurrentCell,
  upload1d,
  upload2d,
} from './recurrent-cell.js';

export function createGruCell(
  layer: ResolvedRecurrentLayer,
  weights: DirectionWeights,
): RecurrentCell {
  return layer.resetAfter ? resetAfterCell(layer, weights) : resetBeforeCell(layer, weights);
}

/**
 * One product of h with the whole recurrent kernel per step (fused with the recurrent bias,
 * which must stay inside the reset product for the candidate), then a split.
 */
function resetAfterCell(layer: ResolvedRecurrentLayer, weights: DirectionWeights): RecurrentCell {
  const units = layer.units;
  const kernel = upload2d(weights.kernel);
  const recurrentKernel = upload2d(weights.recurrentKernel);
  const bias = upload1d(weights.bias?.data);
  const recurrentBias = upload1d(weights.recurrentBias?.data);
  const owned = [kernel, recurrentKernel, bias, recurrentBias].filter((t) => t !== undefined);
  return {
    projectInputs: (x) => project(x, kernel, bias),
    step(projected: tf.Tensor2D, state: CellState): CellState {
      const h = state.h;
      const recurrent = tf.fused.matMul({ a: h, b: recurrentKernel, bias: recurrentBias });
      const [inputGates, inputCandidate] = tf.split(projected, [2 * units, units], 1);
      const [recurrentGates, recurrentCandidate] = tf.split(recurrent, [2 * units, units], 1);
      const [z, r] = tf.split(
        activate(tf.add(inputGates, recurrentGates), layer.recurrentActivation),
        2,
        1,
      );
      const candidate = activate(
        tf.add(inputCandidate, tf.mul(r, recurrentCandidate)),
        layer.activation,
      );
      // z*h + (1-z)*h̃ rewritten as h̃ + z*(h-h̃): one op fewer per step, same value.
      return { h: tf.add(candidate, tf.mul(z, tf.sub(h, candidate))) as tf.Tensor2D };
    },
    dispose: () => tf.dispose(owned),
  };
}

/**
 * The reset gate multiplies h before the candidate's product, so the recurrent kernel is split
 * at load into its z,r columns and its h columns: two products per step. Every bias is outside
 * the reset here, so all fold into the hoisted input product.
 */
function resetBeforeCell(layer: ResolvedRecurrentLayer, weights: DirectionWeights): RecurrentCell {
  const units = layer.units;
  const width = 3 * units;
  const kernel = upload2d(weights.kernel);
  const u = weights.recurrentKernel.data;
  const gatesKernel = tf.tensor2d(
    columns(u, units, width, 0, 2 * units),
    [units, 2 * units],
    'float32',
  );
  const candidateKernel = tf.tensor2d(
    columns(u, units, width, 2 * units, width),
    [units, units],
    'float32',
  );
  const bias = upload1d(foldBiases(width, weights.bias?.data, weights.recurrentBias?.data));
  const owned = [kernel, gatesKernel, candidateKernel, bias].filter((t) => t !== undefined);
  return {
    projectInputs: (x) => project(x, kernel, bias),
    step(projected: tf.Tensor2D, state: CellState): CellState {
      const h = state.h;
      const [inputGates, inputCandidate] = tf.split(projected, [2 * units, units], 1);
      const gates = activate(
        tf.add(inputGates, tf.matMul(h, gatesKernel)),
        layer.recurrentActivation,
      );
      const [z, r] = tf.split(gates, 2, 1);
      const candidate = activate(
        tf.add(inputCandidate, tf.matMul(tf.mul(r, h) as tf.Tensor2D, candidateKernel)),
        layer.activation,
      );
      return { h: tf.add(candidate, tf.mul(z, tf.sub(h, candidate))) as tf.Tensor2D };
    },
    dispose: () => tf.dispose(owned),
  };
}
