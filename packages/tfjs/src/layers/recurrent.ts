/**
 * The time loop shared by every recurrent cell, and a whole recurrent layer (one direction or
 * two, merged). Sequences are time-major inside the backend ([time, batch, features]) so each
 * step's slice is contiguous; the model converts at its edges.
 */

import type { ResolvedRecurrentLayer } from '@rnnkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { merge } from './merge.js';
import type { CellState, RecurrentCell } from './recurrent-cell.js';

export interface DirectionResult {
  /** Per time step h, time-aligned (index t = state after consuming step t); only when asked. */
  outputs?: tf.Tensor2D[];
  final: CellState;
}

/**
 * Runs one direction over xs [time, batch, inputSize]. `stepMasks[t]` ([batch, units] bool,
 * true = real step) keeps an example's state unchanged at its padded steps; tf.where selects
 * rather than blends, so a non-finite value computed at a padded step cannot leak into the state.
 */
export function runDirection(
  cell: RecurrentCell,
  xs: tf.Tensor3D,
  initial: CellState,
  reverse: boolean,
  stepMasks: tf.Tensor2D[] | undefined,
  keepOutputs: boolean,
): DirectionResult {
  const [time, batch, inputSize] = xs.shape;
  const projectedAll = cell.projectInputs(tf.reshape(xs, [time * batch, inputSize]) as tf.Tensor2D);
  const projected = tf.unstack(tf.reshape(projectedAll, [time, batch, -1])) as tf.Tensor2D[];
  const outputs: tf.Tensor2D[] | undefined = keepOutputs ? new Array(time) : undefined;
  let state = initial;
  for (let k = 0; k < time; k++) {
    const t = reverse ? time - 1 - k : k;
    const previous = state;
    state = tf.tidy(() => {
      const next = cell.step(projected[t], previous);
      const mask = stepMasks?.[t];
      if (!mask) return next;
      return {
        h: tf.where(mask, next.h, previous.h) as tf.Tensor2D,
        ...(next.c && previous.c ? { c: tf.where(mask, next.c, previous.c) as tf.Tensor2D } : {}),
      };
    });
    tf.dispose(projected[t]);
    // Free superseded states now rather than at the end of the run (long sequences).
    if (previous !== initial) {
      if (!keepOutputs) tf.dispose(previous.h);
      if (previous.c) tf.dispose(previous.c);
    }
    if (outputs) outputs[t] = state.h;
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

/**
 * A whole recurrent layer. `initial` holds one state per direction (forward first); `mask` is
 * [time, batch] bool (true = real step), absent when every step is real.
 */
export function runRecurrentLayer(
  layer: ResolvedRecurrentLayer,
  cells: readonly RecurrentCell[],
  xs: tf.Tensor3D,
  initial: readonly CellState[],
  mask: tf.Tensor2D | undefined,
): LayerResult {
  const [time, batch] = xs.shape;
  const stepMasks = mask
    ? (tf.unstack(
        tf.broadcastTo(tf.reshape(mask, [time, batch, 1]), [time, batch, layer.units]),
      ) as tf.Tensor2D[])
    : undefined;
  const reverseFlags =
    layer.direction === 'bidirectional' ? [false, true] : [layer.direction === 'reverse'];
  const results = reverseFlags.map((reverse, d) =>
    runDirection(cells[d], xs, initial[d], reverse, stepMasks, layer.returnSequences),
  );
  const finalH = tf.stack(results.map((r) => r.final.h)) as tf.Tensor3D;
  const finalC =
    layer.type === 'lstm'
      ? (tf.stack(results.map((r) => r.final.c as tf.Tensor2D)) as tf.Tensor3D)
      : undefined;
  let output: tf.Tensor;
  if (layer.returnSequences) {
    const sequences = results.map((r) => tf.stack(r.outputs as tf.Tensor2D[]));
    output =
      sequences.length === 2 ? merge(layer.mergeMode, sequences[0], sequences[1]) : sequences[0];
  } else {
    output =
      results.length === 2
        ? merge(layer.mergeMode, results[0].final.h, results[1].final.h)
        : results[0].final.h;
  }
  return { output, finalH, finalC };
}
