/**
 * `concatStates` as differentiable ops: the listed layers' final states side by side,
 * [batch, Σ directions·units], in the listed order and forward before backward within a layer
 * (core's reference/concat-states.ts; PyTorch's `torch.cat((h_n[-2], h_n[-1]), dim=1)`).
 * tf.concat's gradient slices the incoming gradient back to each state, so the states'
 * gradients enter their layers' backward pass through the time loop, as in core's reference.
 */
import type { ConcatStatesLayer } from '@rnnkit/core';
import * as tf from '@tensorflow/tfjs-core';
import type { TrainingCellState } from './training-cell.js';

export function trainingConcatStates(
  layer: ConcatStatesLayer,
  finals: ReadonlyMap<string, readonly TrainingCellState[]>,
): tf.Tensor2D {
  const parts = layer.layers.flatMap((name) =>
    (finals.get(name) ?? []).map((state) => {
      const part = layer.kind === 'h' ? state.h : state.c;
      // The validator lets concatStates list only earlier recurrent layers (c: LSTMs only).
      if (part === undefined) throw new Error(`no final ${layer.kind} state of layer ${name}`);
      return part;
    }),
  );
  return tf.concat(parts, 1) as tf.Tensor2D;
}
