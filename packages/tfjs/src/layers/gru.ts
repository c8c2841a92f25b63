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
 * resetAfter=true, when no step is masked.
 */

import type { ResolvedRecurrentLayer, WeightTensor } from '@rnnkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { activate } from './activation.js';
import { dense } from './dense-kernel.js';
import { gruResetOp, gruUpdateOp } from './gru-cell-kernels.js';
import { gruResetAfterOp } from './gru-reset-after-kernel.js';
import {
  type CellOptions,
  type CellState,
  concatRows,
  type DirectionWeights,
  firstStepBlock,
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
  return kernels ? withStepKernels(cell, layer, weights) : cell;
}

/**
 * Adds the two-op step of gru-reset-after-kernel.ts (tfjs-wasm and tfjs-cpu, reset after the
 * recurrent product, sigmoid gates, tanh): [x | h] times [W_z W_r W_h 0; U_z U_r 0 U_h] plus
 * [b_z+rb_z, b_r+rb_r, b_h, rb_h] (on tfjs-cpu rnnkit's own product, dense-kernel.ts), then the
 * kernel. Weights as given (no doubling: the kernel computes tanh itself).
 */
function withResetAfterKernel(
  cell: RecurrentCell,
  layer: ResolvedRecurrentLayer,
  weights: DirectionWeights,
  options: CellOptions,
): RecurrentCell {
  const units = layer.units;
  const inputSize = weights.kernel.shape[0];
  const width = 4 * units;
  const stacked = new Float32Array((inputSize + units) * width);
  // Input rows: z, r, h columns of W, then zeros; recurrent rows: z, r of U, zeros, h of U.
  const place = (data: Float32Array, rows: number, firstRow: number, hColumn: number) => {
    for (let r = 0; r < rows; r++) {
      const from = data.subarray(r * 3 * units, (r + 1) * 3 * units);
      const to = (firstRow + r) * width;
      stacked.set(from.subarray(0, 2 * units), to);
      stacked.set(from.subarray(2 * units), to + hColumn);
    }
  };
  place(weights.kernel.data, inputSize, 0, 2 * units);
  place(weights.recurrentKernel.data, units, inputSize, 3 * units);
  // tfjs-cpu (`hostProducts`): rnnkit's own product, which reads the kernel transposed.
  const hostProduct = options.hostProducts === true;
  const kernel = hostProduct
    ? uploadTransposed(stacked, inputSize + units, width)
    : tf.tensor2d(stacked, [inputSize + units, width]);
  const input = weights.bias?.data;
  const recurrent = weights.recurrentBias?.data;
  let bias: tf.Tensor1D | undefined;
  if (input || recurrent) {
    const folded = new Float32Array(width);
    for (let j = 0; j < 2 * units; j++) folded[j] = (input?.[j] ?? 0) + (recurrent?.[j] ?? 0);
    if (input) folded.set(input.subarray(2 * units), 2 * units);
    if (recurrent) folded.set(recurrent.subarray(2 * units), 3 * units);
    bias = tf.tensor1d(folded);
  }
  const owned = [kernel, bias].filter((t) => t !== undefined);
  return {
    ...cell,
    stepFromInputs(inputs, t, nextStep, state) {
      // Only the first step builds [x_t | h] itself; the kernel lays out every later one.
      const block = state.carry ?? firstStepBlock(inputs, t, state.h);
      const parts = hostProduct
        ? dense(block, kernel, bias, 'linear')
        : (tf.fused.matMul({ a: block, b: kernel, bias }) as tf.Tensor2D);
      const next = gruResetAfterOp(parts, block, inputs, nextStep);
      return { h: next.h, carry: next.next };
    },
    dispose() {
      cell.dispose();
      tf.dispose(owned);
    },
  };
}

/**
 * Adds the four-op step of gru-cell-kernels.ts (tfjs-wasm and tfjs-cpu, reset before the
 * candidate's product, sigmoid gates, tanh): [x | h] times the z,r columns of [W; U], then the
 * reset block [x | r*h] times the candidate columns (doubled, so the fused sigmoid gives tanh
 * through 2*sigmoid(2x) - 1). All biases sit outside the reset here, so they fold per product.
 */
function withStepKernels(
  cell: RecurrentCell,
  layer: ResolvedRecurrentLayer,
  weights: DirectionWeights,
): RecurrentCell {
  const units = layer.units;
  const width = 3 * units;
  const inputSize = weights.kernel.shape[0];
  const folded = foldBiases(width, weights.bias?.data, weights.recurrentBias?.data);
  const stacked = (start: number, end: number, factor: number) =>
    tf.tensor2d(
      concatRows(
        columns(weights.kernel.data, width, start, end, factor),
        columns(weights.recurrentKernel.data, width, start, end, factor),
      ),
      [inputSize + units, end - start],
    );
  const gatesKernel = stacked(0, 2 * units, 1);
  const candidateKernel = stacked(2 * units, width, 2);
  const gatesBias = upload1d(folded && columns(folded, width, 0, 2 * units, 1));
  const candidateBias = upload1d(folded && columns(folded, width, 2 * units, width, 2));
  const owned = [gatesKernel, candidateKernel, gatesBias, candidateBias].filter(
    (t) => t !== undefined,
  );
  return {
    ...cell,
    stepFromInputs(inputs, t, nextStep, state) {
      // Only the first step builds [x_t | h] itself; the update kernel lays out every later one.
      const block = state.carry ?? firstStepBlock(inputs, t, state.h);
      const gates = tf.fused.matMul({
        a: block,
        b: gatesKernel,
        bias: gatesBias,
        activation: 'sigmoid',
      }) as tf.Tensor2D;
      const reset = gruResetOp(gates, block);
      const candidate = tf.fused.matMul({
        a: reset,
        b: candidateKernel,
        bias: candidateBias,
        activation: 'sigmoid',
      }) as tf.Tensor2D;
      const next = gruUpdateOp(gates, candidate, block, inputs, nextStep);
      return { h: next.h, carry: next.next };
    },
    dispose() {
      cell.dispose();
      tf.dispose(owned);
    },
  };
}

/** Columns [start, end) of row-major [rows, cols] `data` times `factor`: [rows, end - start]. */
function columns(
  data: Float32Array,
  cols: number,
  start: number,
  end: number,
  factor: number,
): Float32Array {
  const rows = data.length / cols;
  const width = end - start;
  const out = new Float32Array(rows * width);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < width; c++) out[r * width + c] = data[r * cols + start + c] * factor;
  }
  return out;
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
