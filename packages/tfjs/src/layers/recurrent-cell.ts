/**
 * What every recurrent cell (simpleRnn, lstm, gru) gives the time loop in `recurrent.ts`.
 * A cell owns one direction's weights, uploaded once at load.
 *
 * Inside the time loop everything is feature-major: state [units, batch], a step's projected
 * inputs [gates*units, batch], recurrent kernels stored transposed ([gates*units, units]). Then a
 * step's gate slices are runs of whole rows, contiguous in memory: tfjs-cpu slices those with a
 * subarray, while a column slice of a batch-major [batch, gates*units] goes through its generic
 * strided path, which measured ~100x slower than the step's own matMul.
 */

import type { WeightTensor } from '@rnnkit/core';
import * as tf from '@tensorflow/tfjs-core';

// A type alias, not an interface, so tf.tidy accepts it as a tensor container.
/** Feature-major state: [units, batch]. */
export type CellState = {
  h: tf.Tensor2D;
  /** LSTM only. */
  c?: tf.Tensor2D;
  /** What a `stepFromInputs` cell carries to its next step (the LSTM kernel's [x_next | h]). */
  carry?: tf.Tensor2D;
};

export interface RecurrentCell {
  /**
   * The input half of every gate for all time steps in one product:
   * [steps*batch, inputSize] -> [steps*batch, gates*units], with the (folded) input bias.
   * Hoisting it out of the loop leaves each step only the recurrent product and gate arithmetic.
   */
  projectInputs(x: tf.Tensor2D): tf.Tensor2D;
  /** One step: this step's projected inputs [gates*units, batch] and the state before it. */
  step(projected: tf.Tensor2D, state: CellState): CellState;
  /**
   * Set when the cell runs step t straight from the layer's whole input [time, batch, inputSize]
   * (no projection, no per-step slices); `nextStep` is the step that follows (-1 after the last),
   * so the cell can lay out what that step reads. The loop uses it only when no step is masked.
   */
  stepFromInputs?(inputs: tf.Tensor3D, t: number, nextStep: number, state: CellState): CellState;
  /** Frees the cell's weights. */
  dispose(): void;
}

/**
 * Choices made per tfjs backend at load (model/compile.ts).
 * `tanhViaSigmoid`: compute tanh(x) as 2*sigmoid(2x) - 1. tfjs-wasm's Tanh is a scalar loop
 * that measured ~10x slower than its (XNNPACK, vectorised) Sigmoid on [32, 128]; with the
 * factor 2 folded into the weights (exact: a power of two) the identity costs two cheap
 * elementwise ops, and an LSTM can apply one sigmoid to all four gates at once. The result
 * differs from tanh by at most ~1.2e-7 absolute (float32 rounding of sigmoid near 1/2).
 */
export interface CellOptions {
  tanhViaSigmoid: boolean;
  /**
   * `stepKernels` (tfjs-wasm and tfjs-cpu): an LSTM with sigmoid gates and tanh (no peepholes)
   * runs each unmasked step as two ops, a fused product and one custom kernel
   * (lstm-cell-kernel.ts), instead of a dozen; a GRU with the reset before the candidate's
   * product as four (gru-cell-kernels.ts) instead of fourteen.
   */
  stepKernels?: boolean;
  /**
   * `hostProducts` (tfjs-cpu only): the product of the LSTM and reset-after GRU step kernel
   * paths ([x | h] times the stacked kernel, plus bias) runs as rnnkit's own kernel
   * (dense-kernel.ts) over the stacked kernel uploaded transposed. tfjs-cpu's MatMul measured
   * ~0.5 GFLOP/s and dominated those paths; the JS loop there, ~3.6. tfjs-wasm keeps its own
   * (XNNPACK) fused product.
   */
  hostProducts?: boolean;
}

