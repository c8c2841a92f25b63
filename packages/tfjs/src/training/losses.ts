/**
 * The four losses as differentiable tfjs ops, per output position (the last axis is reduced
 * here; batch and time are averaged by `meanOverPositions`). Formulas: docs/training.md, with the
 * framework sources; "logits" means the input of a final sigmoid / softmax.
 *
 * - binaryCrossentropy, per element, then the mean over the last axis (Keras's
 *   binary_crossentropy; PyTorch's BCELoss averages all elements, the same number when every
 *   position has the same width):
 *   - fromLogits, or probabilities from a sigmoid with clipping 'none': softplus(z) - y*z,
 *     which is -(y log σ(z) + (1-y) log(1-σ(z))) without forming σ(z) (stable, exact);
 *   - probabilities, 'none' (no logits at hand): -(y log p + (1-y) log(1-p));
 *   - 'pytorch': each log clamped at -100, with BCELoss's own backward (see below);
 *   - 'keras': p clipped to [1e-7, 1-1e-7] first (Keras 3 backend binary_crossentropy).
 * - categoricalCrossentropy: -Σ y log p over the last axis; fromLogits (or softmax
 *   probabilities with 'none') as -Σ y logSoftmax(z); 'keras' divides p by its sum and clips
 *   to [1e-7, 1-1e-7] (Keras 3 categorical_crossentropy); core's config validator refuses
 *   'pytorch' here (PyTorch has no categorical loss on probabilities).
 * - sparseCategoricalCrossentropy: the same with a one-hot of the class ids.
 * - meanSquaredError: mean over the last axis of (y - p)².
 * - A model ending in a logSoftmax Dense outputs log p: the categorical losses are −Σ y·output
 *   (PyTorch NLLLoss); core's checkConfigForModel refuses the other combinations.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TrainingForwardResult } from './forward/training-forward.js';
import {
  KERAS_EPSILON,
  PYTORCH_BCE_BACKWARD_EPSILON,
  PYTORCH_LOG_CLAMP,
  type ResolvedLoss,
} from './resolved-loss.js';

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
  const p = forward.output;
  if (loss.probabilityClipping === 'pytorch') return torchBinaryCrossentropy(p, y);
  const bounded =
    loss.probabilityClipping === 'keras' ? tf.clipByValue(p, KERAS_EPSILON, 1 - KERAS_EPSILON) : p;
  return tf.neg(
    tf.add(tf.mul(y, tf.log(bounded)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, bounded)))),
  );
}

/**
 * torch.nn.BCELoss per element, forward and backward as aten/src/ATen/native/Loss.cpp computes
 * them: (y - 1)·max(log(1 - p), -100) - y·max(log p, -100), and a backward that is not that
 * expression's derivative but (p - y) / max((1 - p)·p, 1e-12) (binary_cross_entropy_backward).
 */
function torchBinaryCrossentropy(p: tf.Tensor, y: tf.Tensor): tf.Tensor {
  const elementwise = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [probabilities, save] = args as [tf.Tensor, tf.GradSaveFunc];
    // The forward pass runs in its own tidy: what the backward reads must be saved, not captured.
    save([probabilities, y]);
    const value = tf.sub(
      tf.mul(tf.sub(y, 1), tf.maximum(tf.log(tf.sub(1, probabilities)), PYTORCH_LOG_CLAMP)),
      tf.mul(y, tf.maximum(tf.log(probabilities), PYTORCH_LOG_CLAMP)),
    );
    const gradFunc = (dy: tf.Tensor, [savedP, savedY]: tf.Tensor[]) =>
      tf.mul(
        dy,
        tf.div(
          tf.sub(savedP, savedY),
          tf.maximum(tf.mul(tf.sub(1, savedP), savedP), PYTORCH_BCE_BACKWARD_EPSILON),
        ),
      );
    return { value, gradFunc };
  });
  return elementwise(p);
}

function categoricalCrossentropy(
  loss: ResolvedLoss,
  forward: TrainingForwardResult,
  y: tf.Tensor,
): tf.Tensor {
  // A logSoftmax head: the output is log p already (NLLLoss; core's model-config-checks.ts).
  if (forward.logProbabilities) return tf.neg(tf.sum(tf.mul(y, forward.output), -1));
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
