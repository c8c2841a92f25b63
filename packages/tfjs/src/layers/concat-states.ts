/**
 * `concatStates`: the listed layers' final states [dirs, batch, units] as [batch, dirs*units]
 * (forward before backward), concatenated on the feature axis in the listed order: the layout of
 * core's reference (packages/core/src/reference/concat-states.ts).
 */
import type { ConcatStatesLayer } from '@rnnkit/core';
import * as tf from '@tensorflow/tfjs-core';

export function concatStates(
  layer: ConcatStatesLayer,
  states: Record<string, { h: tf.Tensor3D; c?: tf.Tensor3D }>,
): tf.Tensor2D {
  const parts = layer.layers.map((name) => {
    const state = layer.kind === 'h' ? states[name]?.h : states[name]?.c;
    if (state === undefined) throw new Error(`tfjs: no final ${layer.kind} state of ${name}`);
    const [directions, batch, units] = state.shape;
    return tf.reshape(tf.transpose(state, [1, 0, 2]), [batch, directions * units]) as tf.Tensor2D;
  });
  return parts.length === 1 ? parts[0] : (tf.concat(parts, 1) as tf.Tensor2D);
}
