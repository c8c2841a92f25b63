/**
 * The time loop shared by every recurrent cell, and a whole recurrent layer (one direction or
 * two, merged). Between layers sequences are time-major ([time, batch, features]); inside the
 * loop values are feature-major ([features, batch], see recurrent-cell.ts).
 */

import type { PaddedOutputs, ResolvedRecurrentLayer } from '@rnnkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { merge } from './merge.js';
import type { CellState, RecurrentCell } from './recurrent-cell.js';

/**
 * Splits [time, rows, cols] into one tensor per step: [rows, cols], or [cols, rows] with
 * `transpose`. Chosen by the runtime (model/step-slicer.ts): how to do it fast differs between
 * CPU-memory backends and GPU backends.
 */
export type StepSlicer = (x: tf.Tensor, transpose?: boolean) => tf.Tensor[];

export interface DirectionResult {
  /** Per time step h [units, batch], time-aligned (index t = state after step t); only when asked. */
  outputs?: tf.Tensor2D[];
  /** Feature-major. */
  final: CellState;
}

/**
 * What the steps read: every step's input projection, one tensor per step ([gates*units,
 * batch]); or, for a cell with `stepFromInputs`, the layer's whole input [time, batch, size].
 */
export type StepInputs = { projected: tf.Tensor2D[] } | { inputs: tf.Tensor3D; time: number };

/**
 * Runs one direction on `stepInputs` (see StepInputs; per-step projections are freed as used);
 * `stepMasks[t]` ([units, batch] bool, true = real step) keeps an example's state unchanged at
 * its padded steps, and its output there is what `paddedOutputs` says (spec PaddedOutputs: 0, or
 * the last real step's output in processing order, 0 before the first). tf.where selects rather
 * than blends, so a non-finite value computed at a padded step cannot leak into the state.
 */
export function runDirection(
  cell: RecurrentCell,
  stepInputs: StepInputs,
  initial: CellState,
  reverse: boolean,
  stepMasks: tf.Tensor2D[] | undefined,
  keepOutputs: boolean,
  paddedOutputs: PaddedOutputs = 'zero',
): DirectionResult {
  const projected = 'projected' in stepInputs ? stepInputs.projected : undefined;
  const inputs = 'inputs' in stepInputs ? stepInputs.inputs : undefined;
  const time = projected ? projected.length : (stepInputs as { time: number }).time;
  const outputs: tf.Tensor2D[] | undefined = keepOutputs ? new Array(time) : undefined;
  // With masks the outputs are their own tensors (not the states), starting from zeros.
  const zeros = keepOutputs && stepMasks ? (tf.zerosLike(initial.h) as tf.Tensor2D) : undefined;
  let lastOutput = zeros;
  let state = initial;
  for (let k = 0; k < time; k++) {
    const t = reverse ? time - 1 - k : k;
    const nextStep = k + 1 === time ? -1 : reverse ? t - 1 : t + 1;
    const previous = state;
    const stepped = tf.tidy(() => {
      const next = projected
        ? cell.step(projected[t], previous)
        : (cell.stepFromInputs as NonNullable<RecurrentCell['stepFromInputs']>)(
            inputs as tf.Tensor3D,
            t,
            nextStep,
            previous,
          );
      const mask = stepMasks?.[t];
      if (!mask) return { state: next };
      const held: CellState = {
        h: tf.where(mask, next.h, previous.h) as tf.Tensor2D,
        ...(next.c && previous.c ? { c: tf.where(mask, next.c, previous.c) as tf.Tensor2D } : {}),
      };
      if (!lastOutput) return { state: held };
      const fill = paddedOutputs === 'previous' ? lastOutput : (zeros as tf.Tensor2D);
      return { state: held, output: tf.where(mask, next.h, fill) as tf.Tensor2D };
    });
    state = stepped.state;
    if (projected) tf.dispose(projected[t]);
    // Free superseded states now rather than at the end of the run (long sequences). Without
    // masks a kept output is the state itself.
    if (previous !== initial) {
      if (!keepOutputs || stepMasks) tf.dispose(previous.h);
      if (previous.c) tf.dispose(previous.c);
      if (previous.carry) tf.dispose(previous.carry);
    }
    if (outputs) {
      outputs[t] = stepped.output ?? state.h;
      if (stepped.output) lastOutput = stepped.output;
    }
  }
  if (state.carry) {
    tf.dispose(state.carry);
    state = { h: state.h, c: state.c };
  }
  return { outputs, final: state };
}

