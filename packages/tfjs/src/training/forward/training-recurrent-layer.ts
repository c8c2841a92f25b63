/**
 * A whole recurrent layer as differentiable ops over xs [time, batch, in] (time-major): one
 * input projection per direction, then the step loop. A padded step (mask false) keeps the
 * example's state through tf.where, and its sequence output is what `paddedOutputs` says (as
 * core's reference/direction-runner.ts): 0 ('zero'), or ('previous') the output of the last real
 * step this direction has read, 0 before the first. where's gradient sends the incoming gradient
 * to the selected value only, so a 'previous' copy passes its gradient back to that real step.
 */
import type { PaddedOutputs, ResolvedRecurrentLayer } from '@rnnkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { merge } from '../../layers/merge.js';
import type { TrainingCell, TrainingCellState } from './training-cell.js';
import { unstackSteps } from './unstack-steps.js';

export interface TrainingLayerResult {
  /** [time, batch, outputSize] with returnSequences, else [batch, outputSize]. */
  output: tf.Tensor;
  /** Each direction's final state (forward first), for a later `concatStates` layer. */
  finals: TrainingCellState[];
}

export function runTrainingLayer(
  layer: ResolvedRecurrentLayer,
  cells: readonly TrainingCell[],
  xs: tf.Tensor3D,
  initial: readonly TrainingCellState[],
  stepMasks: readonly tf.Tensor2D[] | undefined,
): TrainingLayerResult {
  const [time, batch, inputSize] = xs.shape;
  const flat = tf.reshape(xs, [time * batch, inputSize]) as tf.Tensor2D;
  const reverseFlags =
    layer.direction === 'bidirectional' ? [false, true] : [layer.direction === 'reverse'];
  const results = reverseFlags.map((reverse, d) => {
    const projected = unstackSteps(
      tf.reshape(cells[d].project(flat), [time, batch, -1]) as tf.Tensor3D,
    );
    return runDirection(
      cells[d],
      projected,
      initial[d],
      reverse,
      stepMasks,
      layer.returnSequences,
      layer.paddedOutputs,
    );
  });
  const finals = results.map((r) => r.final);
  if (layer.returnSequences) {
    const sequences = results.map((r) => tf.stack(r.outputs as tf.Tensor2D[]));
    return {
      output:
        sequences.length === 2 ? merge(layer.mergeMode, sequences[0], sequences[1]) : sequences[0],
      finals,
    };
  }
  const hs = finals.map((f) => f.h);
  return { output: hs.length === 2 ? merge(layer.mergeMode, hs[0], hs[1]) : hs[0], finals };
}

function runDirection(
  cell: TrainingCell,
  projected: readonly tf.Tensor2D[],
  initial: TrainingCellState,
  reverse: boolean,
  stepMasks: readonly tf.Tensor2D[] | undefined,
  keepOutputs: boolean,
  paddedOutputs: PaddedOutputs,
): { final: TrainingCellState; outputs?: tf.Tensor2D[] } {
  const time = projected.length;
  const outputs: tf.Tensor2D[] | undefined = keepOutputs ? new Array(time) : undefined;
  let state = initial;
  const zeros = tf.zerosLike(initial.h) as tf.Tensor2D;
  let held = zeros;
  for (let k = 0; k < time; k++) {
    const t = reverse ? time - 1 - k : k;
    const next = cell.step(projected[t], state);
    const mask = stepMasks?.[t];
    state = mask
      ? {
          h: tf.where(mask, next.h, state.h) as tf.Tensor2D,
          ...(next.c && state.c ? { c: tf.where(mask, next.c, state.c) as tf.Tensor2D } : {}),
        }
      : next;
    if (outputs && mask) {
      held = tf.where(mask, state.h, paddedOutputs === 'previous' ? held : zeros) as tf.Tensor2D;
      outputs[t] = held;
    } else if (outputs) {
      outputs[t] = state.h;
    }
  }
  return { final: state, outputs };
}
