/**
 * Gradient clipping by norm, the two scopes of the contract:
 * - 'global' (torch.nn.utils.clip_grad_norm_, torch/nn/utils/clip_grad.py): n = sqrt(Σ over all
 *   gradients of g²); when clipNorm / (n + 1e-6) < 1 every gradient is multiplied by it;
 * - 'perTensor' (Keras `clipnorm`, keras/src/optimizers/base_optimizer.py -> ops clip_by_norm):
 *   each gradient g becomes g · clipNorm / max(‖g‖, clipNorm).
 * Norms are summed in float32 on the device (tfjs has no float64); the reference sums in float64.
 */
import * as tf from '@tensorflow/tfjs-core';

/** PyTorch's clip_grad_norm_ adds this to the norm before dividing. */
const TORCH_NORM_EPSILON = 1e-6;

export function clipGradients(
  gradients: Map<string, tf.Tensor>,
  clipNorm: number | undefined,
  scope: 'global' | 'perTensor',
): Map<string, tf.Tensor> {
  if (clipNorm === undefined) return gradients;
  const clipped = new Map<string, tf.Tensor>();
  if (scope === 'perTensor') {
    for (const [name, g] of gradients) {
      const norm = tf.sqrt(tf.sum(tf.square(g)));
      clipped.set(name, tf.div(tf.mul(g, clipNorm), tf.maximum(norm, clipNorm)));
    }
    return clipped;
  }
  const squares = [...gradients.values()].map((g) => tf.sum(tf.square(g)));
  const norm = tf.sqrt(tf.addN(squares));
  // min(1, c / (n + 1e-6)): torch clamps the coefficient at 1 rather than branching.
  const coefficient = tf.minimum(tf.div(clipNorm, tf.add(norm, TORCH_NORM_EPSILON)), 1);
  for (const [name, g] of gradients) clipped.set(name, tf.mul(g, coefficient));
  return clipped;
}