export interface LayerResult {
  /** [time, batch, outputSize] with returnSequences, else [batch, outputSize]. */
  output: tf.Tensor;
  /** [directions, batch, units]. */
  finalH: tf.Tensor3D;
  finalC?: tf.Tensor3D;
}

/** Batch-major initial state of one direction: h (and c) [batch, units]. */
export interface InitialState {
  h: tf.Tensor2D;
  c?: tf.Tensor2D;
}

/**
 * A whole recurrent layer over xs [time, batch, inputSize]. `initial` holds one state per
 * direction (forward first); `mask` is [time, batch] bool (true = real step), absent when every
 * step is real.
 */
export function runRecurrentLayer(
  layer: ResolvedRecurrentLayer,
  cells: readonly RecurrentCell[],
  xs: tf.Tensor3D,
  initial: readonly InitialState[],
  mask: tf.Tensor2D | undefined,
  sliceSteps: StepSlicer,
): LayerResult {
  const [time, batch, inputSize] = xs.shape;
  const units = layer.units;
  const flat = tf.reshape(xs, [time * batch, inputSize]) as tf.Tensor2D;
  const stepMasks = mask
    ? (sliceSteps(
        tf.broadcastTo(tf.reshape(mask, [time, 1, batch]), [time, units, batch]),
      ) as tf.Tensor2D[])
    : undefined;
  const reverseFlags =
    layer.direction === 'bidirectional' ? [false, true] : [layer.direction === 'reverse'];
  const results = reverseFlags.map((reverse, d) => {
    // The input half of every gate for all steps in one fused product (with the folded bias),
    // then feature-major per step: [time*batch, G*units] -> [time, G*units, batch]. A cell that
    // steps from the inputs themselves (the tfjs-wasm LSTM kernel) gets them as they are, unless
    // a step is masked: the kernel lays out each next step assuming every step is real.
    const stepInputs: StepInputs =
      cells[d].stepFromInputs && !mask
        ? { inputs: xs, time }
        : {
            projected: sliceSteps(
              tf.reshape(cells[d].projectInputs(flat), [time, batch, -1]),
              true,
            ) as tf.Tensor2D[],
          };
    const start: CellState = {
      h: tf.transpose(initial[d].h),
      ...(initial[d].c ? { c: tf.transpose(initial[d].c as tf.Tensor2D) } : {}),
    };
    return runDirection(
      cells[d],
      stepInputs,
      start,
      reverse,
      stepMasks,
      layer.returnSequences,
      layer.paddedOutputs,
    );
  });
  const batchMajor = (t: tf.Tensor2D) => tf.transpose(t) as tf.Tensor2D;
  const finalH = tf.stack(results.map((r) => batchMajor(r.final.h))) as tf.Tensor3D;
  const finalC =
    layer.type === 'lstm'
      ? (tf.stack(results.map((r) => batchMajor(r.final.c as tf.Tensor2D))) as tf.Tensor3D)
      : undefined;
  let output: tf.Tensor;
  if (layer.returnSequences) {
    // [time, units, batch] -> [time, batch, units]
    const sequences = results.map((r) =>
      tf.transpose(tf.stack(r.outputs as tf.Tensor2D[]), [0, 2, 1]),
    );
    output =
      sequences.length === 2 ? merge(layer.mergeMode, sequences[0], sequences[1]) : sequences[0];
  } else {
    const finals = results.map((r) => batchMajor(r.final.h));
    output = finals.length === 2 ? merge(layer.mergeMode, finals[0], finals[1]) : finals[0];
  }
  return { output, finalH, finalC };
}
