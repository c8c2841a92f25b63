/**
 * The step-kernel paths of a GRU cell (tfjs-wasm and tfjs-cpu, sigmoid gates, tanh, unmasked
 * steps): each wraps an op-by-op cell of gru.ts, which still serves masked runs, and adds
 * `stepFromInputs`, a step built from one or two products of the [x | h] block and rnnkit's
 * kernels. Reset before the candidate's product: four ops (gru-cell-kernels.ts); reset after:
 * two (gru-reset-after-kernel.ts).
 */
import type { ResolvedRecurrentLayer } from '@rnnkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { dense } from './dense-kernel.js';
import { gruResetOp, gruUpdateOp } from './gru-cell-kernels.js';
import { gruResetAfterOp } from './gru-reset-after-kernel.js';
import {
  type CellOptions,
  concatRows,
  type DirectionWeights,
  firstStepBlock,
  foldBiases,
  type RecurrentCell,
  upload1d,
  uploadTransposed,
} from './recurrent-cell.js';

/**
 * Adds the two-op step of gru-reset-after-kernel.ts (tfjs-wasm and tfjs-cpu, reset after the
 * recurrent product, sigmoid gates, tanh): [x | h] times [W_z W_r W_h 0; U_z U_r 0 U_h] plus
 * [b_z+rb_z, b_r+rb_r, b_h, rb_h] (on tfjs-cpu rnnkit's own product, dense-kernel.ts), then the
 * kernel. Weights as given (no doubling: the kernel computes tanh itself).
 */
export function withResetAfterKernel(
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
  const gates = (b: Float32Array | undefined) => b?.subarray(0, 2 * units);
  const gateBias = foldBiases(2 * units, gates(input), gates(recurrent));
  let bias: tf.Tensor1D | undefined;
  if (gateBias) {
    const folded = new Float32Array(width);
    folded.set(gateBias);
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
export function withResetBeforeKernels(
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
