/**
 * Differentiable embedding lookup: tf.gather forward, and a backward that scatters the
 * incoming gradient rows back onto the table with tf.scatterND (which sums repeated ids).
 * tf.gather's own gradient needs UnsortedSegmentSum, a kernel tfjs-backend-wasm 4.22 does not
 * have; ScatterNd exists on every tfjs backend, so one path serves all four.
 */
import * as tf from '@tensorflow/tfjs-core';

/** ids [time, batch] int32 -> [time, batch, outputDim]. */
export function embeddingLookup(table: tf.Tensor2D, ids: tf.Tensor2D): tf.Tensor3D {
  const [time, batch] = ids.shape;
  const [inputDim, outputDim] = table.shape;
  const lookup = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [t, save] = args as [tf.Tensor, tf.GradSaveFunc];
    // The forward pass runs in its own tidy: what the backward reads must be saved, not captured.
    save([ids]);
    const value = tf.gather(t, ids) as tf.Tensor3D;
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) =>
      tf.scatterND(
        tf.reshape(saved[0], [time * batch, 1]),
        tf.reshape(dy, [time * batch, outputDim]),
        [inputDim, outputDim],
      );
    return { value, gradFunc };
  });
  return lookup(table) as tf.Tensor3D;
}
