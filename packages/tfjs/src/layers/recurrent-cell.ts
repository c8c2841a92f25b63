/**
 * What every recurrent cell (simpleRnn, lstm, gru) gives the time loop in `recurrent.ts`.
 * A cell owns one direction's weights, uploaded once at load.
 */

import type { WeightTensor } from '@rnnkit/core';
import * as tf from '@tensorflow/tfjs-core';

// A type alias, not an interface, so tf.tidy accepts it as a tensor container.
export type CellState = {
  h: tf.Tensor2D;
  /** LSTM only. */
  c?: tf.Tensor2D;
};

export interface RecurrentCell {
  /**
   * The input half of every gate for all time steps in one product:
   * [steps*batch, inputSize] -> [steps*batch, gates*units], with the (folded) input bias.
   * Hoisting it out of the loop leaves each step only the recurrent product and gate arithmetic.
   */
  projectInputs(x: tf.Tensor2D): tf.Tensor2D;
  /** One step: this step's projected inputs [batch, gates*units] and the state before it. */
  step(projected: tf.Tensor2D, state: CellState): CellState;
  /** Frees the cell's weights. */
  dispose(): void;
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

/** Columns [start, end) of a row-major [rows, cols] matrix. */
export function columns(
  data: Float32Array,
  rows: number,
  cols: number,
  start: number,
  end: number,
): Float32Array {
  const width = end - start;
  const out = new Float32Array(rows * width);
  for (let r = 0; r < rows; r++)
    out.set(data.subarray(r * cols + start, r * cols + end), r * width);
  return out;
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

export function upload1d(data: Float32Array | undefined): tf.Tensor1D | undefined {
  return data === undefined ? undefined : tf.tensor1d(data, 'float32');
}
