/**
 * selectStep and pooling as differentiable ops over time-major values [time, batch, features]
 * (core's reference/time-reduce.ts defines them; core's training/reference/time-reduce-tape.ts
 * their gradients, which these match):
 *
 * - selectStep: a slice of one position.
 * - mean: the sum over the counted positions ('all', or the real steps) divided by their count,
 *   a constant per example (an example without real steps pools to 0).
 * - max: tf.max's registered gradient gives EVERY tied maximum the full gradient, while PyTorch's
 *   `max(dim)` sends it to the first maximal index only (tools/autograd/derivatives.yaml,
 *   value_selecting_reduction_backward). Ties happen (paddedOutputs 'previous' repeats values),
 *   so max is written as a selection: the first maximal step per (example, feature) from
 *   tf.argMax (a constant, no gradient; it returns the first maximum), then a sum of
 *   where(selected, x, 0), whose gradient reaches the selected step only.
 */
import { type PoolingLayer, type SelectStepLayer, stepPosition } from '@rnnkit/core';
import * as tf from '@tensorflow/tfjs-core';

export function trainingSelectStep(layer: SelectStepLayer, x: tf.Tensor3D): tf.Tensor2D {
  const [time, batch, features] = x.shape;
  const t = stepPosition(layer.index, time);
  return tf.reshape(tf.slice(x, [t, 0, 0], [1, batch, features]), [batch, features]);
}

/** `mask` [time, batch] bool (true = real step) matters only with steps 'real'. */
export function trainingPooling(
  layer: PoolingLayer,
  x: tf.Tensor3D,
  mask: tf.Tensor2D | undefined,
  realMask: Uint8Array | undefined,
): tf.Tensor2D {
  const [time, batch, features] = x.shape;
  const masked = layer.steps === 'real' && mask !== undefined;
  const counted = masked
    ? (tf.broadcastTo(tf.reshape(mask, [time, batch, 1]), [time, batch, features]) as tf.Tensor3D)
    : undefined;
  if (layer.mode === 'mean') {
    if (!counted) return tf.mean(x, 0) as tf.Tensor2D;
    // Real steps per example (from the prepared run's [batch, time] mask), 1 where there are none.
    const counts = new Float32Array(batch);
    for (let b = 0; b < batch; b++) {
      let count = 0;
      for (let t = 0; t < time; t++) count += (realMask as Uint8Array)[b * time + t];
      counts[b] = Math.max(count, 1);
    }
    const sum = tf.sum(tf.where(counted, x, tf.zerosLike(x)), 0);
    return tf.div(sum, tf.tensor2d(counts, [batch, 1])) as tf.Tensor2D;
  }
  // First maximal step among the counted ones (padded ones cannot win: -Infinity).
  const candidates = counted ? tf.where(counted, x, tf.fill(x.shape, Number.NEGATIVE_INFINITY)) : x;
  const first = tf.argMax(candidates, 0);
  const selected = tf.reshape(
    tf.cast(tf.transpose(tf.oneHot(tf.reshape(first, [-1]), time), [1, 0]), 'bool'),
    [time, batch, features],
  );
  let pooled = tf.where(selected, x, tf.zerosLike(x));
  // An example without real steps selected a padded step: it pools to 0. (A second where, not a
  // logicalAnd of the masks: the tape walks back through the selection, and logicalAnd has no
  // registered gradient.)
  if (counted) pooled = tf.where(counted, pooled, tf.zerosLike(x));
  return tf.sum(pooled, 0) as tf.Tensor2D;
}
