/**
 * One direction of a recurrent layer as differentiable tfjs ops, batch-major ([batch, units]).
 * A cell is built once per forward pass from the direction's variables: everything that does
 * not change between steps (weight slices, folded biases) is computed there, once, so the
 * backward pass also accumulates it once instead of per step.
 */
import type { ResolvedRecurrentLayer } from '@rnnkit/core';
import type * as tf from '@tensorflow/tfjs-core';

export interface TrainingCellState {
  h: tf.Tensor2D;
  /** LSTM only. */
  c?: tf.Tensor2D;
}

export interface TrainingCell {
  /** The input half of every gate for all steps at once: [rows, in] -> [rows, gates*units]. */
  project(inputs: tf.Tensor2D): tf.Tensor2D;
  /** One step from this step's projection [batch, gates*units]. */
  step(projected: tf.Tensor2D, state: TrainingCellState): TrainingCellState;
}

/** A direction's weights (variables, read inside the gradient tape). */
export interface DirectionVariables {
  kernel: tf.Tensor2D;
  recurrentKernel: tf.Tensor2D;
  bias?: tf.Tensor1D;
  recurrentBias?: tf.Tensor1D;
  /** LSTM peepholes [3*units], order i, f, o. */
  peephole?: tf.Tensor1D;
}

export type TrainingCellFactory = (
  layer: ResolvedRecurrentLayer,
  weights: DirectionVariables,
) => TrainingCell;
