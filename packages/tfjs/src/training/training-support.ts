/**
 * What the tfjs training engine refuses, beyond what the inference backend refuses. Each one is
 * something it would otherwise train differently from the reference (and PyTorch/Keras).
 */
import { findUntrainableFeature as findUntrainableSpecFeature, type ModelSpec } from '@rnnkit/core';
import type { Refusal } from '../support.js';

export function findUntrainableFeature(spec: ModelSpec): Refusal | undefined {
  const common = findUntrainableSpecFeature(spec);
  if (common) return common;
  for (const [index, layer] of spec.layers.entries()) {
    if (layer.type === 'dropout' && layer.rate > 0) {
      return {
        feature: `dropout during training (layers[${index}] '${layer.name}', rate ${layer.rate})`,
        reason:
          'dropout draws random masks that no two frameworks draw alike, so no trajectory could be checked; set rate 0 to train (the layer stays the identity at inference)',
      };
    }
  }
  return undefined;
}
