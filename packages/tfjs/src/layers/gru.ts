/**
 * GRU, gates z, r, h (Keras order). z, r = σ(x W + b + h U + rb); h' = z*h + (1-z)*h̃ with
 *   resetAfter=true  (Keras TF2 default, PyTorch, ONNX linear_before_reset=1):
 *                    h̃ = g(x Wh + bh + r*(h Uh + rbh))
 *   resetAfter=false (Keras 1/2, ONNX default): h̃ = g(x Wh + bh + (r*h) Uh + rbh)
 * tf.layers cannot load the first form; here both are plain tfjs ops.
 * With `tanhViaSigmoid` (tfjs-wasm, tanh candidate) every weight feeding the candidate is
 * doubled at load and the candidate is 2*sigmoid(2x) - 1 (see CellOptions). With `stepKernels`
 * (tfjs-wasm and tfjs-cpu) a GRU with sigmoid gates and tanh steps in four ops
 * (gru-cell-kernels.ts) with resetAfter=false and in two (gru-reset-after-kernel.ts) with
 * resetAfter=true, when no step is masked (gru-kernel-paths.ts).
 */

import type { ResolvedRecurrentLayer, WeightTensor } from '@rnnkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { activate } from './activation.js';
import { withResetAfterKernel, withResetBeforeKernels } from './gru-kernel-paths.js';
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
  uploadColumn,
  uploadTransposed,
} from './recurrent-cell.js';

export function createGruCell(
  layer: ResolvedRecurrentLayer,
  weights: DirectionWeights,
  options: CellOptions,
): RecurrentCell {
  const units = layer.units;
  const width = 3 * units;
  const viaSigmoid = options.tanhViaSigmoid && layer.activation === 'tanh';
  const factor = viaSigmoid ? 2 : 1;
  // Every weight that only feeds the candidate (columns [2u, 3u)) is scaled by `factor`.
  const candidate: Candidate = {
    scale: (data) => scaleColumns(data, width, 2 * units, width, factor),
    activate: viaSigmoid ? tanhFromDoubled : (x) => activate(x, layer.activation),
  };
  const kernels =
    options.stepKernels === true &&
    layer.activation === 'tanh' &&
    layer.recurrentActivation === 'sigmoid';
  if (layer.resetAfter) {
    const cell = resetAfterCell(layer, weights, candidate);
    return kernels ? withResetAfterKernel(cell, layer, weights, options) : cell;
  }
  const cell = resetBeforeCell(layer, weights, candidate);
  return kernels ? withResetBeforeKernels(cell, layer, weights) : cell;
}

interface Candidate {
  /** A copy of a [rows, 3*units] weight (or a bias) with the candidate's columns scaled. */
  scale(data: Float32Array): Float32Array;
  /** The candidate's activation, applied to its (scaled) pre-activation. */
  activate(x: tf.Tensor): tf.Tensor;
}

function uploadKernel(weight: WeightTensor, candidate: Candidate): tf.Tensor2D {
  return tf.tensor2d(candidate.scale(weight.data), weight.shape as [number, number], 'float32');
}

/** h̃ + z*(h - h̃) is z*h + (1-z)*h̃ with one op fewer per step. */
function blend(z: tf.Tensor, h: tf.Tensor, candidate: tf.Tensor): tf.Tensor2D {
  return tf.add(candidate, tf.mul(z, tf.sub(h, candidate))) as tf.Tensor2D;
}

/**
 * One product of the whole recurrent kernel with h per step, then a split. The z and r parts
 * of the recurrent bias fold into the input bias; its h part must stay inside the reset product.
 */
function resetAfterCell(
  layer: ResolvedRecurrentLayer,
  weights: DirectionWeights,
  candidate: Candidate,
): RecurrentCell {
  const units = layer.units;
  const width = 3 * units;
  const kernel = uploadKernel(weights.kernel, candidate);
  const recurrentKernelT = uploadTransposed(
    candidate.scale(weights.recurrentKernel.data),
    units,
    width,
  );
  const recurrentBias = weights.recurrentBias && candidate.scale(weights.recurrentBias.data);
  const gateRecurrentBias = recurrentBias
    ? Float32Array.from(recurrentBias).fill(0, 2 * units)
    : undefined;
  const inputBias = weights.bias && candidate.scale(weights.bias.data);
  const bias = upload1d(foldBiases(width, inputBias, gateRecurrentBias));
  const candidateRecurrentBias = uploadColumn(recurrentBias?.subarray(2 * units));
  const owned = [kernel, recurrentKernelT, bias, candidateRecurrentBias].filter(
    (t) => t !== undefined,
  );
  return {
    projectInputs: (x) => project(x, kernel, bias),
    step(projected: tf.Tensor2D, state: CellState): CellState {
      const h = state.h;
      const recurrent = tf.matMul(recurrentKernelT, h);
      const [inputGates, inputCandidate] = tf.split(projected, [2 * units, units], 0);
      const [recurrentGates, recurrentProduct] = tf.split(recurrent, [2 * units, units], 0);
      const [z, r] = tf.split(
        activate(tf.add(inputGates, recurrentGates), layer.recurrentActivation),
        2,
        0,
      );
      const recurrentCandidate = candidateRecurrentBias
        ? tf.add(recurrentProduct, candidateRecurrentBias)
        : recurrentProduct;
      const next = candidate.activate(tf.add(inputCandidate, tf.mul(r, recurrentCandidate)));
      return { h: blend(z, h, next) };
    },
    dispose: () => tf.dispose(owned),
  };
}

/**
 * The reset gate multiplies h before the candidate's product, so the recurrent kernel is split
 * at load into its z,r rows and its h rows (transposed): two products per step. Every bias is
 * outside the reset here, so all fold into the hoisted input product.
 */
function resetBeforeCell(
  layer: ResolvedRecurrentLayer,
  weights: DirectionWeights,
  candidate: Candidate,
): RecurrentCell {
  const units = layer.units;
  const width = 3 * units;
  const kernel = uploadKernel(weights.kernel, candidate);
  const u = candidate.scale(weights.recurrentKernel.data);
  const gatesKernelT = uploadTransposed(u, units, width, 0, 2 * units);
  const candidateKernelT = uploadTransposed(u, units, width, 2 * units, width);
  const folded = foldBiases(width, weights.bias?.data, weights.recurrentBias?.data);
  const bias = upload1d(folded && candidate.scale(folded));
  const owned = [kernel, gatesKernelT, candidateKernelT, bias].filter((t) => t !== undefined);
  return {
    projectInputs: (x) => project(x, kernel, bias),
    step(projected: tf.Tensor2D, state: CellState): CellState {
      const h = state.h;
      const [inputGates, inputCandidate] = tf.split(projected, [2 * units, units], 0);
      const gates = activate(
        tf.add(inputGates, tf.matMul(gatesKernelT, h)),
        layer.recurrentActivation,
      );
      const [z, r] = tf.split(gates, 2, 0);
      const next = candidate.activate(
        tf.add(inputCandidate, tf.matMul(candidateKernelT, tf.mul(r, h) as tf.Tensor2D)),
      );
      return { h: blend(z, h, next) };
    },
    dispose: () => tf.dispose(owned),
  };
}
