/**
 * The layers that drop the time axis, on time-major values [time, batch, features]:
 * `selectStep` (one position) and `pooling` (mean or max over every position, or over the real
 * steps of `mask` [time, batch] bool only; an example without real steps gives 0, as the spec says).
 */
import { type PoolingLayer, stepPosition } from '@rnnkit/core';
import * as tf from '@tensorflow/tfjs-core';

export function selectStep(x: tf.Tensor3D, index: number): tf.Tensor2D {
  const [time, batch, features] = x.shape;
  const t = stepPosition(index, time);
  return tf.reshape(tf.slice(x, [t, 0, 0], [1, batch, features]), [batch, features]);
}

export function pool(
  x: tf.Tensor3D,
  layer: Pick<PoolingLayer, 'mode' | 'steps'>,
  mask: tf.Tensor2D | undefined,
): tf.Tensor2D {
  if (layer.steps === 'all' || !mask) {
    return (layer.mode === 'mean' ? tf.mean(x, 0) : tf.max(x, 0)) as tf.Tensor2D;
  }
  const real = tf.broadcastTo(tf.expandDims(mask, 2), x.shape) as tf.Tensor3D;
  // Per example: how many real steps (at least 1 in the divisor, so none gives 0 / 1 = 0).
  const count = tf.sum(tf.cast(tf.expandDims(mask, 2), 'float32'), 0) as tf.Tensor2D;
  if (layer.mode === 'mean') {
    const sum = tf.sum(tf.where(real, x, tf.zerosLike(x)), 0);
    return tf.div(sum, tf.maximum(count, 1)) as tf.Tensor2D;
  }
  const max = tf.max(tf.where(real, x, tf.fill(x.shape, Number.NEGATIVE_INFINITY)), 0);
  const any = tf.broadcastTo(tf.greater(count, 0), max.shape);
  return tf.where(any, max, tf.zerosLike(max)) as tf.Tensor2D;
}
