/**
 * A recurrent layer's initial states per direction, from core's prepared run: zeros, or the
 * state given in run options / stateInputs ([directions, batch, units], float32 or float64),
 * split per direction. Shared by the inference forward (model/forward.ts) and the training
 * forward (training/forward/training-forward.ts); constants in both (no gradient flows to them).
 */
import type { PreparedRun, Tensor } from '@rnnkit/core';
import * as tf from '@tensorflow/tfjs-core';

/** Batch-major initial state of one direction: h (and c, LSTM) [batch, units]. */
export interface DirectionInitialState {
  h: tf.Tensor2D;
  c?: tf.Tensor2D;
}

export function initialStates(
  run: PreparedRun,
  name: string,
  directions: number,
  batch: number,
  units: number,
  hasCell: boolean,
): DirectionInitialState[] {
  const given = run.initialState[name];
  const split = (tensor: Tensor | undefined): tf.Tensor2D[] => {
    if (!tensor)
      return Array.from({ length: directions }, () => tf.zeros([batch, units]) as tf.Tensor2D);
    const data =
      tensor.data instanceof Float32Array
        ? tensor.data
        : Float32Array.from(tensor.data as Float64Array);
    return tf.unstack(tf.tensor3d(data, [directions, batch, units])) as tf.Tensor2D[];
  };
  const h = split(given?.h);
  const c = hasCell ? split(given?.c) : undefined;
  return h.map((hd, d) => (c ? { h: hd, c: c[d] } : { h: hd }));
}
