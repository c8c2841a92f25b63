/**
 * The 'accuracy' metric per output position, as Keras picks it for `metrics=['accuracy']`
 * (keras/src/trainers/compile_utils.py, get_metric): binary accuracy when the loss is binary
 * cross-entropy or the output has one feature, sparse categorical accuracy for the sparse loss,
 * categorical accuracy otherwise.
 * - binary: the prediction is 1 where p > 0.5 (z > 0 for logits) and counts as correct where it
 *   equals y > 0.5 (Keras binary_accuracy, threshold 0.5), averaged over the last axis;
 * - categorical: argmax of the output equals argmax of the target (or the class id).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ResolvedLoss } from './resolved-loss.js';

export function accuracyPerPosition(
  loss: ResolvedLoss,
  output: tf.Tensor,
  targets: tf.Tensor,
): tf.Tensor {
  const features = output.shape[output.shape.length - 1];
  if (loss.name === 'sparseCategoricalCrossentropy') {
    return tf.cast(tf.equal(tf.argMax(output, -1), tf.cast(targets, 'int32')), 'float32');
  }
  if (loss.name === 'binaryCrossentropy' || features === 1) {
    const predicted = tf.cast(tf.greater(output, loss.fromLogits ? 0 : 0.5), 'float32');
    return tf.mean(
      tf.cast(tf.equal(predicted, tf.cast(tf.greater(targets, 0.5), 'float32')), 'float32'),
      -1,
    );
  }
  return tf.cast(tf.equal(tf.argMax(output, -1), tf.argMax(targets, -1)), 'float32');
}
