/**
 * The four losses as differentiable tfjs ops, per output position (the last axis is reduced
 * here; batch and time are averaged by `meanOverPositions`). Formulas: docs/training.md (core)
 * and below; "logits" means the input of a final sigmoid / softmax.
 *
 * - binaryCrossentropy, per element, then the mean over the last axis (Keras's
 *   binary_crossentropy; PyTorch's BCELoss averages all elements, the same number when every
 *   position has the same width):
 *   - fromLogits, or probabilities from a sigmoid with clipping 'none': softplus(z) - y*z,
 *     which is -(y log σ(z) + (1-y) log(1-σ(z))) without forming σ(z) (stable, exact);
 *   - probabilities, 'none' (no logits at hand): -(y log p + (1-y) log(1-p));
 *   - 'pytorch': each log clamped at -100 (torch.nn.BCELoss, aten binary_cross_entropy);
 *   - 'keras': p clipped to [1e-7, 1-1e-7] first (Keras 3 backend binary_crossentropy).
 * - categoricalCrossentropy: -Σ y log p over the last axis; fromLogits (or softmax
 *   probabilities with 'none') as -Σ y logSoftmax(z); 'keras' divides p by its sum and clips
 *   to [1e-7, 1-1e-7] (Keras 3 categorical_crossentropy); 'pytorch' is the plain log (PyTorch
 *   clamps only in BCELoss).
 * - sparseCategoricalCrossentropy: the same with a one-hot of the class ids.
 * - meanSquaredError: mean over the last axis of (y - p)².
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TrainingForwardResult } from './forward/training-forward.js';
import { KERAS_EPSILON, PYTORCH_LOG_CLAMP, type ResolvedLoss } from './resolved-loss.js';

/** Per-position loss: the output's shape without its last axis ([batch] or [batch, time]). */
export function lossPerPosition(
  loss: ResolvedLoss,
  forward: TrainingForwardResult,
  targets: tf.Tensor,
): tf.Tensor {
  const p = forward.output;
  switch (loss.name) {
    case 'meanSquaredError':
      return tf.mean(tf.squaredDifference(targets, p), -1);
    case 'binaryCrossentropy':
      return tf.mean(binaryCrossentropy(loss, forward, targets), -1);
    case 'categoricalCrossentropy':
      return categoricalCrossentropy(loss, forward, targets);
    case 'sparseCategoricalCrossentropy': {
      const classes = p.shape[p.shape.length - 1];
      const oneHot = tf.cast(tf.oneHot(tf.cast(targets, 'int32'), classes), 'float32');
      return categoricalCrossentropy(loss, forward, oneHot);
    }
  }
}

function logitsFor(
  loss: ResolvedLoss,
  forward: TrainingForwardResult,
  activation: 'sigmoid' | 'softmax',
): tf.Tensor | undefined {
  if (loss.fromLogits) return forward.output;
  if (loss.probabilityClipping === 'none' && forward.logits?.activation === activation)
    return forward.logits.value;
  return undefined;
}

function binaryCrossentropy(
  loss: ResolvedLoss,
  forward: TrainingForwardResult,
  y: tf.Tensor,
): tf.Tensor {
  const z = logitsFor(loss, forward, 'sigmoid');
  if (z) return tf.sub(tf.softplus(z), tf.mul(y, z));
  let p = forward.output;
  if (loss.probabilityClipping === 'keras') p = tf.clipByValue(p, KERAS_EPSILON, 1 - KERAS_EPSILON);
  let logP = tf.log(p);
  let log1mP = tf.log1p(tf.neg(p));
  if (loss.probabilityClipping === 'pytorch') {
    logP = tf.maximum(logP, PYTORCH_LOG_CLAMP);
    log1mP = tf.maximum(log1mP, PYTORCH_LOG_CLAMP);
  }
  return tf.neg(tf.add(tf.mul(y, logP), tf.mul(tf.sub(1, y), log1mP)));
}

function categoricalCrossentropy(
  loss: ResolvedLoss,
  forward: TrainingForwardResult,
  y: tf.Tensor,
): tf.Tensor {
  const z = logitsFor(loss, forward, 'softmax');
  if (z) return tf.neg(tf.sum(tf.mul(y, tf.logSoftmax(z)), -1));
  let p = forward.output;
  if (loss.probabilityClipping === 'keras') {
    p = tf.clipByValue(tf.div(p, tf.sum(p, -1, true)), KERAS_EPSILON, 1 - KERAS_EPSILON);
  }
  return tf.neg(tf.sum(tf.mul(y, tf.log(p)), -1));
}

/**
 * The batch's loss: the mean over real positions. `mask` ([batch, time], true = real) is given
 * for sequence outputs with padding; a padded position's value is replaced by 0 with where (not
 * multiplied by 0), so even a non-finite loss there cannot leak into the mean or the gradient.
 */
export function meanOverPositions(
  perPosition: tf.Tensor,
  mask: tf.Tensor | undefined,
  realCount: number,
): tf.Scalar {
  if (!mask) return tf.mean(perPosition);
  const kept = tf.where(mask, perPosition, tf.zerosLike(perPosition));
  return tf.div(tf.sum(kept), realCount);
}
