/** Embedding: a gather of table rows; token ids were range-checked by core before reaching here. */
import * as tf from '@tensorflow/tfjs-core';

/** tokens [time, batch] int32 -> [time, batch, outputDim]. */
export function embed(table: tf.Tensor2D, tokens: tf.Tensor2D): tf.Tensor3D {
  return tf.gather(table, tokens) as tf.Tensor as tf.Tensor3D;
}

/**
 * The same lookup done on the host, for cpu and wasm: tfjs-wasm's GatherV2 took ~11 ms for
 * 3,200 rows of 64 (batch 32 x 100 steps), where copying the rows in JavaScript takes well under
 * one. `tokens` is batch-major [batch, time]; the result is time-major [time, batch, outputDim].
 */
export function embedOnHost(
  table: Float32Array,
  outputDim: number,
  tokens: Int32Array,
  batch: number,
  time: number,
): tf.Tensor3D {
  const values = new Float32Array(time * batch * outputDim);
  for (let t = 0; t < time; t++) {
    for (let b = 0; b < batch; b++) {
      const row = tokens[b * time + t] * outputDim;
      values.set(table.subarray(row, row + outputDim), (t * batch + b) * outputDim);
    }
  }
  return tf.tensor3d(values, [time, batch, outputDim]);
}