/** tanh(x) from `doubledX` = 2x, as 2*sigmoid(2x) - 1 (see CellOptions). */
export function tanhFromDoubled(doubledX: tf.Tensor): tf.Tensor {
  return tf.sub(tf.mul(tf.sigmoid(doubledX), 2), 1);
}

/**
 * A copy of row-major [rows, cols] `data` with columns [start, end) times `factor`
 * (a 1-D vector is one row). Used to fold the 2 of `tanhViaSigmoid` into weights.
 */
export function scaleColumns(
  data: Float32Array,
  cols: number,
  start: number,
  end: number,
  factor: number,
): Float32Array {
  const out = Float32Array.from(data);
  if (factor === 1) return out;
  for (let row = 0; row < out.length; row += cols) {
    for (let c = start; c < end; c++) out[row + c] *= factor;
  }
  return out;
}

/** One direction's canonical weights (see core `expectedWeights`). */
export interface DirectionWeights {
  kernel: WeightTensor;
  recurrentKernel: WeightTensor;
  bias?: WeightTensor;
  recurrentBias?: WeightTensor;
  peephole?: WeightTensor;
}

/**
 * Sum of the biases that only ever add linearly to a gate (computed in float64, rounded once),
 * so the hoisted input product carries them and no step adds them again. Undefined when there
 * is no bias at all.
 */
export function foldBiases(
  width: number,
  ...biases: (Float32Array | undefined)[]
): Float32Array | undefined {
  const present = biases.filter((b): b is Float32Array => b !== undefined);
  if (present.length === 0) return undefined;
  const sum = new Float32Array(width);
  for (let i = 0; i < width; i++) {
    let total = 0;
    for (const b of present) total += b[i];
    sum[i] = total;
  }
  return sum;
}

/** [inputSize, width] kernel times inputs, plus an optional rank-1 bias, as one fused kernel. */
export function project(
  x: tf.Tensor2D,
  kernel: tf.Tensor2D,
  bias: tf.Tensor1D | undefined,
): tf.Tensor2D {
  return tf.fused.matMul({ a: x, b: kernel, bias }) as tf.Tensor2D;
}

export function upload2d(weight: WeightTensor): tf.Tensor2D {
  return tf.tensor2d(weight.data, weight.shape as [number, number], 'float32');
}

/** Columns [start, end) of a row-major [rows, cols] matrix, uploaded transposed: [end-start, rows]. */
export function uploadTransposed(
  data: Float32Array,
  rows: number,
  cols: number,
  start = 0,
  end = cols,
): tf.Tensor2D {
  const width = end - start;
  const out = new Float32Array(width * rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < width; c++) out[c * rows + r] = data[r * cols + start + c];
  }
  return tf.tensor2d(out, [width, rows], 'float32');
}

/** A per-feature vector as a [n, 1] column, to broadcast over feature-major [n, batch] values. */
export function uploadColumn(data: Float32Array | undefined): tf.Tensor2D | undefined {
  return data === undefined ? undefined : tf.tensor2d(data, [data.length, 1], 'float32');
}

export function upload1d(data: Float32Array | undefined): tf.Tensor1D | undefined {
  return data === undefined ? undefined : tf.tensor1d(data, 'float32');
}

/** Row-major [a; b]: `bottom`'s rows under `top`'s (same column count). */
export function concatRows(top: Float32Array, bottom: Float32Array): Float32Array {
  const out = new Float32Array(top.length + bottom.length);
  out.set(top);
  out.set(bottom, top.length);
  return out;
}

/** [x_t | h] for step t (the first step of a `stepFromInputs` cell): inputs [time, batch, size], h feature-major [units, batch]. */
export function firstStepBlock(inputs: tf.Tensor3D, t: number, h: tf.Tensor2D): tf.Tensor2D {
  const [, batch, size] = inputs.shape;
  const x = tf.reshape(tf.slice(inputs, [t, 0, 0], [1, batch, size]), [batch, size]);
  return tf.concat([x, tf.transpose(h)], 1) as tf.Tensor2D;
}
