/** Embedding: a gather of table rows; token ids were range-checked by core before reaching here. */
import * as tf from '@tensorflow/tfjs-core';

/** tokens [time, batch] int32 -> [time, batch, outputDim]. */
export function embed(table: tf.Tensor2D, tokens: tf.Tensor2D): tf.Tensor3D {
  return tf.gather(table, tokens) as tf.Tensor as tf.Tensor3D;
}
