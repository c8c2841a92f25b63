/** How a bidirectional layer joins its directions (Keras merge_mode): forward first for concat. */

import type { MergeMode } from '@rnnkit/core';
import * as tf from '@tensorflow/tfjs-core';

export function merge(mode: MergeMode, forward: tf.Tensor, backward: tf.Tensor): tf.Tensor {
  switch (mode) {
    case 'concat':
      return tf.concat([forward, backward], -1);
    case 'sum':
      return tf.add(forward, backward);
    case 'ave':
      return tf.div(tf.add(forward, backward), 2);
    case 'mul':
      return tf.mul(forward, backward);
  }
}
